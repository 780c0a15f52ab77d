// The date of one 时间节点 as units write it, resolved within the plan's year: "3月底前" →
// 03-31, "6月30日前" → 06-30, "年底前"/"年内" → 12-31, "二季度末"/"第二季度" → 06-30, "上半年" →
// 06-30, "9月上旬/中旬/下旬" → 09-10/09-20/09-30, "十月底前" → 10-31, "12月份" → 12-31.
// A year written in the text ("2021年3月底前", "明年3月底前") wins over the plan's year. The
// date taken is the latest day the words allow: a milestone is late only once that day has passed.
import Nzh from "nzh";
import { foldWidth } from "../conversation/prepare-text";

export interface DueDate {
  /** YYYY-MM-DD */
  date: string;
  /** The words as written ("6月30日前"), for echoing back. */
  text: string;
  /** Where the words start and end in the input. */
  start: number;
  end: number;
}

const CN_DIGIT = "[一二三四五六七八九十两]";
const MONTH = `(\\d{1,2}|十[一二]?|[一二三四五六七八九])`;
const DAY = `(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])`;
const YEAR = `(?:(\\d{4})\\s*年|(今年|本年|明年|次年|当年))?`;
const BEFORE = `(?:之前|以前|前|以内|内)?`;
const QUARTER = `(?:第)?([一二三四1-4])季度`;

/** Each form, tried at every position; the first that matches at the earliest position wins. */
const FORMS: { re: RegExp; resolve: (m: RegExpExecArray, year: number) => string | null }[] = [
  // "6月30日前", "2021年3月15日"
  { re: new RegExp(`${YEAR}${MONTH}\\s*月\\s*${DAY}\\s*[日号]${BEFORE}`, "y"), resolve: (m, y) => ymd(y, num(m[3]!), num(m[4]!)) },
  // "3-6月", "3月至6月", "3至6月底前": the range ends with its last month.
  { re: new RegExp(`${YEAR}${MONTH}\\s*(?:月)?\\s*(?:[-—~～至到])\\s*${MONTH}\\s*月\\s*(?:底|末|份|中下旬|下旬)?${BEFORE}`, "y"), resolve: (m, y) => monthEnd(y, num(m[4]!)) },
  // "9月上旬", "9月中旬", "9月下旬", "3月底前", "12月份", "3月末", "5月初"
  {
    re: new RegExp(`${YEAR}${MONTH}\\s*月\\s*(上旬|中旬|下旬|底|末|份|内|初|中)?${BEFORE}`, "y"),
    resolve: (m, y) => {
      const month = num(m[3]!);
      const part = m[4];
      if (part === "上旬" || part === "初") return ymd(y, month, 10);
      if (part === "中旬" || part === "中") return ymd(y, month, 20);
      return monthEnd(y, month);
    },
  },
  // "二季度末", "第二季度", "一季度前"
  { re: new RegExp(`${YEAR}${QUARTER}(?:末|底|内|前|结束前)?${BEFORE}`, "y"), resolve: (m, y) => monthEnd(y, quarterNo(m[3]!) * 3) },
  // "前三季度": by the end of the third quarter.
  { re: new RegExp(`${YEAR}前([一二三1-3])(?:个)?季度`, "y"), resolve: (m, y) => monthEnd(y, quarterNo(m[3]!) * 3) },
  // "上半年", "下半年"
  { re: new RegExp(`${YEAR}(上|下)半年(?:末|底)?${BEFORE}`, "y"), resolve: (m, y) => (m[3] === "上" ? ymd(y, 6, 30) : ymd(y, 12, 31)) },
  // "年底前", "年内", "年末", "全年", "2021年底前", "今年年底"; "年前" is before the Spring
  // Festival in speech, so it is left undated rather than guessed.
  { re: new RegExp(`(?:(\\d{4})\\s*(?:年(?=年))?|(今年|本年|明年|次年|当年))?(?:年底|年末|年内|全年|年终)${BEFORE}`, "y"), resolve: (m, y) => ymd(y, 12, 31) },
];

/** The first date phrase in a milestone's text, resolved; null when it names no date. */
export function resolveDueDate(written: string, planYear: number): DueDate | null {
  // Full-width digits fold one character for one, so positions stay those of the text as written.
  const text = foldWidth(written);
  for (let i = 0; i < text.length; i++) {
    for (const { re, resolve } of FORMS) {
      // Not inside a longer number: "13月" is no month 3.
      if (/\d/.test(text[i - 1] ?? "") && /\d/.test(text[i]!)) continue;
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m || !m[0].trim()) continue;
      const year = yearOf(m[1], m[2], planYear);
      const date = resolve(m, year);
      if (!date) continue;
      // "7月1日-9月30日", "3月中旬—4月底", "5月10日-20日": a range is due on its last day.
      const to = rangeEnd(text, i + m[0].length, year, date, planYear);
      const end = to?.end ?? i + m[0].length;
      return { date: to?.date ?? date, text: written.slice(i, end).trim(), start: i, end };
    }
  }
  return null;
}

const RANGE_SEP = /^\s*(?:[-—–~～]+|至|到)\s*/;

/** The end of a range starting at `from` (right after its first date), if one follows there. */
function rangeEnd(text: string, from: number, year: number, startDate: string, planYear: number): { date: string; end: number } | null {
  const sep = RANGE_SEP.exec(text.slice(from));
  if (!sep) return null;
  const at = from + sep[0].length;
  // "5月10日-20日": the day alone, in the first date's month.
  const day = new RegExp(`^${DAY}\\s*[日号]${BEFORE}`).exec(text.slice(at));
  if (day) {
    const date = ymd(year, Number(startDate.slice(5, 7)), num(day[1]!));
    return date && date >= startDate ? { date, end: at + day[0].length } : null;
  }
  for (const { re, resolve } of FORMS) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || !m[0].trim()) continue;
    const date = resolve(m, yearOf(m[1], m[2], m[1] || m[2] ? planYear : year));
    if (date && date >= startDate) return { date, end: at + m[0].length };
  }
  return null;
}

function yearOf(digits: string | undefined, word: string | undefined, planYear: number): number {
  if (digits) return Number(digits);
  if (word === "明年" || word === "次年") return planYear + 1;
  return planYear;
}

function quarterNo(s: string): number {
  return /\d/.test(s) ? Number(s) : num(s);
}

/** "12" or "十二" → 12; NaN when neither. */
function num(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!new RegExp(`^${CN_DIGIT}+$`).test(s)) return Number.NaN;
  return Number(Nzh.cn.decodeS(s.replace("两", "二")));
}

function ymd(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(m) || m < 1 || m > 12 || !Number.isInteger(d) || d < 1) return null;
  if (d > daysIn(y, m)) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function monthEnd(y: number, m: number): string | null {
  return Number.isInteger(m) && m >= 1 && m <= 12 ? ymd(y, m, daysIn(y, m)) : null;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
