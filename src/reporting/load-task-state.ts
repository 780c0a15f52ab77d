// What the 对表 verdicts and the 红黄绿灯 read beyond reports: each task's milestones, and
// which quarterly reports each (task, unit) has sent in the plan's year.
import type { Db, Tx } from "../db/client";
import { NOT_WITHDRAWN } from "./current-report";
import type { MilestoneLike } from "./milestone-state";
import { periodOf, shanghaiDate } from "./periods";
import { taskVerdict, type Verdict } from "./task-verdict";

/** Milestones per task id (empty until a 落实方案 gives some). */
export async function milestonesByTask(db: Db | Tx, taskIds: number[]): Promise<Map<number, MilestoneLike[]>> {
  const rows = await db.milestone.findMany({ where: { taskId: { in: taskIds } }, select: { taskId: true, dueDate: true, doneAt: true }, orderBy: { position: "asc" } });
  const out = new Map<number, MilestoneLike[]>();
  for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), { dueDate: r.dueDate, doneAt: r.doneAt }]);
  return out;
}

export interface TaskVerdictRow {
  taskId: number;
  no: number;
  text: string;
  verdict: Verdict;
}

/**
 * Every task of the plan with its 对表 verdict at `now`. A missed report is a quarter of the
 * plan's year whose deadline has passed with no current report from a lead unit (from every
 * unit when the task names no lead; groups such as 市政府各部门 never report).
 */
export async function yearVerdicts(db: Db | Tx, planId: number, now: Date): Promise<TaskVerdictRow[]> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId } });
  const today = shanghaiDate(now);
  const tasks = await db.task.findMany({
    where: { planId },
    select: { id: true, no: true, text: true, closure: true, deadline: true, assignments: { where: { unit: { kind: { not: "group" } } }, select: { unitId: true, role: true } } },
    orderBy: { no: "asc" },
  });
  const passed = ([1, 2, 3, 4] as const).map((q) => periodOf(plan.year, q)).filter((p) => p.deadline < today);
  const rows = passed.length
    ? await db.report.groupBy({ by: ["taskId", "unitId", "period"], where: { task: { planId }, period: { in: passed.map((p) => p.key) }, ...NOT_WITHDRAWN } })
    : [];
  const sent = new Set(rows.map((r) => `${r.taskId}:${r.unitId}:${r.period}`));
  const milestones = await milestonesByTask(db, tasks.map((t) => t.id));
  return tasks.map((t) => {
    const leads = t.assignments.filter((a) => a.role === "lead");
    const owing = leads.length ? leads : t.assignments;
    const missedReports = owing.reduce((n, a) => n + passed.filter((p) => !sent.has(`${t.id}:${a.unitId}:${p.key}`)).length, 0);
    const verdict = taskVerdict({ today, planYear: plan.year, closure: t.closure, deadline: t.deadline, milestones: milestones.get(t.id) ?? [], missedReports });
    return { taskId: t.id, no: t.no, text: t.text, verdict };
  });
}
