// The 时间节点 of a 落实方案 as one text → its milestones, each with its date resolved.
//
// Units write them as a list ("3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"),
// numbered ("1. …", "（1）…", "一是…"), one a line, or run together with "，", "、" or "。". The
// separators are ；;，,、。 and new lines, with two exceptions that keep one milestone whole:
// - a date alone before a comma belongs to the action after it: "6月30日前，出台实施意见";
// - a piece with no date of its own after "，" or "、" continues the milestone before it:
//   "3月底前完成摸底调查、建立工作台账" is one milestone with one deadline, not a second,
//   undated one. Only a piece after "；", a new line or a list number stands alone undated.
import { resolveDueDate } from "./resolve-due-date";

export interface ParsedMilestone {
  /** 1-based, what "节点2" names. */
  position: number;
  text: string;
  /** YYYY-MM-DD, or null when the text gives no date (the reply flags it). */
  dueDate: string | null;
  dueText: string | null;
}

/** "1.", "1、", "（1）", "(1)", "①", "一是", "一、", "第一，", "其一，" at the start of a piece. */
const ENUMERATOR = /^\s*(?:\d{1,2}\s*[.、．)）]|[(（]\s*\d{1,2}\s*[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}\s*(?:是|、|[.．])|(?:第|其)[一二三四五六七八九十]{1,3}\s*[,，、:：]?)\s*/;
const STRONG = /[；;\n]|(?:^|(?<=[,，。、\s]))(?=(?:\d{1,2}\s*[.．)）](?!\d)|[(（]\s*\d{1,2}\s*[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}是))/;
/** Weak separators: a dated piece after them is a new milestone, an undated one continues. "。" too: units end each milestone with it. */
const WEAK = /([,，、。])/;
/** What may be left of a piece once its date is taken out, if it is only a date. */
const DATE_ONLY_REST = /^[\s,，。.、:：]*(?:之前|以前|前|以内|内|完成时限)?[\s,，。.、:：]*$/;

/**
 * A Word table pasted as tab-separated rows ("序号\t时间\t工作内容", "1\t3月底前\t完成摸底"): its
 * header row (short cells, no date) is no milestone and its serial cell no part of the text —
 * else the header would be 节点1 and "节点1 已完成" would close it instead of the table's row 1.
 */
function untable(text: string, planYear: number): string {
  return text
    .split("\n")
    .flatMap((line) => {
      if (!line.includes("\t")) return [line];
      const cells = line.split("\t").map((c) => c.trim()).filter(Boolean);
      if (cells.length > 1 && /^\d{1,2}[.、．]?$/.test(cells[0]!)) cells.shift();
      if (!resolveDueDate(cells.join(" "), planYear) && cells.length > 1 && cells.every((c) => c.length <= 6)) return [];
      return [cells.join(" ")];
    })
    .join("\n");
}

/**
 * "3月底前完成摸底调查 6月底前出台意见": a space before a date, after a dated milestone that has
 * its action, starts another milestone — else the later ones would be part of the first, never
 * reminded. A space after a bare date or year ("2020年 3月底前", "3月底前 完成") joins.
 */
function splitSpaced(piece: string, planYear: number): string[] {
  const out: string[] = [];
  let start = 0;
  for (const ws of piece.matchAll(/\s+/g)) {
    const seg = piece.slice(start, ws.index);
    const next = piece.slice(ws.index + ws[0].length);
    if (/[-—–~～至到]$/.test(seg) || /^[-—–~～至到]/.test(next)) continue; // "7月1日 - 9月30日": a range
    const own = resolveDueDate(seg, planYear);
    if (!own || DATE_ONLY_REST.test(seg.slice(0, own.start) + seg.slice(own.end))) continue;
    if (resolveDueDate(next, planYear)?.start !== 0) continue;
    out.push(seg);
    start = ws.index + ws[0].length;
  }
  out.push(piece.slice(start));
  return out;
}

export function splitMilestones(text: string, planYear: number): ParsedMilestone[] {
  const out: { text: string; due: ReturnType<typeof resolveDueDate> }[] = [];
  for (const strong of untable(text, planYear).split(STRONG).flatMap((p) => splitSpaced(p, planYear))) {
    const piece = strong.replace(ENUMERATOR, "").replace(/[。.\s]+$/, "").trim();
    if (!piece) continue;
    let current: { text: string; due: ReturnType<typeof resolveDueDate> } | null = null;
    let pendingDate = "";
    // Split keeping each separator, so a piece joined back keeps the writer's own punctuation.
    const tokens = piece.split(WEAK);
    for (let k = 0; k < tokens.length; k += 2) {
      const sep = k > 0 ? tokens[k - 1]! : "";
      const part = tokens[k]!.trim();
      if (!part) continue;
      const due = resolveDueDate(part, planYear);
      if (due && DATE_ONLY_REST.test(part.slice(0, due.start) + part.slice(due.end))) {
        // "6月30日前，出台实施意见": the date waits for its action.
        pendingDate = pendingDate ? `${pendingDate}${sep}${part}` : part;
        continue;
      }
      if (pendingDate) {
        const joined = `${pendingDate}${sep}${part}`;
        current = { text: joined, due: resolveDueDate(joined, planYear) };
        out.push(current);
        pendingDate = "";
      } else if (due || !current) {
        current = { text: part, due };
        out.push(current);
      } else {
        current.text = `${current.text}${sep}${part}`;
      }
    }
    if (pendingDate) out.push({ text: pendingDate, due: resolveDueDate(pendingDate, planYear) });
  }
  return out.map((m, i) => ({ position: i + 1, text: m.text, dueDate: m.due?.date ?? null, dueText: m.due?.text ?? null }));
}
