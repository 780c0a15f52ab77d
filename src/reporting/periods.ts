// Reporting periods: calendar quarters in China Standard Time, whatever the server's TZ.
// A quarter's report is due on its last day unless schedule.yaml's reportBy says otherwise;
// the Q4 report doubles as the year summary.
//
// How the reportBy rule reaches every reader without threading it through each call site:
// a Period carries the rule it was made with (`rule`), and every period derived from another
// (previousPeriod, shownPeriod, a key parsed against the period in force) is made with the
// same one. The rule therefore enters at the few places periods are born from nothing —
// planInForce (given the schedule the conversation, the scheduler and the exports already
// hold), yearStages (given the schedule) — and 我的任务, the late marks, the stages and the
// exports all read Period.deadline. Without a rule a period ends at quarter end, as before.
import type { ReportBy } from "../reminders/schedule-config";

/** The part of the schedule that decides when a quarter's report is due. */
export interface ReportByRule {
  reportBy?: ReportBy;
  /** The Q4 (year summary) rule; reportBy when absent. */
  yearEndReportBy?: ReportBy;
}

export interface Period {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** "2020Q1" … "2020Q4": the key reports are stored under. */
  key: string;
  /** Last day of the quarter, "YYYY-MM-DD" (Asia/Shanghai). */
  deadline: string;
  /** Q4 also counts as the year report (全年落实情况). */
  isYearEnd: boolean;
  /** The reportBy rule the deadline was computed with, for periods derived from this one. */
  rule?: ReportByRule;
}

// China Standard Time is UTC+8 all year and has been since 1991 (no daylight saving after
// that year; IANA tz "Asia/Shanghai"), so a Shanghai calendar field is the UTC field of the
// instant moved 8 hours on. Written by hand rather than with Intl.DateTimeFormat because these
// run on every message (the plan in force, the period, the lights): formatting through Intl was
// ~6% of a read's CPU, the arithmetic is a few nanoseconds. A test checks the two agree.
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
function cst(instant: Date): Date {
  const t = instant.getTime();
  // As Intl did: an invalid date is an error, never "NaN-NaN-NaN" quietly stored or compared.
  if (Number.isNaN(t)) throw new RangeError("Invalid time value");
  return new Date(t + CST_OFFSET_MS);
}
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The calendar date in Asia/Shanghai, "YYYY-MM-DD" (instants from 1992 on). */
export function shanghaiDate(instant: Date): string {
  const d = cst(instant);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The calendar year in Asia/Shanghai. */
export function shanghaiYear(instant: Date): number {
  return cst(instant).getUTCFullYear();
}

/** "2020-03-24 09:00" in Asia/Shanghai. */
export function shanghaiDateTime(instant: Date): string {
  const d = cst(instant);
  return `${shanghaiDate(instant)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

// Every message asks for the period in force (the plan, the lights, 我的任务): each distinct
// period is made once and shared (frozen, so no reader can change it for the others).
const made = new Map<string, Period>();
const byKey = (b: ReportBy | undefined) => (b === undefined ? "" : typeof b === "string" ? b : "day" in b ? `d${b.day}` : `a${b.daysAfterQuarter}`);

export function periodOf(year: number, quarter: 1 | 2 | 3 | 4, rule?: ReportByRule): Period {
  const key = `${year}Q${quarter}|${byKey(rule?.reportBy)}|${byKey(rule?.yearEndReportBy)}`;
  let period = made.get(key);
  if (!period) {
    period = Object.freeze(makePeriod(year, quarter, rule));
    if (made.size < 10_000) made.set(key, period);
  }
  return period;
}

function makePeriod(year: number, quarter: 1 | 2 | 3 | 4, rule?: ReportByRule): Period {
  return {
    year,
    quarter,
    key: `${year}Q${quarter}`,
    deadline: reportDeadline(year, quarter, rule),
    isYearEnd: quarter === 4,
    // Carried only when it changes something, so quarter-end periods stay as they always were.
    ...(rule && [rule.reportBy, rule.yearEndReportBy].some((r) => r !== undefined && r !== "quarterEnd")
      ? { rule: { reportBy: rule.reportBy, ...(rule.yearEndReportBy ? { yearEndReportBy: rule.yearEndReportBy } : {}) } }
      : {}),
  };
}

/** The due day of a quarter's report under the rule, "YYYY-MM-DD". */
export function reportDeadline(year: number, quarter: 1 | 2 | 3 | 4, rule?: ReportByRule): string {
  const by = (quarter === 4 ? rule?.yearEndReportBy : undefined) ?? rule?.reportBy ?? "quarterEnd";
  const lastMonth = quarter * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const ymd = (d: Date) => d.toISOString().slice(0, 10);
  if (by === "quarterEnd") return ymd(new Date(Date.UTC(year, lastMonth - 1, lastDay)));
  if ("day" in by) return ymd(new Date(Date.UTC(year, lastMonth - 1, Math.min(by.day, lastDay))));
  return ymd(new Date(Date.UTC(year, lastMonth - 1, lastDay + by.daysAfterQuarter)));
}

/** The quarter an instant falls in, in Asia/Shanghai. */
export function periodAt(instant: Date): Period {
  const d = cst(instant);
  return periodOf(d.getUTCFullYear(), (Math.floor(d.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4);
}

/**
 * The period a plan is reported against at an instant: the current quarter when the plan is
 * this year's; for a past year's plan its last quarter (the year summary); for a future
 * plan its first quarter.
 */
export function planPeriodAt(planYear: number, instant: Date, rule?: ReportByRule): { period: Period; planIsCurrent: boolean } {
  const now = periodAt(instant);
  if (planYear === now.year) return { period: periodOf(now.year, now.quarter, rule), planIsCurrent: true };
  return { period: periodOf(planYear, planYear < now.year ? 4 : 1, rule), planIsCurrent: false };
}

/** Past the deadline: the day after the period's last day has begun in Asia/Shanghai. */
export function isOverdue(period: Period, instant: Date): boolean {
  return shanghaiDate(instant) > period.deadline;
}

/** Parses "2020Q1" / "2020Y" (the year report = Q4), under the rule (pass the period in force's `rule`). */
export function parsePeriodKey(key: string, rule?: ReportByRule): Period | null {
  const m = /^(\d{4})(?:Q([1-4])|Y)$/.exec(key.trim().toUpperCase());
  if (!m) return null;
  return periodOf(Number(m[1]), (m[2] ? Number(m[2]) : 4) as 1 | 2 | 3 | 4, rule);
}
