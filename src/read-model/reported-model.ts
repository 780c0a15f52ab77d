// Per period and unit, the tasks with a current (not withdrawn) report. Loaded lazily, one
// query for the units asked about that are not yet known; the whole set is dropped when the
// reports counter moves (a new ReportedModel per reports version).
import { Prisma } from "../generated/sqlite/client";
import type { Db } from "../db/client";

export class ReportedModel {
  /** period → unitId → reported task ids */
  private readonly periods = new Map<string, Map<number, Set<number>>>();

  constructor(private readonly db: Db) {}

  /** "taskId:unitId" for each of the units' current reports in the period (as reportedPairs). */
  async pairs(period: string, unitIds: number[]): Promise<Set<string>> {
    const known = this.periods.get(period) ?? new Map<number, Set<number>>();
    this.periods.set(period, known);
    const missing = [...new Set(unitIds)].filter((u) => !known.has(u));
    if (missing.length) {
      // Raw and lean: the hot statement of 我的任务, answered from the (period, unitId, taskId)
      // index; Prisma's groupBy adds a join to Task and several times the CPU.
      const rows = await this.db.$queryRaw<{ taskId: number; unitId: number }[]>`
        SELECT DISTINCT "taskId", "unitId" FROM "Report"
        WHERE "period" = ${period} AND "unitId" IN (${Prisma.join(missing)}) AND "withdrawnAt" IS NULL`;
      for (const u of missing) known.set(u, new Set());
      for (const r of rows) known.get(Number(r.unitId))!.add(Number(r.taskId));
    }
    const out = new Set<string>();
    for (const u of unitIds) for (const t of known.get(u)!) out.add(`${t}:${u}`);
    return out;
  }
}
