// Which period a report is filed under. Pure: the caller says what the message named and
// whether the previous period's report for the task is missing.
//
// - A period the message names ("补报 一季度 11 …", "2020Q1 11 …", "本季度 11 …", a heading
//   "一季度工作汇报", or the reminder it quotes) is used, if it is of the plan's year and not
//   in the future.
// - Otherwise a report sent after a quarter's deadline and before the late-report window
//   closes (schedule: lateReportWindow), for a task still unreported for that quarter, is
//   that quarter's 逾期补报: on the morning after the deadline the overdue notice has just
//   asked for exactly that report.
// - Otherwise the period in force.
// Anything filed after its period's deadline is marked late (逾期补报).
import type { ScheduleConfig } from "../reminders/schedule-config";
import { stagesFor } from "../reminders/stages";
import type { WorkCalendar } from "../reminders/work-calendar";
import type { PlanInForce } from "./plan-status";
import { previousPeriod } from "./plan-status";
import { isOverdue, periodOf, type Period } from "./periods";

export type PeriodAsk = { kind: "current" } | { kind: "previous" } | { kind: "named"; year?: number; quarter: 1 | 2 | 3 | 4 };

export type PeriodChoice =
  | { ok: true; period: Period; late: boolean; how: "current" | "named" | "catchUp" }
  | { ok: false; problem: "no_previous" | "other_year" | "future"; period?: Period };

/** The previous quarter while its late-report window is open at `now`, else null. */
export function catchUpPeriod(plan: PlanInForce, now: Date, schedule: ScheduleConfig, calendar: WorkCalendar): Period | null {
  if (!plan.planIsCurrent) return null;
  const previous = previousPeriod(plan.period);
  if (!previous) return null;
  // reportBy {daysAfterQuarter: N}: last quarter's report is still due (on time) for N days.
  if (!isOverdue(previous, now)) return previous;
  return now < lateWindowCloses(plan.period, previous, schedule, calendar) ? previous : null;
}

function lateWindowCloses(current: Period, previous: Period, schedule: ScheduleConfig, calendar: WorkCalendar): Date {
  if (schedule.lateReportWindow === "firstNotice") {
    const first = stagesFor(current, schedule, calendar).find((s) => s.kind === "notice");
    if (first) return first.at;
  }
  const days = typeof schedule.lateReportWindow === "number" ? schedule.lateReportWindow : 0;
  const end = new Date(`${previous.deadline}T00:00:00+08:00`);
  end.setUTCDate(end.getUTCDate() + days + 1);
  return end;
}

/**
 * @param catchUp the previous period when its window is open and this task is unreported for it
 */
export function choosePeriod(plan: PlanInForce, now: Date, ask: PeriodAsk | undefined, catchUp: Period | null): PeriodChoice {
  const chosen = (period: Period, how: "current" | "named" | "catchUp"): PeriodChoice => ({ ok: true, period, late: isOverdue(period, now), how });
  if (!ask) return catchUp ? chosen(catchUp, "catchUp") : chosen(plan.period, "current");
  if (ask.kind === "current") return chosen(plan.period, "current");
  if (ask.kind === "previous") {
    const previous = previousPeriod(plan.period);
    return previous ? chosen(previous, "named") : { ok: false, problem: "no_previous" };
  }
  const period = periodOf(ask.year ?? plan.year, ask.quarter, plan.period.rule);
  if (period.year !== plan.year) return { ok: false, problem: "other_year", period };
  if (period.key > plan.period.key) return { ok: false, problem: "future", period };
  return chosen(period, period.key === plan.period.key ? "current" : "named");
}
