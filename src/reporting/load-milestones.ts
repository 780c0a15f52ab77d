// Each task's milestones as the 对表 verdicts and the 红黄绿灯 read them.
import type { Db, Tx } from "../db/client";
import type { ReadModelSnapshot } from "../read-model/read-model";
import type { MilestoneLike } from "../task-plans/milestone-state";

/** Milestones per task id (empty until a 落实方案 gives some). */
export async function milestonesByTask(db: Db | Tx, taskIds: number[]): Promise<Map<number, MilestoneLike[]>> {
  const rows = await db.milestone.findMany({ where: { taskId: { in: taskIds } }, select: { taskId: true, dueDate: true, doneAt: true }, orderBy: { position: "asc" } });
  const out = new Map<number, MilestoneLike[]>();
  for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), { dueDate: r.dueDate, doneAt: r.doneAt }]);
  return out;
}

/** The same from the read model: no query (chat's path). */
export function milestonesFromModel(model: ReadModelSnapshot, taskIds: Iterable<number>): Map<number, MilestoneLike[]> {
  const out = new Map<number, MilestoneLike[]>();
  for (const id of taskIds) {
    const plan = model.plan.taskPlan(id);
    if (plan?.milestones.length) out.set(id, plan.milestones);
  }
  return out;
}
