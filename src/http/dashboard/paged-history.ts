// The report history of a unit or a task, one period at a time (?history=2020Q2, the period
// shown by default) and HISTORY_PER_PAGE rows a page (?page=2): with every version of a year's
// reports on one page, a county's page was 1.8 MB (issue 20 item 10).
import type { Db } from "../../db/client";
import { reportHistory } from "../../reporting/current-reports";

export const HISTORY_PER_PAGE = 50;

export async function pagedHistory(db: Db, where: { unitId?: number; taskId?: number; planId: number }, query: Record<string, unknown>, shownPeriod: string) {
  const byPeriod = await db.report.groupBy({ by: ["period"], where: { ...where.unitId !== undefined ? { unitId: where.unitId } : {}, ...where.taskId !== undefined ? { taskId: where.taskId } : {}, task: { planId: where.planId } }, _count: { _all: true }, orderBy: { period: "asc" } });
  const asked = typeof query.history === "string" ? query.history : "";
  const period = byPeriod.some((p) => p.period === asked) ? asked : shownPeriod;
  const all = (await reportHistory(db, { ...where, period })).reverse();
  const pages = Math.max(1, Math.ceil(all.length / HISTORY_PER_PAGE));
  const page = Math.min(pages, typeof query.page === "string" && /^\d{1,4}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1);
  return {
    rows: all.slice((page - 1) * HISTORY_PER_PAGE, page * HISTORY_PER_PAGE),
    periods: byPeriod.map((p) => ({ period: p.period, count: p._count._all })),
    period,
    total: all.length,
    page,
    pages,
  };
}
