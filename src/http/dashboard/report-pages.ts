// The dashboard's report pages beside the overview: the tasks × units matrix of a period, the
// print view (A4, no navigation; the overview's filters apply), and a year's report (the four
// quarters side by side). Every figure is read from the report model of each period.
import type Router from "@koa/router";
import { NotFoundError } from "../../errors";
import { closureQueue } from "../../reporting/closure-queue";
import { periodReport } from "../../reporting/period-report";
import { loadReportInput } from "../../reporting/load-report-input";
import { planInForce } from "../../reporting/plan-status";
import { buildReport } from "../../reporting/report-model";
import { resolvePeriod } from "../../reporting/resolve-period";
import { REPORT_FORMATS } from "../../reporting/render/render-report";
import { returnedTaskNos } from "../../reporting/returned-closures";
import { shownPeriod } from "../../reporting/shown-period";
import { requireAdmin } from "./admin-auth";
import { collapseUnits, loadCollectives } from "./collective-units";
import { filterOverview, isFiltered, parseOverviewFilter, UNIT_KINDS } from "./overview-filter";
import { page } from "./page-routes";
import type { DashboardContext } from "./register-dashboard";
import { securityHeaders } from "./security-headers";
import { yearParam } from "./task-no-param";
import { renderPage } from "./views";

export function registerReportPages(router: Router, deps: DashboardContext): void {
  const { db } = deps;
  const guard = [securityHeaders(), requireAdmin({ db, token: deps.token, throttle: deps.throttle, clock: deps.realClock }, "page")];

  async function defaultPeriod(): Promise<{ key: string; year: number }> {
    const plan = await planInForce(db, deps.clock(), deps.schedule);
    if (!plan) throw new NotFoundError("还没有导入年度任务分解文件", "no_plan");
    const p = shownPeriod(plan, deps.clock(), deps.schedule);
    return { key: p.key, year: p.year };
  }
  const periodOf = async (q: unknown) => (typeof q === "string" && q.trim() ? q.trim() : (await defaultPeriod()).key);
  const report = async (period: string) => periodReport(db, { period, now: deps.clock(), schedule: deps.schedule });

  /** One row a task, one column a unit of one kind (市直单位 by default: 36 departments fit a screen's width, 120 units do not). */
  router.get("/dashboard/matrix", ...guard, page(async (ctx) => {
    const m = await report(await periodOf(ctx.query.period));
    const f = parseOverviewFilter(ctx.query);
    const kind = f.kind ?? "municipal";
    const units = m.units.filter((u) => u.kind === kind).sort((a, b) => a.unitId - b.unitId);
    const column = new Map(units.map((u, i) => [u.unitId, i]));
    const rows = m.tasks
      .filter((t) => f.section === undefined || t.sectionNo === f.section)
      .map((t) => {
        const cells: ({ status: string; lead: boolean } | null)[] = units.map(() => null);
        for (const c of t.cells) {
          const i = column.get(c.unitId);
          if (i !== undefined) cells[i] = { status: c.status, lead: c.role === "lead" };
        }
        return { no: t.no, title: t.title, light: t.light, cells };
      })
      .filter((r) => r.cells.some((c) => c));
    return renderPage("matrix", { signedIn: ctx.state.signedIn, m, units, rows, kind, kinds: UNIT_KINDS, f, periods: null });
  }));

  router.get("/dashboard/print", ...guard, page(async (ctx) => {
    const m = await report(await periodOf(ctx.query.period));
    const plan = await db.plan.findUniqueOrThrow({ where: { year: m.period.year } });
    // Every matching task on paper: no pages.
    const f = { ...parseOverviewFilter(ctx.query), page: 1 };
    const view = filterOverview(m, f, await returnedTaskNos(db, plan.id), Number.MAX_SAFE_INTEGER);
    const collectives = await loadCollectives(db);
    const tasks = view.tasks.map((t) => ({ ...t, leadLabel: collapseUnits(t.leadUnits, collectives).join("、") }));
    return renderPage("print", { m, f, filtered: isFiltered(f), view: { ...view, tasks }, queue: await closureQueue(db, plan.id) });
  }));

  /** The year's four quarters side by side; ?year=2020 (the year shown by default). */
  router.get("/dashboard/year", ...guard, page(async (ctx) => {
    const year = yearParam(ctx.query.year) ?? (await defaultPeriod()).year;
    const plan = await db.plan.findUnique({ where: { year } });
    if (!plan) throw new NotFoundError(`没有${year}年的任务分解`, "no_plan");
    // Lights and 对表 are the year's end (Q4's); Q1–Q3 need only their counts, so their models
    // are built without judging each task again (a third of a model's time over three years).
    const inForce = await planInForce(db, deps.clock(), deps.schedule);
    const quarters = [];
    for (const q of [1, 2, 3]) quarters.push(buildReport(await loadReportInput(db, plan.id, resolvePeriod(`${year}Q${q}`, inForce?.period ?? null)), deps.clock()));
    quarters.push(await report(`${year}Q4`));
    const years = (await db.plan.findMany({ orderBy: { year: "desc" }, select: { year: true } })).map((p) => p.year);
    const q4 = quarters[3]!;
    const unitsOf = quarters.map((m) => new Map(m.units.map((u) => [u.unitId, u])));
    const tasksOf = quarters.map((m) => new Map(m.tasks.map((t) => [t.no, t])));
    const unitRows = [...q4.units].sort((a, b) => a.unitId - b.unitId).map((u) => ({ unit: u.unit, kind: u.kind, light: u.light, byQuarter: unitsOf.map((m) => m.get(u.unitId) ?? null) }));
    const taskRows = q4.tasks.map((t) => ({ no: t.no, title: t.title, light: t.light, closure: t.closure, verdict: t.verdict, byQuarter: tasksOf.map((m) => m.get(t.no)?.counts ?? null) }));
    return renderPage("year", { signedIn: ctx.state.signedIn, year, years, quarters, unitRows, taskRows, formats: REPORT_FORMATS, periods: null });
  }));
}
