// The year-end 对表交账 verdict of one task, pure: the 对表 chat sheet and the supervision
// report both call it, so they never disagree.
//   已办结 (closed)     the bureau has said 销号;
//   未完成 (unfinished) the 完成时限 or the plan's year has passed and it is not 销号;
//   滞后 (behind)       an overdue milestone, or a quarterly report the lead unit missed;
//   序时推进 (on_track) otherwise.
// 待销号 is not 已办结: until the bureau confirms, the task is judged like any other.
import { isMilestoneOverdue, type MilestoneLike } from "../task-plans/milestone-state";

export type Verdict = "closed" | "on_track" | "behind" | "unfinished";
export const VERDICTS: readonly Verdict[] = ["closed", "on_track", "behind", "unfinished"];

export interface VerdictInput {
  /** Asia/Shanghai date the sheet is drawn up, YYYY-MM-DD. */
  today: string;
  planYear: number;
  closure: string | null;
  /** 完成时限, YYYY-MM-DD, if the document gives one. */
  deadline: string | null;
  milestones: MilestoneLike[];
  /** Quarterly reports the lead unit(s) owed by now (deadline passed) and did not send. */
  missedReports: number;
}

export function taskVerdict(t: VerdictInput): Verdict {
  if (t.closure === "closed") return "closed";
  if ((t.deadline !== null && t.deadline < t.today) || t.today > `${t.planYear}-12-31`) return "unfinished";
  if (t.missedReports > 0 || t.milestones.some((m) => isMilestoneOverdue(m, t.today))) return "behind";
  return "on_track";
}
