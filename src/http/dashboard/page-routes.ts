// The dashboard's pages: a period (/dashboard?period=2020Q1), a unit, a task. Every figure is
// read from the report model; the pages only lay it out.
import { unitRungs } from "../../reminders/unit-rungs";
import type Router from "@koa/router";
import type { Context } from "koa";
import { readAudit } from "../../audit/read-audit";
import { loadUnitLookup } from "../../directory/unit-lookup";
import { DubanError, NotFoundError } from "../../errors";
import { closureQueue, overdueMilestones } from "../../reporting/closure-queue";
import { periodTitle } from "../../reporting/render/report-text";
import { reportTemplates } from "../../reporting/render/report-templates";
import { REPORT_FORMATS } from "../../reporting/render/render-report";
import { periodReport } from "../../reporting/period-report";
import { planInForce } from "../../reporting/plan-status";
import { periodOf, shanghaiDate } from "../../reporting/periods";
import { returnedTaskNos } from "../../reporting/returned-closures";
import { shownPeriod } from "../../reporting/shown-period";
import { dashboardUser, requireAdmin } from "./admin-auth";
import { collapseUnits, loadCollectives } from "./collective-units";
import { filterOverview, isFiltered, taskState, LIGHTS, parseOverviewFilter, TASK_STATES, UNIT_KINDS } from "./overview-filter";
import { pagedHistory } from "./paged-history";
import type { DashboardContext } from "./register-dashboard";
import { securityHeaders } from "./security-headers";
import { taskNoParam } from "./task-no-param";
import { ASSETS, renderPage } from "./views";

export function registerPageRoutes(router: Router, deps: DashboardContext): void {
  const { db } = deps;
  const guard = [securityHeaders(), requireAdmin({ db, token: deps.token, throttle: deps.throttle, clock: deps.realClock }, "page")];

  router.get("/dashboard/assets/:file", securityHeaders(), (ctx) => {
    // Own keys only: "__proto__" or "constructor" is no asset (it was a 204 with no type).
    const asset = Object.hasOwn(ASSETS, ctx.params.file!) ? ASSETS[ctx.params.file!] : undefined;
    if (!asset) return;
    ctx.type = asset.type;
    ctx.set("Cache-Control", "public, max-age=3600");
    ctx.body = asset.body;
  });

  /** The period asked for, or the one every view shows by default (shown-period.ts). */
  async function periodParam(ctx: Context): Promise<string> {
    const q = typeof ctx.query.period === "string" ? ctx.query.period.trim() : "";
    if (q) return q;
    const plan = await planInForce(db, deps.clock(), deps.schedule);
    if (!plan) throw new NotFoundError("还没有导入年度任务分解文件", "no_plan");
    return shownPeriod(plan, deps.clock(), deps.schedule).key;
  }

  async function periodOptions(selected: string) {
    const plans = await db.plan.findMany({ orderBy: { year: "desc" }, select: { year: true } });
    return plans.flatMap((p) =>
      ([4, 3, 2, 1] as const).map((q) => {
        const period = periodOf(p.year, q);
        const label = periodTitle(reportTemplates(), { period });
        return { key: period.key, label, selected: period.key === selected };
      }),
    );
  }

  router.get("/dashboard", ...guard, page(async (ctx) => {
    const model = await periodReport(db, { period: await periodParam(ctx), now: deps.clock(), schedule: deps.schedule });
    const plan = await db.plan.findUniqueOrThrow({ where: { year: model.period.year } });
    const queue = await closureQueue(db, plan.id);
    const late = await overdueMilestones(db, plan.id, shanghaiDate(deps.clock()));
    const filter = parseOverviewFilter(ctx.query);
    const view = filterOverview(model, filter, await returnedTaskNos(db, plan.id));
    const collectives = await loadCollectives(db);
    const tasks = view.tasks.map((t) => ({ ...t, leadLabel: collapseUnits(t.leadUnits, collectives).join("、") }));
    const unitNames = [...model.units].map((u) => u.unit).sort((a, b) => a.localeCompare(b, "zh-CN"));
    // 督办等级 (issue 23) of each late unit still owing the period's report.
    const owing = model.units.filter((u) => u.missing > 0);
    const rungIds = await unitRungs(db, owing.map((u) => ({ unitId: u.unitId, periodKeys: [model.period.key] })));
    const rungs = Object.fromEntries(owing.flatMap((u) => {
      const rung = rungIds.get(u.unitId);
      return rung ? [[u.unit, { rung, label: reportTemplates().base.t(`ladder.rung.${rung}`) }]] : [];
    }));
    return renderPage("period", { signedIn: ctx.state.signedIn, m: model, rungs, queue, overdueMilestones: late, periods: await periodOptions(model.period.key), formats: REPORT_FORMATS, f: filter, filtered: isFiltered(filter), view: { ...view, tasks }, unitNames, states: TASK_STATES, kinds: UNIT_KINDS, lights: LIGHTS });
  }));

  router.get("/dashboard/units/:name", ...guard, page(async (ctx) => {
    const unit = (await loadUnitLookup(db)).require(ctx.params.name!);
    const model = await periodReport(db, { period: await periodParam(ctx), unit: unit.name, now: deps.clock(), schedule: deps.schedule });
    const plan = await db.plan.findUniqueOrThrow({ where: { year: model.period.year } });
    const hist = await pagedHistory(db, { unitId: unit.id, planId: plan.id }, ctx.query, model.period.key);
    const taskNos = new Map((await db.task.findMany({ where: { planId: plan.id }, select: { id: true, no: true } })).map((t) => [t.id, t.no]));
    // 督办等级 (issue 23): the unit's rung while it still owes this period's report.
    const rung = model.totals.missing > 0 ? (await unitRungs(db, [{ unitId: unit.id, periodKeys: [model.period.key] }])).get(unit.id) : undefined;
    return renderPage("unit", {
      signedIn: ctx.state.signedIn,
      m: model,
      unit,
      rung: rung ? { rung, label: reportTemplates().base.t(`ladder.rung.${rung}`) } : null,
      periods: await periodOptions(model.period.key),
      formats: REPORT_FORMATS,
      history: hist.rows.map((r) => ({ ...r, taskNo: taskNos.get(r.taskId) })),
      hist,
    });
  }));

  router.get("/dashboard/tasks/:no", ...guard, page(async (ctx) => {
    const no = taskNoParam(ctx.params.no);
    const model = await periodReport(db, { period: await periodParam(ctx), now: deps.clock(), schedule: deps.schedule });
    const plan = await db.plan.findUniqueOrThrow({ where: { year: model.period.year } });
    const task = await db.task.findUnique({ where: { planId_no: { planId: plan.id, no } }, include: { section: true } });
    const row = model.tasks.find((t) => t.no === no);
    if (!task || !row) throw new NotFoundError(`没有第${ctx.params.no}项任务（${plan.year}年）`);
    const units = new Map((await db.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    const hist = await pagedHistory(db, { taskId: task.id, planId: plan.id }, ctx.query, model.period.key);
    const history = hist.rows.map((r) => ({ ...r, unit: units.get(r.unitId) ?? "" }));
    const audit = (await readAudit(db, { taskId: task.id, limit: 100 })).map((a) => ({ ...a, label: reportTemplates().base.t(`bureau.audit.${a.action.replace(".", "_")}`) }));
    // 办结/销号 per lead unit (a task led by several units is closed per unit), and the 落实方案.
    const leads = await db.assignment.findMany({ where: { taskId: task.id, role: "lead" }, include: { unit: { select: { name: true } } }, orderBy: { position: "asc" } });
    const closures = leads.filter((a) => a.closure || a.returnedReason).map((a) => ({ unit: a.unit.name, closure: a.closure, note: a.closureNote, at: a.closureAt, by: a.closureBy, closedAt: a.closedAt, returnedReason: a.returnedReason, returnedAt: a.returnedAt }));
    const taskPlan = await db.taskPlan.findUnique({ where: { taskId: task.id }, include: { unit: { select: { name: true } }, milestones: { orderBy: { position: "asc" } } } });
    const state = taskState(row, await returnedTaskNos(db, plan.id));
    // 督办等级 (issue 23): the ladder's rung of each unit still owing this period's report.
    const owing = (await db.assignment.findMany({ where: { taskId: task.id }, select: { unitId: true } })).filter((a) => row.cells.some((c) => c.unit === units.get(a.unitId) && c.status === "missing"));
    const rungs = Object.fromEntries(
      [...(await unitRungs(db, owing.map((a) => ({ unitId: a.unitId, periodKeys: [model.period.key] })))).entries()].map(([unitId, rung]) => [
        units.get(unitId) ?? "",
        // A text label, coloured by CSS (the pages draw no colour emoji).
        { rung, label: reportTemplates().base.t(`ladder.rung.${rung}`) },
      ]),
    );
    return renderPage("task", { signedIn: ctx.state.signedIn, m: model, task, row, state, rungs, closures, taskPlan, today: shanghaiDate(deps.clock()), indicators: model.indicators.filter((i) => i.taskNo === no), history, hist, audit, periods: await periodOptions(model.period.key) });
  }));
}

/** Renders a page; a typed error (unknown unit, bad period, no such task) becomes an error page. */
export function page(render: (ctx: Context) => Promise<string>) {
  return async (ctx: Context) => {
    ctx.type = "html";
    try {
      // Who is signed in, for the header beside 退出 (nobody for a Bearer-token script).
      ctx.state.signedIn = dashboardUser(ctx)?.name ?? dashboardUser(ctx)?.userId;
      ctx.body = await render(ctx);
    } catch (e) {
      if (!(e instanceof DubanError) || !e.expose) throw e;
      ctx.status = e.status;
      ctx.body = renderPage("error", { status: e.status, message: e.message, signedIn: ctx.state.signedIn });
    }
  };
}
