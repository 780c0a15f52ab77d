// Who has reported what: the plan in force, a unit's tasks with their status for a period,
// and the unreported counts per unit. Read-only queries shared by chat replies and exports.
import type { Db, Tx } from "../db/client";
import { isOverdue, planPeriodAt, type Period } from "./periods";

export type Status = "reported" | "unreported" | "overdue";

export interface PlanInForce {
  id: number;
  year: number;
  taskCount: number;
  period: Period;
  /** false when the plan is not this (business) year's: replies say which period they mean. */
  planIsCurrent: boolean;
}

/** This business year's plan, or else the latest one imported. */
export async function planInForce(db: Db | Tx, now: Date): Promise<PlanInForce | null> {
  const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
  const plan =
    (await db.plan.findUnique({ where: { year }, include: { _count: { select: { tasks: true } } } })) ??
    (await db.plan.findFirst({ orderBy: { year: "desc" }, include: { _count: { select: { tasks: true } } } }));
  if (!plan) return null;
  const { period, planIsCurrent } = planPeriodAt(plan.year, now);
  return { id: plan.id, year: plan.year, taskCount: plan._count.tasks, period, planIsCurrent };
}

export interface UnitTask {
  taskId: number;
  no: number;
  text: string;
  sectionNo: number;
  sectionTitle: string;
  unitId: number;
  unitName: string;
  role: string;
  status: Status;
}

/** Every (task, unit) assignment of the given units in the plan, with this period's status. */
export async function unitTasks(db: Db | Tx, plan: PlanInForce, unitIds: number[], now: Date): Promise<UnitTask[]> {
  const assignments = await db.assignment.findMany({
    where: { unitId: { in: unitIds }, task: { planId: plan.id } },
    include: { task: { include: { section: true } }, unit: true },
    orderBy: [{ task: { no: "asc" } }, { unitId: "asc" }],
  });
  const reported = await reportedPairs(db, plan, unitIds);
  const overdue = isOverdue(plan.period, now);
  return assignments.map((a) => ({
    taskId: a.taskId,
    no: a.task.no,
    text: a.task.text,
    sectionNo: a.task.section.no,
    sectionTitle: a.task.section.title,
    unitId: a.unitId,
    unitName: a.unit.name,
    role: a.role,
    status: reported.has(`${a.taskId}:${a.unitId}`) ? "reported" : overdue ? "overdue" : "unreported",
  }));
}

/** "taskId:unitId" for every pair with a report in the plan's period. */
export async function reportedPairs(db: Db | Tx, plan: PlanInForce, unitIds?: number[]): Promise<Set<string>> {
  const rows = await db.report.groupBy({
    by: ["taskId", "unitId"],
    where: { period: plan.period.key, task: { planId: plan.id }, ...(unitIds ? { unitId: { in: unitIds } } : {}) },
  });
  return new Set(rows.map((r) => `${r.taskId}:${r.unitId}`));
}

export interface UnitBacklog {
  unitId: number;
  unitName: string;
  unreported: number;
  total: number;
}

/** Units with unreported tasks in the period, most behind first (groups such as 市政府各部门 excluded). */
export async function backlogByUnit(db: Db | Tx, plan: PlanInForce): Promise<UnitBacklog[]> {
  const assignments = await db.assignment.findMany({
    where: { task: { planId: plan.id }, unit: { kind: { not: "group" } } },
    select: { taskId: true, unitId: true, unit: { select: { name: true } } },
  });
  const reported = await reportedPairs(db, plan);
  const byUnit = new Map<number, UnitBacklog>();
  for (const a of assignments) {
    const b = byUnit.get(a.unitId) ?? { unitId: a.unitId, unitName: a.unit.name, unreported: 0, total: 0 };
    b.total++;
    if (!reported.has(`${a.taskId}:${a.unitId}`)) b.unreported++;
    byUnit.set(a.unitId, b);
  }
  return [...byUnit.values()].filter((b) => b.unreported > 0).sort((x, y) => y.unreported - x.unreported || x.unitId - y.unitId);
}
