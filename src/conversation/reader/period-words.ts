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
  [/^(?:国庆|双节|十一期间|十一黄金周|十一假期|“十一”)/, 4],
];

function monthNumber(s: string): number | null {
  const n = /^\d+$/.test(s) ? Number(s) : toNumber(s);
  return n && n >= 1 && n <= 12 ? n : null;
}

/** Days since the current quarter began (China time). */
function daysIntoQuarter(now: Date): number {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const start = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
  return Math.floor((d.getTime() - start) / 86_400_000);
}

/** The first weeks of a quarter, when "本季度" in a catch-up report means the quarter being reported. */
const REPORTING_DAYS = 15;

/** A mention inside the text: a quarter, a month with a day or 份/以来/旬, a holiday, the year. */
const MENTION = new RegExp(
  [
    "(?<q>第?[一二三四]季度)(?!以来|末前|底前|将|计划|拟|预计|目标任务)",
    `(?<m>${MONTH})月(?:份|中旬|上旬|下旬|初|\\d{1,2}\\s*[日号]|以来|期间)(?!前|底前|将)`,
    `(?<me>${MONTH})月(?:底|末)(?!前)`,
    "(?<h>国庆|中秋国庆|双节|十一假期|“十一”|\"十一\"|双十一|双11|11\\.11|春节|元宵|五一|劳动节|端午|清明)(?!以来|前后以来)",
    "(?<y>全年|年度|本年度|年终|年底)(?!目标|计划|任务|预计|将|力争|争取|的目标|前)",
  ].join("|"),
  "g",
);
/** A comparison or another year before a mention: "较一季度增长", "去年同期", "2019年3月". */
const NOT_OURS_BEFORE = /(?:较|比|同比|环比|与|和|跟|去年|上年|同期|预计|计划|将于|力争|争取|下一步|下步|20\d\d年?)\s*$/;
const HOLIDAY_QUARTER: Record<string, number> = { 双十一: 4, 双11: 4, "11.11": 4, 国庆: 4, 中秋国庆: 4, 双节: 4, 十一假期: 4, "“十一”": 4, '"十一"': 4, 春节: 1, 元宵: 1, 五一: 2, 劳动节: 2, 端午: 2, 清明: 2 };

/**
 * The period the text claims, given when it is sent and the plan's year; null when it says
 * nothing that dates it. The opening decides first ("4月份以来…", "二季度…"); otherwise the
 * latest quarter the text mentions as past ("已完成二季度目标", "住院部6月15日整体搬迁"), never a
 * future one. Another year's date at the opening ("2019年12月完成…", "去年四季度…") is a claim on
 * that year, which the plan refuses.
 */
export function periodClaimOf(text: string, now: Date, planYear: number): PeriodClaim | null {
  const raw = text.trim();
  const other = /^(?:截至|截止|自|从)?\s*(?:(20\d\d)\s*年\s*(?:(\d{1,2})\s*月|第?([一二三四])\s*季度)|去年\s*(?:第?([一二三四])\s*季度|(\d{1,2})\s*月|(?:年底|全年)))/.exec(raw);
  if (other && (other[1] === undefined || Number(other[1]) !== planYear)) {
    const year = other[1] ? Number(other[1]) : chinaQuarter(now).year - 1;
    if (year !== planYear) {
      const month = other[2] ?? other[5];
      const q = month ? Math.ceil(Number(month) / 3) : other[3] || other[4] ? toNumber((other[3] ?? other[4])!)! : 4;
      return { ask: { kind: "named", year, quarter: Math.min(4, Math.max(1, q)) as 1 | 2 | 3 | 4 }, why: other[0] };
    }
  }
  const opening = openingClaim(raw, now, planYear);
  if (opening !== undefined) return opening;
  const today = chinaQuarter(now);
  const past = (q: number): boolean => today.year > planYear || (today.year === planYear && q <= today.quarter);
  let best: { quarter: number; why: string } | null = null;
  for (const m of raw.matchAll(MENTION)) {
    if (NOT_OURS_BEFORE.test(raw.slice(Math.max(0, m.index - 6), m.index))) continue;
    const g = m.groups!;
    let q: number | null = null;
    if (g.q) q = toNumber(g.q.replace(/^第|季度$/g, ""));
    else if (g.m || g.me) {
      const month = monthNumber((g.m ?? g.me)!);
      q = month ? Math.ceil(month / 3) : null;
    } else if (g.h) q = HOLIDAY_QUARTER[g.h] ?? null;
    else if (g.y) q = today.year > planYear || today.quarter === 4 ? 4 : null;
    // Inside the text a quarter is a claim only when it is today's (after the plan year: its
    // last): "已完成二季度目标" on 6月22日 keeps a Q2 report out of Q1's late window, while
    // "巩固二季度成果，新增企业3家" on 8月10日 is left to the rules for a text without time words.
    const today4 = today.year > planYear ? 4 : today.year === planYear ? today.quarter : 0;
    if (q && past(q) && q === today4 && (!best || q > best.quarter)) best = { quarter: q, why: m[0] };
  }
  if (best) return { ask: { kind: "named", year: planYear, quarter: best.quarter as 1 | 2 | 3 | 4 }, why: best.why };
  // "本季度…" / "今年以来…" past the first weeks of a quarter: this quarter. Earlier, the late
  // window decides (a catch-up report's 本季度 is the quarter being reported).
  if (/本季度|这个季度|本季(?!度)|当季|今年以来|年初以来|[一二三四]季度以来/.test(raw) && daysIntoQuarter(now) > REPORTING_DAYS && today.year === planYear) {
    return { ask: { kind: "named", year: planYear, quarter: today.quarter }, why: "本季度" };
  }
  const since = /^([一二三四])季度以来/.exec(raw);
  if (since && toNumber(since[1]!) === today.quarter && today.year === planYear) return { ask: { kind: "named", year: planYear, quarter: today.quarter }, why: since[0] };
  return null;
}

/** "1-5月", "4至6月": a range of months (built once: this runs for every report item). */
const MONTH_RANGE = new RegExp(`^${MONTH}\\s*(?:-|—|~|～|至|到)\\s*${MONTH}\\s*月`);
const MONTH_OPENING = new RegExp(`^${MONTH}\\s*月(?:份)?(?:以来|中旬|上旬|下旬|底|初|末|中|份|期间|内|里)?`);

/** The claim of the text's opening; undefined when the opening says nothing about time. */
function openingClaim(text: string, now: Date, planYear: number): PeriodClaim | null | undefined {
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
  const range = MONTH_RANGE.exec(opening);
  if (range) {
    const end = monthNumber(range[2]!);
    if (end && !AHEAD.test(t.slice(range[0].length))) return claim(Math.ceil(end / 3), range[0]);
    return null;
  }
  const month = MONTH_OPENING.exec(opening);
  if (month) {
    const m = monthNumber(month[1]!);
    if (!m || AHEAD.test(t.slice(month[0].length)) || /^前/.test(t.slice(month[0].length))) return null;
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
  // 元旦 written in January after the plan year is the one just passed: the year's last report.
  const newYear = /^元旦/.exec(opening);
  if (newYear) return today.year > planYear ? claim(4, newYear[0]) : claim(1, newYear[0]);
  for (const [re, q] of HOLIDAYS) {
    const h = re.exec(opening);
    // "春节以来…" is cumulative up to today, not the holiday's quarter.
    if (h && !AHEAD.test(t.slice(h[0].length)) && !/^(?:节)?以来/.test(t.slice(h[0].length))) return claim(q, h[0]);
  }
  return undefined;
}
