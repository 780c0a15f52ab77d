// Tasks whose 办结 the bureau returned (退回) and that no lead unit has applied again for since:
// the dashboard's 已退回 state. A new application sets closure "pending" again.
import type { Db, Tx } from "../db/client";

export async function returnedTaskNos(db: Db | Tx, planId: number): Promise<Set<number>> {
  const rows = await db.assignment.findMany({
    where: { role: "lead", returnedReason: { not: null }, closure: null, task: { planId, closure: null } },
    select: { task: { select: { no: true } } },
  });
  return new Set(rows.map((r) => r.task.no));
}
