// 任务 N: which units have a current report for a task's period, and the latest few of those
// reports. Two lean statements instead of fetching every report of the period: the first reads
// only the (taskId, period, unitId) index and the rows' withdrawnAt, the second at most `limit`
// rows by primary key.
import type { Db, Tx } from "../db/client";
import { Prisma } from "../generated/sqlite/client";
import { NOT_WITHDRAWN } from "./current-report";

export interface LatestPerUnit {
  /** Every unit with a current report, newest report first. */
  reportedUnitIds: number[];
  /** The current reports of the first `limit` of them, newest first. */
  latest: { id: number; unitId: number; text: string; createdAt: Date }[];
}

export async function latestReportPerUnit(db: Db | Tx, taskId: number, period: string, limit: number): Promise<LatestPerUnit> {
  // The current report of a (task, unit, period) is the latest by id not withdrawn (current-report.ts).
  const rows = await db.$queryRaw<{ unitId: number; id: number }[]>(Prisma.sql`
    SELECT "unitId", MAX("id") AS "id" FROM "Report"
    WHERE "taskId" = ${taskId} AND "period" = ${period} AND "withdrawnAt" IS NULL
    GROUP BY "unitId"`);
  const newest = rows.map((r) => ({ unitId: Number(r.unitId), id: Number(r.id) })).sort((a, b) => b.id - a.id);
  const shown = newest.slice(0, limit).map((r) => r.id);
  const latest = shown.length
    ? await db.report.findMany({ where: { id: { in: shown }, ...NOT_WITHDRAWN }, select: { id: true, unitId: true, text: true, createdAt: true }, orderBy: { id: "desc" } })
    : [];
  return { reportedUnitIds: newest.map((r) => r.unitId), latest };
}
