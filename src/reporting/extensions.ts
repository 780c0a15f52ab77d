// Approved 延期 (issue 22), as the readers of dates need them. An approval has already moved
// Task.deadline or Milestone.dueDate (commands/extension.ts), so lights, notices and verdicts
// read the new date by themselves; this says which dates are extended ones, for the words
// "经批准延期至…" (对表, 通报) and for the reminder keys of a moved date.
import type { Db, Tx } from "../db/client";

export interface ApprovedExtension {
  taskId: number;
  /** null: the task's 完成时限. */
  milestoneId: number | null;
  position: number | null;
  /** YYYY-MM-DD granted. */
  date: string;
  /** YYYY-MM-DD the first approved extension replaced: the document's or the plan's own date. */
  original: string;
}

/** The latest approval per task and milestone, by task id (every task when `taskIds` is omitted). */
export async function approvedExtensions(db: Db | Tx, taskIds?: number[]): Promise<Map<number, ApprovedExtension[]>> {
  const rows = await db.extension.findMany({
    where: { state: "approved", ...(taskIds ? { taskId: { in: taskIds } } : {}) },
    orderBy: [{ decidedAt: "asc" }, { id: "asc" }],
    select: { taskId: true, milestoneId: true, position: true, approvedDate: true, fromDate: true },
  });
  const byTarget = new Map<string, ApprovedExtension>();
  for (const r of rows) {
    const key = `${r.taskId}:${r.milestoneId ?? ""}`;
    const first = byTarget.get(key);
    byTarget.set(key, { taskId: r.taskId, milestoneId: r.milestoneId, position: r.position, date: r.approvedDate!, original: first?.original ?? r.fromDate });
  }
  const out = new Map<number, ApprovedExtension[]>();
  for (const e of byTarget.values()) out.set(e.taskId, [...(out.get(e.taskId) ?? []), e]);
  for (const list of out.values()) list.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return out;
}
