// Tasks no reminder is about: 销号 ("closed") and 待销号 ("pending").
//
// 销号 is the bureau's verdict that the task is finished: nothing is left to report or chase.
// 待销号 is the lead unit's 办结 waiting for the bureau's check. Reminding a unit to report, or
// that a milestone is near, on a task it has just declared done is noise — and it would read as
// if the 办结 had not been received. The check is the bureau's move, not the unit's. If the
// bureau sends it back (退回 sets closure to null), the task is in progress again and every
// reminder resumes from the next stage on.
import type { Db, Tx } from "../db/client";

export const QUIET_CLOSURES = ["pending", "closed"];

export async function quietTaskIds(db: Db | Tx, planId: number): Promise<Set<number>> {
  const rows = await db.task.findMany({ where: { planId, closure: { in: QUIET_CLOSURES } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
