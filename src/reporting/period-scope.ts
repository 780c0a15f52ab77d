// What a period's figures count, and how one (task, unit) pair of a period is classed: the
// one rule every view reads (the report model behind the 通报, exports and dashboard; 我的任务,
// 未报, 进度 in chat; the reminders). Issue 20 items 2 and 7.
//
// Guarantees:
// - a period depends only on what had happened by its end (and on reports filed for it later):
//   an assignment counts from the quarter it was made in (Assignment.assignedAt; null for the
//   document's own units, which count from the plan's start), a 销号 from the quarter in which
//   the bureau confirmed it; what happened in a later quarter never changes an earlier one;
// - a pair with a current report for the period is reported (on time or 逾期补报), whether or
//   not its task was 销号 since; a pair without one is 已办结 once 销号 (counted from the
//   quarter of the 销号), else 未报 / 逾期未报;
// - a lead unit's pair is closed by its own 销号 (a task led by several units is closed per
//   lead unit, issue 18 item 11); a cooperating or county unit's pair once every lead unit's is
//   (Task.closedAt, the last of them).
import { shanghaiDate, type Period } from "./periods";

/** year × 4 + quarter − 1: quarters in order across years. */
function index(year: number, quarter: number): number {
  return year * 4 + quarter - 1;
}

/** The quarter (as index()) an instant falls in, in Asia/Shanghai. */
function quarterOf(instant: Date): number {
  const [y, m] = shanghaiDate(instant).split("-").map(Number) as [number, number];
  return index(y, Math.ceil(m / 3));
}

/** The assignment counts in the period: made in it or before (null: from the plan's start). */
export function assignedIn(assignedAt: Date | null | undefined, period: Pick<Period, "year" | "quarter">): boolean {
  return !assignedAt || quarterOf(assignedAt) <= index(period.year, period.quarter);
}

/** Something that happened at `at` had happened by the period: in its quarter or before. */
export function happenedBy(at: Date | null | undefined, period: Pick<Period, "year" | "quarter">): boolean {
  return !!at && quarterOf(at) <= index(period.year, period.quarter);
}

export interface ClosureFacts {
  closure: string | null;
  closedAt: Date | null;
}

/** When the pair was 销号, or null: a lead unit by its own 销号, any other unit by the task's. */
export function pairClosedAt(task: ClosureFacts, assignment: { role: string } & Partial<ClosureFacts>): Date | null {
  const own = assignment.role === "lead" && assignment.closure !== undefined ? (assignment as ClosureFacts) : task;
  return own.closure === "closed" ? own.closedAt : null;
}

/** The pair counts as 已办结 in the period (unless it reported for it: see classify). */
export function closedIn(task: ClosureFacts, assignment: { role: string } & Partial<ClosureFacts>, period: Pick<Period, "year" | "quarter">): boolean {
  return happenedBy(pairClosedAt(task, assignment), period);
}

/** The task's 办结 state as of the period: a 销号 or 办结 made after it is not shown in it. */
export function closureIn(task: ClosureFacts & { closureAt?: Date | null }, period: Pick<Period, "year" | "quarter">): string | null {
  if (task.closure === "closed") return happenedBy(task.closedAt, period) ? "closed" : happenedBy(task.closureAt, period) ? "pending" : null;
  if (task.closure === "pending") return task.closureAt === undefined || happenedBy(task.closureAt, period) ? "pending" : null;
  return null;
}
