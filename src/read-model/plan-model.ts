// Every plan in memory (all years: a past plan stays in force until this year's is imported):
// sections, tasks, assignments by unit and by task, and each task's 落实方案 with its
// milestones. planInForce(now) is computed here with no query.
import type { Db, Tx } from "../db/client";
import type { Milestone, Section, Task, TaskPlan } from "../generated/sqlite/client";
import type { PlanInForce } from "../reporting/plan-status";
import { planPeriodAt, shanghaiYear, type ReportByRule } from "../reporting/periods";

export interface ModelPlan {
  id: number;
  year: number;
  title: string | null;
  docNo: string | null;
  /** Tasks by number. */
  tasks: Map<number, ModelTask>;
}

export type ModelTask = Task & { section: Section };

export interface ModelAssignment {
  taskId: number;
  unitId: number;
  role: string;
  position: number;
  source: string;
  /** When the bureau assigned it (null: the document's unit, from the plan's start). */
  assignedAt: Date | null;
  /** The lead unit's own 办结/销号 (null for other roles). */
  closure: string | null;
  closedAt: Date | null;
  task: ModelTask;
}

export interface PlanModel {
  plans: ModelPlan[];
  /** This business year's plan, or else the latest one imported (as planInForce in src/reporting). */
  planInForce(now: Date, rule?: ReportByRule): PlanInForce | null;
  plan(id: number): ModelPlan | undefined;
  task(planId: number, no: number): ModelTask | undefined;
  /** A unit's assignments in a plan, by task number. */
  assignmentsOf(planId: number, unitId: number): ModelAssignment[];
  /** A task's assignments, by position. */
  assignmentsFor(taskId: number): ModelAssignment[];
  taskPlan(taskId: number): (TaskPlan & { milestones: Milestone[] }) | undefined;
}

export async function loadPlanModel(db: Db | Tx): Promise<PlanModel> {
  const [planRows, sectionRows, taskRows, assignmentRows, taskPlanRows, milestoneRows] = await Promise.all([
    db.plan.findMany({ orderBy: { year: "asc" } }),
    db.section.findMany(),
    db.task.findMany({ orderBy: [{ planId: "asc" }, { no: "asc" }] }),
    db.assignment.findMany({ orderBy: { id: "asc" } }),
    db.taskPlan.findMany(),
    db.milestone.findMany({ orderBy: [{ taskPlanId: "asc" }, { position: "asc" }] }),
  ]);
  const sections = new Map(sectionRows.map((s) => [s.id, s]));
  const plans = planRows.map((p): ModelPlan => ({ id: p.id, year: p.year, title: p.title, docNo: p.docNo, tasks: new Map() }));
  const planById = new Map(plans.map((p) => [p.id, p]));
  const taskById = new Map<number, ModelTask>();
  // The tables are read in separate statements, not one snapshot: an import committing between
  // them can leave a row whose parent was not read. Such rows are skipped; the import moved the
  // counter after it was read, so the next message reloads a consistent model.
  for (const t of taskRows) {
    const section = sections.get(t.sectionId);
    if (!section) continue;
    const task = { ...t, section };
    taskById.set(t.id, task);
    planById.get(t.planId)?.tasks.set(t.no, task);
  }
  const byUnit = new Map<string, ModelAssignment[]>();
  const byTask = new Map<number, ModelAssignment[]>();
  for (const a of assignmentRows) {
    const task = taskById.get(a.taskId);
    if (!task) continue;
    const row: ModelAssignment = { taskId: a.taskId, unitId: a.unitId, role: a.role, position: a.position, source: a.source, assignedAt: a.assignedAt, closure: a.closure, closedAt: a.closedAt, task };
    const k = `${task.planId}:${a.unitId}`;
    byUnit.set(k, [...(byUnit.get(k) ?? []), row]);
    byTask.set(a.taskId, [...(byTask.get(a.taskId) ?? []), row]);
  }
  for (const list of byUnit.values()) list.sort((x, y) => x.task.no - y.task.no);
  for (const list of byTask.values()) list.sort((x, y) => x.position - y.position);
  const milestones = new Map<number, Milestone[]>();
  for (const m of milestoneRows) milestones.set(m.taskPlanId, [...(milestones.get(m.taskPlanId) ?? []), m]);
  const taskPlans = new Map(taskPlanRows.map((tp) => [tp.taskId, { ...tp, milestones: milestones.get(tp.id) ?? [] }]));

  return {
    plans,
    planInForce(now, rule) {
      const year = shanghaiYear(now);
      const plan = plans.find((p) => p.year === year) ?? plans[plans.length - 1];
      if (!plan) return null;
      const { period, planIsCurrent } = planPeriodAt(plan.year, now, rule);
      return { id: plan.id, year: plan.year, taskCount: plan.tasks.size, period, planIsCurrent };
    },
    plan: (id) => planById.get(id),
    task: (planId, no) => planById.get(planId)?.tasks.get(no),
    assignmentsOf: (planId, unitId) => byUnit.get(`${planId}:${unitId}`) ?? [],
    assignmentsFor: (taskId) => byTask.get(taskId) ?? [],
    taskPlan: (taskId) => taskPlans.get(taskId),
  };
}
