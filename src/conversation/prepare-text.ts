// What a person typed, in two forms. `text`: full-width digits and punctuation made
// half-width line by line (newlines kept: several reports may come in one message) and the
// leading "@机器人名" that group messages carry removed — what commands are matched against.
// `original`: the same message as typed (mention removed), so a stored report keeps the
// writer's own punctuation (留痕).
import { normalizeText } from "../plan/normalize-text";

export interface PreparedText {
  text: string;
  original: string;
}

/** "@督办助手 我的任务", "@督办助手\u2005我的任务" (WeCom puts a narrow space after mentions). */
const LEADING_MENTIONS = /^(?:[@＠][^\s@＠]+[\s\u2005\u3000]*)+/;

export function prepareText(raw: string): PreparedText {
  const original = raw.replace(/\r\n?/g, "\n").trim().replace(LEADING_MENTIONS, "").trim();
  const text = original
    .split("\n")
    .map((l) => normalizeText(l))
    .join("\n")
    .trim();
  return { text, original };
}

/**
 * Full-width ASCII → ASCII and the ideographic space → " ", one UTF-16 unit for one, so a
 * position in the folded text is the same position in the original.
 */
export function foldWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}
