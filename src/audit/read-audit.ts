// Reading the trail back, newest first, for `duban audit` and the task page.
import type { Db, Tx } from "../db/client";

export interface AuditFilter {
  taskId?: number;
  unitId?: number;
  since?: Date;
  limit?: number;
}

export async function readAudit(db: Db | Tx, f: AuditFilter) {
  return db.auditEvent.findMany({
    where: {
      ...(f.taskId !== undefined ? { taskId: f.taskId } : {}),
      ...(f.unitId !== undefined ? { unitId: f.unitId } : {}),
      ...(f.since ? { at: { gte: f.since } } : {}),
    },
    orderBy: { id: "desc" },
    take: f.limit ?? 200,
  });
}
