// 红黄绿灯, as the city platforms mark tasks. Pure: the caller gathers the dates.
//   红 (red)    overdue: an open milestone past its date, the 完成时限 past without 办结, or
//               this or the previous quarter's report overdue (plan-status "overdue");
//   黄 (yellow) an open milestone, the 完成时限 or this quarter's report deadline falls within
//               the next 3 working days and the unit has reported nothing this quarter;
//   绿 (green)  otherwise.
// A 销号 task has no light ("none"): it is finished and asks nobody for anything; a green dot
// would read as "on track, keep going", and the line already says 已办结. A 待销号 task keeps
// its light (the bureau has not confirmed yet) except that its 完成时限 is no longer chased.
import type { WorkCalendar } from "../reminders/work-calendar";
import { isMilestoneOverdue, type MilestoneLike } from "../task-plans/milestone-state";

export type Light = "red" | "yellow" | "green" | "none";
const RANK: Record<Light, number> = { none: 0, green: 1, yellow: 2, red: 3 };

/** Working days of warning before a date turns a task yellow. */
export const YELLOW_WORKDAYS = 3;

export interface LightInput {
  /** Asia/Shanghai date, YYYY-MM-DD. */
  today: string;
  closure: string | null;
  deadline: string | null;
  milestones: MilestoneLike[];
  /** This quarter's report deadline, YYYY-MM-DD. */
  quarterDeadline: string;
  /** The unit has a report for this quarter. */
  reportedThisQuarter: boolean;
  /** This quarter's report is late, or the previous quarter's is missing. */
  reportOverdue: boolean;
}

export function statusLight(t: LightInput, calendar: WorkCalendar): Light {
  if (t.closure === "closed") return "none";
  const deadline = t.closure === "pending" ? null : t.deadline;
  if (t.reportOverdue || (deadline !== null && deadline < t.today) || t.milestones.some((m) => isMilestoneOverdue(m, t.today))) return "red";
  if (t.reportedThisQuarter) return "green";
  const dates = [...t.milestones.filter((m) => m.doneAt === null).map((m) => m.dueDate), deadline, t.quarterDeadline];
  return dates.some((d) => d !== null && withinWorkdays(t.today, d, YELLOW_WORKDAYS, calendar)) ? "yellow" : "green";
}

/** The worst light: a task over its units, a unit over its tasks. */
export function worstLight(lights: Light[]): Light {
  return lights.reduce<Light>((w, l) => (RANK[l] > RANK[w] ? l : w), "none");
}

/** `date` is today or later, and no more than `n` working days after today. */
export function withinWorkdays(today: string, date: string, n: number, calendar: WorkCalendar): boolean {
  return date >= today && date <= workdayHorizon(today, n, calendar);
}

// The horizon depends only on (today, n, calendar), and every light of a reply asks for the same
// one: walking the calendar once per task and date was a sixth of a 我的任务's CPU.
const horizons = new WeakMap<WorkCalendar, Map<string, string>>();

/** The last date whose working days after `today` (up to and including it) number at most `n`. */
function workdayHorizon(today: string, n: number, calendar: WorkCalendar): string {
  const cache = horizons.get(calendar) ?? new Map<string, string>();
  horizons.set(calendar, cache);
  const key = `${today}:${n}`;
  const known = cache.get(key);
  if (known) return known;
  let count = 0;
  let d = today;
  for (;;) {
    const next = nextDay(d);
    if (calendar.isWorkday(next) && ++count > n) break;
    d = next;
  }
  if (cache.size > 64) cache.clear(); // one entry per business day in practice
  cache.set(key, d);
  return d;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
