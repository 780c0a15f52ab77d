// Which report counts. Reports are append-only (留痕): a second report for the same task, unit
// and period supersedes the first, and 撤回 / 修改 / a recalled message only mark a report
// withdrawn. The one rule every reader uses:
//
//   the current report of (task, unit, period) is the latest by id that is not withdrawn.
//
// By id — insertion order — and never by createdAt: createdAt is business time, which
// DUBAN_NOW moves and which restarts at the same instant in every console session, so two
// reports can carry the same or even a reversed createdAt.
import type { Db, Tx } from "../db/client";

/** The where-clause of reports that can be current: not withdrawn. */
export const NOT_WITHDRAWN = { withdrawnAt: null } as const;

/** Newest first: the first row of each (task, unit, period) in this order is its current report. */
export const NEWEST_FIRST = { id: "desc" } as const;

export interface ReportKey {
  taskId: number;
  unitId: number;
  period: string;
}

/** The current report of one (task, unit, period), or null when there is none. */
export function currentReport(db: Db | Tx, key: ReportKey) {
  return db.report.findFirst({ where: { ...key, ...NOT_WITHDRAWN }, orderBy: NEWEST_FIRST });
}

/**
 * The current report per (task, unit) — or per (task, unit, period) with `perPeriod` — among
 * rows already filtered with NOT_WITHDRAWN: the highest id of each. Rows may come in any
 * order; the result is newest first.
 */
export function latestPerPair<R extends { id: number; taskId: number; unitId: number; period?: string }>(rows: R[], perPeriod = false): R[] {
  const byPair = new Map<string, R>();
  for (const r of rows) {
    const key = perPeriod ? `${r.taskId}:${r.unitId}:${r.period}` : `${r.taskId}:${r.unitId}`;
    const seen = byPair.get(key);
    if (!seen || r.id > seen.id) byPair.set(key, r);
  }
  return [...byPair.values()].sort((a, b) => b.id - a.id);
}
