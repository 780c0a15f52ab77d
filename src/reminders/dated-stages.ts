// Pure: the reminder stages of one dated item — a milestone (时间节点) or a task's 完成时限 —
// with the same rules as the quarter stages: a notice on a non-working day moves back to the
// previous working day, the overdue notice forward to the next, all at schedule.time, and two
// notices landing on one day become the later, more urgent one. Which stage is due at an
// instant (the catch-up rule) is stages.ts's dueStage.
import type { ScheduleConfig } from "./schedule-config";
import { addDays, shanghaiInstant, shift } from "./stages";
import type { WorkCalendar } from "./work-calendar";

export interface DatedStage {
  /** "d3", "d0", "overdue": with the item, the ReminderRun key. */
  name: string;
  /** The working day it goes out, YYYY-MM-DD. */
  date: string;
  at: Date;
  overdue: boolean;
}

/** The nth working day before `date` (n = 0: `date` itself, or the working day before it). */
function workingDaysBefore(date: string, n: number, calendar: WorkCalendar): string {
  if (n === 0) return shift(date, -1, calendar);
  let d = date;
  for (let count = 0, guard = 0; count < n && guard < 400; guard++) {
    d = addDays(d, -1);
    if (calendar.isWorkday(d)) count++;
  }
  return d;
}

function workingDaysAfter(date: string, n: number, calendar: WorkCalendar): string {
  let d = date;
  for (let count = 0, guard = 0; count < n && guard < 400; guard++) {
    d = addDays(d, 1);
    if (calendar.isWorkday(d)) count++;
  }
  return d;
}

function build(notices: { name: string; date: string }[], overdueDate: string, time: string): DatedStage[] {
  const byDate = new Map<string, DatedStage>();
  // Earliest notice first, so a later (more urgent) one moved onto the same day replaces it.
  for (const n of [...notices].sort((a, b) => Number(b.name.slice(1)) - Number(a.name.slice(1)))) {
    byDate.set(n.date, { name: n.name, date: n.date, at: shanghaiInstant(n.date, time), overdue: false });
  }
  byDate.set(overdueDate, { name: "overdue", date: overdueDate, at: shanghaiInstant(overdueDate, time), overdue: true });
  return [...byDate.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A milestone's stages: working days before its date, and the Nth working day after. */
export function milestoneStages(dueDate: string, schedule: ScheduleConfig, calendar: WorkCalendar): DatedStage[] {
  const m = schedule.milestones;
  return build(
    m.noticeWorkingDaysBefore.map((n) => ({ name: `d${n}`, date: workingDaysBefore(dueDate, n, calendar) })),
    workingDaysAfter(dueDate, m.overdueWorkingDaysAfter, calendar),
    schedule.time,
  );
}

/** A task's 完成时限 stages: calendar days before and after, shifted to working days. */
export function deadlineStages(dueDate: string, schedule: ScheduleConfig, calendar: WorkCalendar): DatedStage[] {
  const d = schedule.taskDeadlines;
  return build(
    d.noticeDaysBefore.map((n) => ({ name: `d${n}`, date: shift(addDays(dueDate, -n), -1, calendar) })),
    shift(addDays(dueDate, d.overdueDaysAfter), 1, calendar),
    schedule.time,
  );
}
