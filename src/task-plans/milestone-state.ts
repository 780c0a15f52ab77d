// Where a milestone stands today: done, overdue (its date has passed in Asia/Shanghai and
// nobody closed it), open, or undated. A pure function of the milestone and the instant, so
// the task view, the reminders and the 红黄绿 status all read the same answer.
import { shanghaiDate } from "../reporting/periods";

export type MilestoneState = "done" | "overdue" | "open" | "undated";

export interface MilestoneLike {
  dueDate: string | null;
  doneAt: Date | null;
}

export function milestoneState(m: MilestoneLike, now: Date): MilestoneState {
  return milestoneStateOn(m, shanghaiDate(now));
}

/** The same for a business day `today` (YYYY-MM-DD, Asia/Shanghai), for callers judging many milestones. */
export function milestoneStateOn(m: MilestoneLike, today: string): MilestoneState {
  if (m.doneAt) return "done";
  if (!m.dueDate) return "undated";
  return m.dueDate < today ? "overdue" : "open";
}

/** Past its date and not closed: the due day itself is not yet late. `today` is YYYY-MM-DD (Asia/Shanghai). */
export function isMilestoneOverdue(m: MilestoneLike, today: string): boolean {
  return milestoneStateOn(m, today) === "overdue";
}
