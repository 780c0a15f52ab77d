// Each task's milestones as the 对表 verdicts and the 红黄绿灯 read them.
import type { Db, Tx } from "../db/client";
import type { ReadModelSnapshot } from "../read-model/read-model";
import type { MilestoneLike } from "../task-plans/milestone-state";

/** A milestone with the unit whose 落实方案 it is (the lead unit that sent the plan). */
export type UnitMilestone = MilestoneLike & { unitId: number };

/** Milestones per task id (empty until a 落实方案 gives some). */
export async function milestonesByTask(db: Db | Tx, taskIds: number[]): Promise<Map<number, UnitMilestone[]>> {
  const rows = await db.milestone.findMany({ where: { taskId: { in: taskIds } }, select: { taskId: true, dueDate: true, doneAt: true, taskPlan: { select: { unitId: true } } }, orderBy: { position: "asc" } });
  const out = new Map<number, UnitMilestone[]>();
  for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), { dueDate: r.dueDate, doneAt: r.doneAt, unitId: r.taskPlan.unitId }]);
  return out;
}

/** The same from the read model: no query (chat's path). */
export function milestonesFromModel(model: ReadModelSnapshot, taskIds: Iterable<number>): Map<number, UnitMilestone[]> {
  const out = new Map<number, UnitMilestone[]>();
  for (const id of taskIds) {
    const plan = model.plan.taskPlan(id);
    if (plan?.milestones.length) out.set(id, plan.milestones.map((m) => ({ dueDate: m.dueDate, doneAt: m.doneAt, unitId: plan.unitId })));
  }
  return out;
}

/**
 * The milestones a unit answers for: those of its own plan. A cooperating unit or a county
 * that has reported is not 红 because the lead unit's 时间节点 is late; the task's light, the
 * worst of its units', still is.
 */
export function milestonesOf(ms: UnitMilestone[], unitId: number): UnitMilestone[] {
  return ms.filter((m) => m.unitId === unitId);
}
