// Reads what buildReport() needs for one plan and period from the database: sections, tasks
// with their assignments, and the current report of each pair (current-reports.ts).
import type { Db, Tx } from "../db/client";
import type { Indicator } from "../plan/types";
import { createWorkCalendar, type WorkCalendar } from "../reminders/work-calendar";
import { judgeTasks } from "./judge-tasks";
import { currentReports } from "./current-reports";
import { approvedExtensions } from "./extensions";
import { assignedIn, closedIn, closureIn } from "./period-scope";
import type { Period } from "./periods";
import type { ReportInput } from "./report-model";

/** `now`: also judge each task's 对表 verdict and 红黄绿灯 at that instant (void otherwise). */
export async function loadReportInput(db: Db | Tx, planId: number, period: Period, opts: { unitId?: number; now?: Date; calendar?: WorkCalendar } = {}): Promise<ReportInput> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId } });
  const sections = await db.section.findMany({ where: { planId }, orderBy: { no: "asc" } });
  const rows = await db.task.findMany({
    where: { planId, ...(opts.unitId !== undefined ? { assignments: { some: { unitId: opts.unitId } } } : {}) },
    // Only the columns the model uses: with three years of data this query dominates a page.
    select: {
      id: true,
      no: true,
      text: true,
      deadline: true,
      indicators: true,
      closure: true,
      closureAt: true,
      closedAt: true,
      section: { select: { no: true } },
      assignments: {
        where: opts.unitId !== undefined ? { unitId: opts.unitId } : undefined,
        select: { unitId: true, role: true, position: true, assignedAt: true, closure: true, closedAt: true },
      },
    },
    orderBy: { no: "asc" },
  });
  // The period counts what had happened by its end (period-scope.ts): units assigned later are
  // left out, and each pair is 销号 only from the quarter of its 销号.
  const tasks = rows.map((t) => ({
    ...t,
    closure: closureIn(t, period),
    assignments: t.assignments.filter((a) => assignedIn(a.assignedAt, period)).map((a) => ({ unitId: a.unitId, role: a.role, position: a.position, closed: closedIn(t, a, period) })),
  }));
  const units = new Map((await db.unit.findMany({ select: { id: true, name: true, kind: true } })).map((u) => [u.id, u]));
  const reports = await currentReports(db, planId, period.key, { unitId: opts.unitId });
  const unitName = opts.unitId !== undefined ? (units.get(opts.unitId)?.name ?? null) : null;
  const judged = opts.now
    ? await judgeTasks(
        db,
        plan.id,
        plan.year,
        period,
        tasks.map((t) => ({ id: t.id, closure: t.closure, deadline: t.deadline, assignments: t.assignments.filter((a) => units.get(a.unitId)?.kind !== "group") })),
        opts.now,
        opts.calendar ?? createWorkCalendar(),
      )
    : null;
  const extended = [...(await approvedExtensions(db, tasks.map((t) => t.id))).values()].flat();
  const noOf = new Map(tasks.map((t) => [t.id, t.no]));
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
      ...(judged ? { verdict: judged.verdicts.get(t.id), light: judged.lightByTask.get(t.id) ?? "none" } : {}),
      assignments: t.assignments.map((a) => ({ unitId: a.unitId, unitName: units.get(a.unitId)!.name, unitKind: units.get(a.unitId)!.kind, role: a.role, position: a.position, closed: a.closed })),
    })),
    reports,
    unitName,
    ...(judged ? { unitLights: Object.fromEntries(judged.lightByUnit) } : {}),
    ...(extended.length ? { extensions: extended.map((e) => ({ taskNo: noOf.get(e.taskId)!, position: e.position, date: e.date })) } : {}),
  };
}
