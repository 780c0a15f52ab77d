// The one way the bureau's renderings read reports. Reports are append-only: a newer report
// for the same task, unit and period supersedes older ones, so "the" report of a pair is the
// one with the highest id that is not withdrawn (the rule of current-report.ts). Every export,
// chat summary and dashboard page goes through here.
import type { Db, Tx } from "../db/client";
import { Prisma } from "../generated/sqlite/client";
import { latestPerPair, NOT_WITHDRAWN } from "./current-report";

export interface ReportRow {
  id: number;
  taskId: number;
  unitId: number;
  period: string;
  text: string;
  late: boolean;
  platform: string;
  userId: string;
  userName: string | null;
  messageId: string | null;
  createdAt: Date;
  withdrawnAt: Date | null;
}

const ID_SLICE = 500;

/** Filter for the reports that count at all: a withdrawn report (撤回, 修改, a recalled message) does not. */
export const COUNTED_REPORTS = NOT_WITHDRAWN;

/**
 * The current report of every (task, unit) pair of a plan in a period: the latest by id.
 * Two statements, as latest-per-unit.ts: the ids first (the (period, unitId, taskId) index and
 * withdrawnAt), then those rows only. Fetching every version of the period and keeping the last
 * read ~29k rows with their text for 1,531 current ones over three years of history, over a
 * second of every dashboard page (bench/page-bench.ts).
 */
export async function currentReports(db: Db | Tx, planId: number, period: string, opts: { unitId?: number; taskId?: number } = {}): Promise<ReportRow[]> {
  const ids = await db.$queryRaw<{ id: number | bigint }[]>(Prisma.sql`
    SELECT MAX(r."id") AS "id" FROM "Report" r JOIN "Task" t ON t."id" = r."taskId"
    WHERE r."period" = ${period} AND r."withdrawnAt" IS NULL AND t."planId" = ${planId}
    ${opts.unitId !== undefined ? Prisma.sql`AND r."unitId" = ${opts.unitId}` : Prisma.empty}
    ${opts.taskId !== undefined ? Prisma.sql`AND r."taskId" = ${opts.taskId}` : Prisma.empty}
    GROUP BY r."unitId", r."taskId"`);
  const wanted = ids.map((r) => Number(r.id));
  const rows: ReportRow[] = [];
  // In slices: SQLite takes at most 999 parameters a statement.
  for (let i = 0; i < wanted.length; i += ID_SLICE) rows.push(...(await db.report.findMany({ where: { id: { in: wanted.slice(i, i + ID_SLICE) }, ...COUNTED_REPORTS } })));
  return latestPerPair(rows);
}

/**
 * Every report of a task or unit in any period, oldest first, each marked current, superseded
 * or withdrawn: the history shows withdrawn reports too (留痕), as such.
 */
export async function reportHistory(db: Db | Tx, where: { taskId?: number; unitId?: number; planId: number; period?: string }): Promise<(ReportRow & { superseded: boolean; withdrawn: boolean })[]> {
  const rows = await db.report.findMany({
    // One period's rows hold every version of its pairs, so which is current is still known.
    where: { task: { planId: where.planId }, ...(where.taskId !== undefined ? { taskId: where.taskId } : {}), ...(where.unitId !== undefined ? { unitId: where.unitId } : {}), ...(where.period !== undefined ? { period: where.period } : {}) },
    orderBy: { id: "asc" },
  });
  const current = new Set(latestPerPair(rows.filter((r) => !r.withdrawnAt), true).map((r) => r.id));
  return rows.map((r) => ({ ...r, withdrawn: r.withdrawnAt !== null, superseded: !r.withdrawnAt && !current.has(r.id) }));
}
