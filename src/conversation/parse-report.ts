// Reports typed as "汇报 8 本季度已完成投资300亿元", "8：…", "8 …", "第8项：…", several in one
// message with each line starting with a task number (lines that do not start a new item
// continue the previous one).
import { foldWidth } from "./prepare-text";

export interface ReportItem {
  no: number;
  text: string;
}

/** "8：…", "8 …", "8. …", "8号 …", "第8项：…": a number, a separator, then text. */
const ITEM = /^(?:(第)\s*(\d{1,4})\s*[项号]|(\d{1,4})\s*[项号]?)\s*([:,，、]|\.(?!\d)|\s)\s*(\S.*)$/s;
/** After the explicit "汇报" keyword the separator may be left out: "汇报8本季度…", "汇报 8". */
const AFTER_KEYWORD = /^(?:第\s*)?(\d{1,4})\s*[项号]?\s*(?:[:,，、]|\.(?!\d))?\s*(.*)$/s;

interface ItemStart {
  no: number;
  /** Characters at the end of the line that are the report text. */
  textLength: number;
  /** "strong" ("8：", "第8项", "汇报 8") always starts an item; otherwise the separator used. */
  style: string;
}

function itemOf(line: string): ItemStart | null {
  const keyword = /^汇报\s*/.exec(line);
  if (keyword) {
    const m = AFTER_KEYWORD.exec(line.slice(keyword[0].length));
    return m ? { no: Number(m[1]), textLength: (m[2] ?? "").length, style: "strong" } : null;
  }
  const m = ITEM.exec(line);
  if (!m) return null;
  const sep = /\s/.test(m[4]!) ? " " : m[4]!;
  return { no: Number(m[2] ?? m[3]), textLength: m[5]!.length, style: m[1] || sep === ":" ? "strong" : sep };
}

/**
 * The report items in a message, or null when its first line is not one. The message is
 * matched in its width-folded form; the report text is cut from the original, so "，" stays "，".
 *
 * After the first item, a line starts another item when it is written like a task line: a
 * strong form ("13：", "第13项", "汇报 13"), or the first item's own separator ("12. …" then
 * "13. …"). Numbered points inside a report ("完成以下工作：\n1. …\n2. …") stay in it: they use
 * another separator, or restart at 1 and count up.
 */
export function parseReport(original: string): ReportItem[] | null {
  const items: ReportItem[] = [];
  let firstStyle = "";
  let subPoint = 0; // the last number of a numbered list inside the current item
  for (const rawLine of original.split("\n")) {
    const line = rawLine.trim();
    const start = itemOf(foldWidth(line));
    if (!items.length) {
      if (!start) return null;
      items.push({ no: start.no, text: line.slice(line.length - start.textLength).trim() });
      firstStyle = start.style;
      continue;
    }
    const isSubPoint = start && start.style !== "strong" && (start.no === 1 || (subPoint > 0 && start.no === subPoint + 1));
    if (start && !isSubPoint && (start.style === "strong" || start.style === firstStyle)) {
      items.push({ no: start.no, text: line.slice(line.length - start.textLength).trim() });
      subPoint = 0;
    } else if (line) {
      if (start && isSubPoint) subPoint = start.no;
      const last = items[items.length - 1]!;
      last.text = last.text ? `${last.text}\n${line}` : line;
    }
  }
  return items;
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
