// Pure: the rungs of the escalation ladder (三色督办, issue 23) for one item due on a day, and
// which rung an item is on at an instant. 蓝 before the due day (moved back off a holiday), 黄 on
// it (a non-working due day: the working day before), 红 the Nth working day after it. Every
// rung sits on a working day at schedule.time, Shanghai time: never on a holiday, never at night.
import type { LadderConfig, ScheduleConfig } from "./schedule-config";
import { addDays, shanghaiInstant, shift } from "./stages";
import type { WorkCalendar } from "./work-calendar";

export const RUNGS = ["blue", "yellow", "red"] as const;
export type Rung = (typeof RUNGS)[number];

export interface RungStage {
  rung: Rung;
  date: string;
  at: Date;
}

export type ItemKind = "report" | "milestone" | "deadline";

export function thresholdsFor(ladder: LadderConfig, kind: ItemKind) {
  return kind === "report" ? ladder.report : kind === "milestone" ? ladder.milestones : ladder.taskDeadlines;
}

/** The Nth working day after `date`. */
export function addWorkingDays(date: string, n: number, calendar: WorkCalendar): string {
  let d = date;
  for (let i = 0; i < n; ) {
    d = addDays(d, 1);
    if (calendar.isWorkday(d)) i++;
  }
  return d;
}

export function ladderRungs(dueDate: string, kind: ItemKind, ladder: LadderConfig, schedule: Pick<ScheduleConfig, "time">, calendar: WorkCalendar): RungStage[] {
  const t = thresholdsFor(ladder, kind);
  const yellow = shift(dueDate, -1, calendar);
  // A blue that lands on the yellow day (0 days before, or moved back onto it) is left out: the
  // yellow rung carries it, and a liaison is not nudged twice the same morning.
  const blue = shift(addDays(dueDate, -t.blueDaysBefore), -1, calendar);
  const red = addWorkingDays(dueDate, t.redWorkingDaysAfter, calendar);
  const rungs: RungStage[] = [];
  if (blue < yellow) rungs.push({ rung: "blue", date: blue, at: shanghaiInstant(blue, schedule.time) });
  rungs.push({ rung: "yellow", date: yellow, at: shanghaiInstant(yellow, schedule.time) });
  rungs.push({ rung: "red", date: red, at: shanghaiInstant(red, schedule.time) });
  return rungs;
}

/** The rung an item has reached at `now` (the latest begun), or null before its first. */
export function rungAt(rungs: RungStage[], now: Date): RungStage | null {
  return rungs.filter((r) => r.at.getTime() <= now.getTime()).pop() ?? null;
}

/** Whether `now` is a working moment: a working day, within the working hours (Shanghai). */
export function withinWorkingHours(now: Date, hours: LadderConfig["workingHours"], calendar: WorkCalendar): boolean {
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString();
  const date = local.slice(0, 10);
  const hm = local.slice(11, 16);
  return calendar.isWorkday(date) && hm >= hours.from && hm < hours.to;
}

/** `now` if it is a working moment, else the start of the next working day's hours (Shanghai). */
export function nextWorkingMoment(now: Date, hours: LadderConfig["workingHours"], calendar: WorkCalendar): Date {
  if (withinWorkingHours(now, hours, calendar)) return now;
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString();
  let date = local.slice(0, 10);
  // Before the hours of a working day: that day; else the next working day.
  if (!(calendar.isWorkday(date) && local.slice(11, 16) < hours.from)) date = shift(addDays(date, 1), 1, calendar);
  return shanghaiInstant(date, hours.from);
}
