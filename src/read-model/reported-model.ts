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
    await this.load([period], unitIds);
    const known = this.periods.get(period)!;
    const out = new Set<string>();
    for (const u of unitIds) for (const t of known.get(u)!) out.add(`${t}:${u}`);
    return out;
  }

  /** Loads what is not yet known of these periods and units, in one query. */
  async load(periods: string[], unitIds: number[]): Promise<void> {
    const wantPeriods = new Set<string>();
    const wantUnits = new Set<number>();
    for (const p of periods) {
      const known = this.periods.get(p) ?? new Map<number, Set<number>>();
      this.periods.set(p, known);
      for (const u of unitIds) {
        if (known.has(u)) continue;
        wantPeriods.add(p);
        wantUnits.add(u);
      }
    }
    if (!wantUnits.size) return;
    // Raw and lean: the hot statement of 我的任务, answered from the (period, unitId, taskId)
    // index; Prisma's groupBy joins Task and costs several times the CPU.
    const rows = await this.db.$queryRaw<{ period: string; taskId: number; unitId: number }[]>`
      SELECT DISTINCT "period", "taskId", "unitId" FROM "Report"
      WHERE "period" IN (${Prisma.join([...wantPeriods])}) AND "unitId" IN (${Prisma.join([...wantUnits])}) AND "withdrawnAt" IS NULL`;
    const fresh = new Map<string, Map<number, Set<number>>>();
    for (const p of wantPeriods) {
      const m = new Map<number, Set<number>>();
      for (const u of wantUnits) m.set(u, new Set());
      fresh.set(p, m);
    }
    for (const r of rows) fresh.get(r.period)!.get(Number(r.unitId))!.add(Number(r.taskId));
    // Set only what was asked and is still unknown: a concurrent load may have filled some.
    for (const [p, m] of fresh) {
      const known = this.periods.get(p)!;
      for (const [u, tasks] of m) if (!known.has(u)) known.set(u, tasks);
    }
  }
}
