// Pure: the reminder stages of a reporting period, and which one is due at an instant.
// Notices before the deadline move back to the previous working day; the overdue notice
// after it moves forward to the next working day (moving it back would put it before the
// deadline). Never at night: every stage is at the configured time of day, Shanghai time.
import { periodOf, type Period } from "../reporting/periods";
import type { ScheduleConfig } from "./schedule-config";
import type { WorkCalendar } from "./work-calendar";

export type StageName = `d${number}` | "overdue";

export interface Stage {
  period: Period;
  name: StageName;
  /** The working day it falls on, YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  at: Date;
  /** Overdue: to late units and the supervision group. Otherwise: a notice to units with tasks due. */
  kind: "notice" | "overdue";
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function shift(date: string, step: 1 | -1, calendar: WorkCalendar): string {
  let d = date;
  for (let i = 0; i < 30 && !calendar.isWorkday(d); i++) d = addDays(d, step);
  return d;
}

/** 09:00 on a Shanghai date as an instant (China has no DST: always UTC+8). */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

export function stagesFor(period: Period, schedule: ScheduleConfig, calendar: WorkCalendar): Stage[] {
  const byDate = new Map<string, Stage>();
  for (const days of [...schedule.noticeDaysBefore].sort((a, b) => b - a)) {
    const date = shift(addDays(period.deadline, -days), -1, calendar);
    // Two notices moved onto the same day become one (the later, more urgent one).
    byDate.set(date, { period, name: `d${days}`, date, at: shanghaiInstant(date, schedule.time), kind: "notice" });
  }
  const overdueDate = shift(addDays(period.deadline, schedule.overdueDaysAfter), 1, calendar);
  byDate.set(overdueDate, { period, name: "overdue", date: overdueDate, at: shanghaiInstant(overdueDate, schedule.time), kind: "overdue" });
  return [...byDate.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** All stages of a plan year's four quarters, in time order. */
export function yearStages(year: number, schedule: ScheduleConfig, calendar: WorkCalendar): Stage[] {
  return ([1, 2, 3, 4] as const).flatMap((q) => stagesFor(periodOf(year, q, schedule), schedule, calendar)).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The stage due at `now`: the latest one that has begun, if it began at most catchUpHours
 * ago. A missed stage is thereby caught up while it is current, and skipped once a later
 * stage has begun or it is too old to be useful.
 */
export function dueStage<S extends { at: Date }>(stages: S[], now: Date, schedule: Pick<ScheduleConfig, "catchUpHours">): S | null {
  const begun = stages.filter((s) => s.at.getTime() <= now.getTime());
  const latest = begun[begun.length - 1];
  if (!latest) return null;
  return now.getTime() - latest.at.getTime() <= schedule.catchUpHours * 3600_000 ? latest : null;
}
