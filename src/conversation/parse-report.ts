// Reports typed as "汇报 8 本季度已完成投资300亿元", "8：…", "8 …", "第8项：…", several in one
// message with each line starting with a task number (lines that do not start a new item
// continue the previous one).
import { foldWidth } from "./prepare-text";

export interface ReportItem {
  no: number;
  text: string;
}

/** "8：…", "8 …", "8. …", "8号 …", "第8项：…": a number, a separator, then text. */
const ITEM = /^(?:第\s*(\d{1,4})\s*[项号]|(\d{1,4})\s*[项号]?)\s*(?:[:,，、]|\.(?!\d)|\s)\s*(\S.*)$/s;
/** After the explicit "汇报" keyword the separator may be left out: "汇报8本季度…", "汇报 8". */
const AFTER_KEYWORD = /^(?:第\s*)?(\d{1,4})\s*[项号]?\s*(?:[:,，、]|\.(?!\d))?\s*(.*)$/s;

/** The task number and how many characters at the end of the line are the report text. */
function itemOf(line: string): { no: number; textLength: number } | null {
  const keyword = /^汇报\s*/.exec(line);
  const m = keyword ? AFTER_KEYWORD.exec(line.slice(keyword[0].length)) : ITEM.exec(line);
  if (!m) return null;
  const body = keyword ? m[2] : m[3];
  return { no: Number(keyword ? m[1] : (m[1] ?? m[2])), textLength: (body ?? "").length };
}

/**
 * The report items in a message, or null when its first line is not one. The message is
 * matched in its width-folded form; the report text is cut from the original, so "，" stays "，".
 */
export function parseReport(original: string): ReportItem[] | null {
  const items: ReportItem[] = [];
  for (const rawLine of original.split("\n")) {
    const line = rawLine.trim();
    const item = itemOf(foldWidth(line));
    if (item) items.push({ no: item.no, text: line.slice(line.length - item.textLength).trim() });
    else if (items.length === 0) return null;
    else if (line) {
      const last = items[items.length - 1]!;
      last.text = last.text ? `${last.text}\n${line}` : line;
    }
  }
  return items.length ? items : null;
}

/** Task numbers a quoted reminder lists ("8. 着力抓好…", "第8项"), in order, without repeats. */
export function taskNumbersIn(quoted: string): number[] {
  const found: number[] = [];
  for (const m of quoted.matchAll(/(?:^|\n)\s*(\d{1,4})\s*[.、．:：]|第\s*(\d{1,4})\s*项/g)) {
    const n = Number(m[1] ?? m[2]);
    if (!found.includes(n)) found.push(n);
  }
  return found;
}
