// Numbers as people type them where duban expects a task number or a page: "12", "１２"
// (folded before we see it), "十二", "一百零五", "两". Chinese numerals are checked against a
// strict pattern first and only then decoded with nzh, because nzh is lenient ("一二" → 12,
// "十二项" → 12) and a wrong number files a report under the wrong task.
import Nzh from "nzh";

// "两" is left out on purpose: "两项" is a count ("12、13 两项均已…"), never a task number.
const D = "[一二三四五六七八九]";
/** 一 … 九百九十九 written the standard way: 十二, 二十, 一百零五, 一百二十, 百. */
const CN = `(?:${D}?百(?:零${D}|${D}?十${D}?)?|${D}?十${D}?|${D})`;

/** A task number, Arabic (1–4 digits) or a Chinese numeral, as a regex source (no groups). */
export const NUMBER_SOURCE = `(?:\\d{1,4}|${CN})`;
export const ARABIC_SOURCE = "\\d{1,4}";
export const CHINESE_SOURCE = CN;

const CN_ONLY = new RegExp(`^${CN}$`);

/** "12" → 12, "十二" → 12, "一百零五" → 105; anything else → null. */
export function toNumber(s: string): number | null {
  const t = s.trim();
  if (/^\d{1,4}$/.test(t)) return Number(t);
  if (!CN_ONLY.test(t)) return null;
  const n = Number(Nzh.cn.decodeS(t));
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** True when the string is a Chinese numeral, not Arabic digits. */
export function isChineseNumeral(s: string): boolean {
  return CN_ONLY.test(s.trim());
}
