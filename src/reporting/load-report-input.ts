// Reads what buildReport() needs for one plan and period from the database: sections, tasks
// with their assignments, and the current report of each pair (current-reports.ts).
import type { Db, Tx } from "../db/client";
import type { Indicator } from "../plan/types";
import { createWorkCalendar, type WorkCalendar } from "../reminders/work-calendar";
import { yearVerdicts } from "./load-task-state";
import { periodAt } from "./periods";
import type { Light } from "./status-light";
import { unitLights } from "./unit-lights";
import { currentReports } from "./current-reports";
import type { Period } from "./periods";
import type { ReportInput } from "./report-model";

/** `now`: also judge each task's 对表 verdict and 红黄绿灯 at that instant (void otherwise). */
export async function loadReportInput(db: Db | Tx, planId: number, period: Period, opts: { unitId?: number; now?: Date; calendar?: WorkCalendar } = {}): Promise<ReportInput> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId } });
  const sections = await db.section.findMany({ where: { planId }, orderBy: { no: "asc" } });
  const tasks = await db.task.findMany({
    where: { planId, ...(opts.unitId !== undefined ? { assignments: { some: { unitId: opts.unitId } } } : {}) },
    // Only the columns the model uses: with three years of data this query dominates a page.
    select: {
      id: true,
      no: true,
      text: true,
      deadline: true,
      indicators: true,
      closure: true,
      section: { select: { no: true } },
      assignments: {
        where: opts.unitId !== undefined ? { unitId: opts.unitId } : undefined,
        select: { unitId: true, role: true, position: true },
      },
    },
    orderBy: { no: "asc" },
  });
  const units = new Map((await db.unit.findMany({ select: { id: true, name: true, kind: true } })).map((u) => [u.id, u]));
  const reports = await currentReports(db, planId, period.key, { unitId: opts.unitId });
  const unitName = opts.unitId !== undefined ? (units.get(opts.unitId)?.name ?? null) : null;
  const judged = opts.now ? await judge(db, plan.id, plan.year, tasks.length, period, opts.now, opts.calendar ?? createWorkCalendar(), opts.unitId) : null;
  return {
    plan: { id: plan.id, year: plan.year, title: plan.title, docNo: plan.docNo },
    period,
    sections: sections.map((s) => ({ no: s.no, title: s.title })),
    tasks: tasks.map((t) => ({
      id: t.id,
      no: t.no,
      sectionNo: t.section.no,
      text: t.text,
      deadline: t.deadline,
      indicators: JSON.parse(t.indicators) as Indicator[],
      closure: t.closure,
      ...(judged ? { verdict: judged.verdicts.get(t.id), light: judged.lights.byTask.get(t.id) ?? "none" } : {}),
      assignments: t.assignments.map((a) => ({ unitId: a.unitId, unitName: units.get(a.unitId)!.name, unitKind: units.get(a.unitId)!.kind, role: a.role, position: a.position })),
    })),
    reports,
    unitName,
    ...(judged ? { unitLights: Object.fromEntries(judged.lights.byUnit) as Record<number, Light> } : {}),
  };
}

/** Verdicts and lights as of `now`; lights judge the period's reports, as 我的任务 does. */
async function judge(db: Db | Tx, planId: number, year: number, taskCount: number, period: Period, now: Date, calendar: WorkCalendar, unitId?: number) {
  const verdicts = new Map((await yearVerdicts(db, planId, now)).map((v) => [v.taskId, v.verdict]));
  const units = unitId !== undefined ? [unitId] : (await db.unit.findMany({ where: { kind: { not: "group" } }, select: { id: true } })).map((u) => u.id);
  const inForce = { id: planId, year, taskCount, period, planIsCurrent: periodAt(now).key === period.key };
  const lights = await unitLights(db, inForce, units, now, calendar);
  return { verdicts, lights };
}
