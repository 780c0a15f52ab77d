// The quarter a report's own words date it to, read from the opening of its text: month
// names ("4月份以来…", "1-5月…", "截至8月底…"), quarters ("二季度…", "上半年…", "前三季度…"),
// holidays ("国庆期间…", "春节前…"), "上季度" (relative to the day it is sent), "全年" once the
// year's last quarter has begun. These decide the period together with the date; the late
// window only applies when a text says nothing about time.
//
// What is not a claim: words looking forward ("三季度将启动…", "10月计划…"), a quarter that has
// not begun, a target ("全年目标完成55%"), another year ("2019年度…已整改"), "本季度" (in a
// catch-up report it means the quarter being reported, which the catch-up rule decides), and
// cumulative phrases ("一季度以来", "今年以来") that cover up to today.
import type { PeriodAsk } from "../../reporting/report-period";
import { toNumber } from "../task-number";

export interface PeriodClaim {
  ask: PeriodAsk & { kind: "named" | "previous" };
  /** The words that made it: shown in the reply so the liaison sees why. */
  why: string;
}

/** China's calendar quarter of a date (business dates are China's, whatever the server's TZ). */
export function chinaQuarter(now: Date): { year: number; quarter: 1 | 2 | 3 | 4 } {
  const d = new Date(now.getTime() + 8 * 3600_000);
  return { year: d.getUTCFullYear(), quarter: (Math.floor(d.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4 };
}

const MONTH = "(\\d{1,2}|十[一二]?|[一二三四五六七八九])";
const AHEAD = /^[^，,。；;\n]{0,6}?(?:将|拟|计划|预计|争取|准备|力争|要|需|目标|任务|预期|开始将)/;
const OPENING = 14; // characters of the text's opening that may carry the time words

const HOLIDAYS: [RegExp, number][] = [
  [/^(?:春节|元宵)/, 1],
  [/^(?:清明|五一|劳动节|端午)/, 2],
  [/^(?:暑期|暑假|七一|建党)/, 3],
  [/^(?:国庆|双节|十一期间|十一黄金周)/, 4],
];

function monthNumber(s: string): number | null {
  const n = /^\d+$/.test(s) ? Number(s) : toNumber(s);
  return n && n >= 1 && n <= 12 ? n : null;
}

/**
 * The period the text's opening claims, given when it is sent and the plan's year; null when it
 * says nothing that dates it.
 */
export function periodClaimOf(text: string, now: Date, planYear: number): PeriodClaim | null {
  let t = text.trim().replace(/^(?:截至|截止|截止到|截至到|截止至|自|从|今年|本年|[（(]?20\d\d年)\s*/, "");
  const yearWord = /^(20\d\d)\s*年(?!度)/.exec(text.trim().replace(/^(?:截至|截止|自|从)\s*/, ""));
  if (yearWord && Number(yearWord[1]) !== planYear) return null;
  t = t.replace(/^(20\d\d)\s*年\s*/, "");
  const today = chinaQuarter(now);
  const notFuture = (q: number): boolean => today.year > planYear || (today.year === planYear && q <= today.quarter);
  const claim = (quarter: number, why: string): PeriodClaim | null =>
    notFuture(quarter) ? { ask: { kind: "named", year: planYear, quarter: quarter as 1 | 2 | 3 | 4 }, why } : null;
  const opening = t.slice(0, OPENING);

  // A range of months: the quarter of its last month ("1-5月" → Q2).
  const range = new RegExp(`^${MONTH}\\s*(?:-|—|~|～|至|到)\\s*${MONTH}\\s*月`).exec(opening);
  if (range) {
    const end = monthNumber(range[2]!);
    if (end && !AHEAD.test(t.slice(range[0].length))) return claim(Math.ceil(end / 3), range[0]);
    return null;
  }
  const month = new RegExp(`^${MONTH}\\s*月(?:份)?(?:以来|中旬|上旬|下旬|底|初|末|中|份|期间|内|里)?`).exec(opening);
  if (month) {
    const m = monthNumber(month[1]!);
    // "12:00" is read before this; "3月" right after a task number is the text's own date.
    if (!m || AHEAD.test(t.slice(month[0].length))) return null;
    return claim(Math.ceil(m / 3), month[0]);
  }
  const quarter = /^(?:第)?([一二三四1-4])\s*季度(?!以来)/.exec(opening);
  if (quarter) {
    if (AHEAD.test(t.slice(quarter[0].length))) return null;
    return claim(toNumber(quarter[1]!) ?? Number(quarter[1]), quarter[0]);
  }
  const half = /^(上半年|前三季度|下半年)(?!以来)/.exec(opening);
  if (half) {
    if (AHEAD.test(t.slice(half[0].length))) return null;
    return claim(half[1] === "上半年" ? 2 : half[1] === "前三季度" ? 3 : 4, half[1]!);
  }
  if (/^(?:上季度|上一季度|上个季度)/.test(opening)) return { ask: { kind: "previous" }, why: "上季度" };
  // "全年…" / "年度…" only once the last quarter has begun: before that it is a target or a plan.
  if (/^(?:全年|年度|年终|本年度)(?!目标|计划|任务|预计|将|力争|争取)/.test(opening) && (today.year > planYear || today.quarter === 4)) return claim(4, "全年");
  for (const [re, q] of HOLIDAYS) {
    const h = re.exec(opening);
    if (h && !AHEAD.test(t.slice(h[0].length))) return claim(q, h[0]);
  }
  return null;
}
