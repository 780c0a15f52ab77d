// JSON for other tools under /api/v1/, and the period's exports as files. Bearer token or
// a signed-in supervisor's session; 401 otherwise (never a redirect: a script cannot log in through a form).
import type Router from "@koa/router";
import { InputError, NotFoundError } from "../../errors";
import { closureQueue, overdueMilestones } from "../../reporting/closure-queue";
import { reportHistory } from "../../reporting/current-reports";
import { shanghaiDate } from "../../reporting/periods";
import { periodReport } from "../../reporting/period-report";
import { CONTENT_TYPES, REPORT_FORMATS, renderReport, reportFileName, type ReportFormat } from "../../reporting/render/render-report";
import { requireAdmin } from "./admin-auth";
import type { DashboardContext } from "./register-dashboard";
import { securityHeaders } from "./security-headers";
import { taskNoParam, yearParam } from "./task-no-param";

export function registerApiRoutes(router: Router, deps: DashboardContext): void {
  const { db } = deps;
  const guard = [securityHeaders(), requireAdmin({ db, token: deps.token, throttle: deps.throttle, clock: deps.realClock }, "api")];
  const unitQuery = (q: unknown) => (typeof q === "string" && q.trim() ? q.trim() : undefined);

  router.get("/api/v1/periods/:period/matrix", ...guard, async (ctx) => {
    ctx.body = await periodReport(db, { period: ctx.params.period!, unit: unitQuery(ctx.query.unit), now: deps.clock(), schedule: deps.schedule });
  });

  router.get("/api/v1/periods/:period/:file", ...guard, async (ctx) => {
    const m = /^report\.(\w+)$/.exec(ctx.params.file!);
    if (!m) return; // 404
    const format = m[1] as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new InputError(`未知格式「${format}」：可用 ${REPORT_FORMATS.join("、")}`, "bad_format");
    const model = await periodReport(db, { period: ctx.params.period!, unit: unitQuery(ctx.query.unit), now: deps.clock(), schedule: deps.schedule });
    const name = reportFileName(model, format);
    ctx.type = CONTENT_TYPES[format];
    ctx.set("Content-Disposition", `attachment; filename="duban-${model.period.key}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    ctx.body = await renderReport(model, format);
  });

  router.get("/api/v1/tasks/:no", ...guard, async (ctx) => {
    const no = taskNoParam(ctx.params.no);
    const year = yearParam(ctx.query.year);
    const plan = year !== undefined ? await db.plan.findUnique({ where: { year } }) : await db.plan.findFirst({ orderBy: { year: "desc" } });
    const task = plan ? await db.task.findUnique({ where: { planId_no: { planId: plan.id, no } }, include: { section: true, assignments: { include: { unit: true }, orderBy: { position: "asc" } } } }) : null;
    if (!plan || !task) throw new NotFoundError(`没有第${ctx.params.no}项任务`);
    const names = new Map(task.assignments.map((a) => [a.unitId, a.unit.name]));
    const reports = await reportHistory(db, { taskId: task.id, planId: plan.id });
    const taskPlan = await db.taskPlan.findUnique({ where: { taskId: task.id }, include: { unit: { select: { name: true } }, milestones: { orderBy: { position: "asc" } } } });
    ctx.body = {
      year: plan.year,
      no: task.no,
      section: { no: task.section.no, title: task.section.title },
      text: task.text,
      deadline: task.deadline,
      countyScope: task.countyScope,
      indicators: JSON.parse(task.indicators) as unknown,
      closure: task.closure,
      units: task.assignments.map((a) => ({
        unit: a.unit.name,
        role: a.role,
        assignedAt: a.assignedAt,
        ...(a.role === "lead" ? { closure: { state: a.closure, basis: a.closureNote, requestedAt: a.closureAt, requestedBy: a.closureBy, closedAt: a.closedAt, closedBy: a.closedBy, returnedReason: a.returnedReason, returnedAt: a.returnedAt } } : {}),
      })),
      plan: taskPlan && {
        unit: taskPlan.unit.name,
        leader: taskPlan.leader,
        measures: taskPlan.measures,
        createdAt: taskPlan.createdAt,
        milestones: taskPlan.milestones.map((ms) => ({ position: ms.position, text: ms.text, dueDate: ms.dueDate, dueText: ms.dueText, doneAt: ms.doneAt, overdue: !ms.doneAt && !!ms.dueDate && ms.dueDate < shanghaiDate(deps.clock()) })),
      },
      reports: reports.map((r) => ({ id: r.id, period: r.period, unit: names.get(r.unitId) ?? null, text: r.text, late: r.late, superseded: r.superseded, withdrawn: r.withdrawn, createdAt: r.createdAt, platform: r.platform, userId: r.userId, userName: r.userName, messageId: r.messageId })),
    };
  });

  /** The 待销号 queue and the overdue 时间节点 of a year's plan (default: the latest). */
  router.get("/api/v1/closures", ...guard, async (ctx) => {
    const year = yearParam(ctx.query.year);
    const plan = year !== undefined ? await db.plan.findUnique({ where: { year } }) : await db.plan.findFirst({ orderBy: { year: "desc" } });
    if (!plan) throw new NotFoundError("没有该年度的任务分解");
    ctx.body = { year: plan.year, pending: await closureQueue(db, plan.id), overdueMilestones: await overdueMilestones(db, plan.id, shanghaiDate(deps.clock())) };
  });

  router.get("/api/v1/units", ...guard, async (ctx) => {
    const units = await db.unit.findMany({ include: { aliases: true }, orderBy: { id: "asc" } });
    ctx.body = units.map((u) => ({ name: u.name, kind: u.kind, aliases: u.aliases.map((a) => a.alias) }));
  });
}
