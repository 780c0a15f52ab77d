// Who has reported what: the plan in force, a unit's tasks with their status for a period,
// and the unreported counts per unit. Read-only queries shared by chat replies and exports.
import type { Db, Tx } from "../db/client";
import type { ReadModelSnapshot } from "../read-model/read-model";
import { NOT_WITHDRAWN } from "./current-report";
import { assignedIn, closedIn } from "./period-scope";
import { isOverdue, periodOf, planPeriodAt, shanghaiYear, type Period, type ReportByRule } from "./periods";

/**
 * "closed": the pair is 销号 (period-scope.ts) and has no report for the period — completed,
 * owes no more reports, shown as 已办结. A pair that reported is "reported", 销号 or not.
 */
export type Status = "reported" | "unreported" | "overdue" | "closed";

export interface PlanInForce {
  id: number;
  year: number;
  taskCount: number;
  period: Period;
  /** false when the plan is not this (business) year's: replies say which period they mean. */
  planIsCurrent: boolean;
}

/**
 * This business year's plan, or else the latest one imported.
 * @param rule schedule.yaml's reportBy (the ScheduleConfig itself will do): its period's deadline, and every period derived from it
 */
export async function planInForce(db: Db | Tx, now: Date, rule?: ReportByRule): Promise<PlanInForce | null> {
  const year = shanghaiYear(now);
  const plan =
    (await db.plan.findUnique({ where: { year }, include: { _count: { select: { tasks: true } } } })) ??
    (await db.plan.findFirst({ orderBy: { year: "desc" }, include: { _count: { select: { tasks: true } } } }));
  if (!plan) return null;
  const { period, planIsCurrent } = planPeriodAt(plan.year, now, rule);
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
  /**
   * "overdue" when this period is past its deadline unreported, or when the previous period
   * of the same plan year was left unreported (逾期 until its 补报 arrives).
   */
  status: Status;
  /** The previous period's key when its report is missing (the plan's year only). */
  previousMissing?: string;
  /** 完成时限 (YYYY-MM-DD) when the document gives one. */
  deadline: string | null;
  /** 办结/销号 of this pair as of the period: null in progress, "pending" (待销号) or "closed". */
  closure: string | null;
}

/** The period before `p` in the same year, or null for the first quarter. */
export function previousPeriod(p: Period): Period | null {
  return p.quarter > 1 ? periodOf(p.year, (p.quarter - 1) as 1 | 2 | 3, p.rule) : null;
}

/** Every (task, unit) assignment of the given units in the plan, with this period's status. */
export async function unitTasks(db: Db | Tx, plan: PlanInForce, unitIds: number[], now: Date): Promise<UnitTask[]> {
  const assignments = (
    await db.assignment.findMany({
      where: { unitId: { in: unitIds }, task: { planId: plan.id } },
      include: { task: { include: { section: true } }, unit: true },
      orderBy: [{ task: { no: "asc" } }, { unitId: "asc" }],
    })
  ).filter((a) => assignedIn(a.assignedAt, plan.period));
  const reported = await reportedPairs(db, plan, unitIds);
  const overdue = isOverdue(plan.period, now);
  // Only while the plan is the current year's: a past plan is reported against its year summary.
  const previous = plan.planIsCurrent ? previousPeriod(plan.period) : null;
  const reportedBefore = previous ? await reportedPairs(db, plan, unitIds, previous.key) : null;
  return assignments.map((a) => statusOf({ ...a, unitName: a.unit.name }, { period: plan.period, reported, reportedBefore, previous, overdue, now }));
}

interface StatusInput {
  period: Period;
  reported: Set<string>;
  reportedBefore: Set<string> | null;
  previous: Period | null;
  overdue: boolean;
  now: Date;
}

type AssignmentRow = {
  taskId: number;
  unitId: number;
  unitName: string;
  role: string;
  assignedAt: Date | null;
  closure: string | null;
  closedAt: Date | null;
  task: { no: number; text: string; deadline: string | null; closure: string | null; closedAt: Date | null; section: { no: number; title: string } };
};

export interface PairFacts {
  closed: boolean;
  /** A current report for the period. */
  reported: boolean;
  /** The period is past its deadline (isOverdue). */
  overdue: boolean;
  /** The previous period of the same plan year, while the plan is the current year's; else null. */
  previous: Period | null;
  /** A current report for `previous`. */
  reportedBefore: boolean;
  now: Date;
}

/**
 * One (task, unit) pair's status: the one rule chat (我的任务, its lights) and the report's
 * lights (judge-tasks.ts) share, so the dashboard is never red where chat is on time.
 */
export function pairStatus({ closed, reported, overdue, previous, reportedBefore, now }: PairFacts): { status: Status; previousMissing?: string } {
  // Under reportBy {daysAfterQuarter} last quarter may still be open: missing, not yet 逾期.
  const previousMissing = !closed && previous && isOverdue(previous, now) && !reportedBefore ? previous.key : undefined;
  // Reported first: a pair that reported and was 销号 since is reported in every view.
  const status: Status = reported ? "reported" : closed ? "closed" : overdue || previousMissing ? "overdue" : "unreported";
  return previousMissing ? { status, previousMissing } : { status };
}

/** One assignment's status: the same rule whether the rows came from the database or the read model. */
function statusOf(a: AssignmentRow, { period, reported, reportedBefore, previous, overdue, now }: StatusInput): UnitTask {
  const pair = `${a.taskId}:${a.unitId}`;
  const closed = closedIn(a.task, a, period);
  // A unit assigned this quarter owed nothing last quarter.
  const owedBefore = previous && assignedIn(a.assignedAt, previous) ? previous : null;
  const { status, previousMissing } = pairStatus({ closed, reported: reported.has(pair), overdue, previous: owedBefore, reportedBefore: reportedBefore?.has(pair) ?? false, now });
  // Its own 办结 for a lead unit, the task's for another; a 销号 after the period shows as 待销号.
  const own = a.role === "lead" ? a.closure : a.task.closure;
  return {
    taskId: a.taskId,
    no: a.task.no,
    text: a.task.text,
    sectionNo: a.task.section.no,
    sectionTitle: a.task.section.title,
    unitId: a.unitId,
    unitName: a.unitName,
    role: a.role,
    status,
    ...(previousMissing ? { previousMissing } : {}),
    deadline: a.task.deadline,
    closure: closed ? "closed" : own ? "pending" : null,
  };
}

/**
 * unitTasks answered from the read model: the assignments from memory, the reported pairs
 * from its per-period sets (one query for units not yet asked about since reports changed).
 */
export async function unitTasksFromModel(model: ReadModelSnapshot, plan: PlanInForce, unitIds: number[], now: Date, onlyTaskId?: number): Promise<UnitTask[]> {
  const overdue = isOverdue(plan.period, now);
  const previous = plan.planIsCurrent ? previousPeriod(plan.period) : null;
  // Both periods in one query when the reports changed.
  await model.reported.load(previous ? [plan.period.key, previous.key] : [plan.period.key], unitIds);
  const reported = await model.reported.pairs(plan.period.key, unitIds);
  const reportedBefore = previous ? await model.reported.pairs(previous.key, unitIds) : null;
  // One task's units (任务 N's light) without walking every task of every unit.
  const wanted = new Set(unitIds);
  const rows = (onlyTaskId !== undefined ? model.plan.assignmentsFor(onlyTaskId).filter((a) => wanted.has(a.unitId)) : unitIds.flatMap((u) => model.plan.assignmentsOf(plan.id, u))).filter((a) =>
    assignedIn(a.assignedAt, plan.period),
  );
  // The same order as unitTasks' query: by task number, then unit.
  rows.sort((x, y) => x.task.no - y.task.no || x.unitId - y.unitId);
  // The plan and the directory are loaded apart: an assignment to a unit the directory has not
  // loaded yet (an import in between) is left out until the next message reloads both.
  return rows.flatMap((a) => {
    const unit = model.directory.units.get(a.unitId);
    return unit ? [statusOf({ ...a, unitName: unit.name }, { period: plan.period, reported, reportedBefore, previous, overdue, now })] : [];
  });
}

/** "taskId:unitId" for every pair with a current report in the plan's period (or `periodKey`). */
export async function reportedPairs(db: Db | Tx, plan: PlanInForce, unitIds?: number[], periodKey = plan.period.key): Promise<Set<string>> {
  const rows = await db.report.groupBy({
    by: ["taskId", "unitId"],
    where: { period: periodKey, ...NOT_WITHDRAWN, task: { planId: plan.id }, ...(unitIds ? { unitId: { in: unitIds } } : {}) },
  });
  return new Set(rows.map((r) => `${r.taskId}:${r.unitId}`));
}

/** reportedPairs() plus every pair 销号 by the period (period-scope.ts): what counts as done in 进度 and the reports. */
export async function completedPairs(db: Db | Tx, plan: PlanInForce, unitIds?: number[]): Promise<Set<string>> {
  const done = await reportedPairs(db, plan, unitIds);
  const closed = await db.assignment.findMany({
    // A lead unit's own 销号 counts even while the task's other leads are still open.
    where: { task: { planId: plan.id }, OR: [{ closure: { not: null } }, { task: { closure: { not: null } } }], ...(unitIds ? { unitId: { in: unitIds } } : {}) },
    select: { taskId: true, unitId: true, role: true, assignedAt: true, closure: true, closedAt: true, task: { select: { closure: true, closedAt: true } } },
  });
  for (const a of closed) if (assignedIn(a.assignedAt, plan.period) && closedIn(a.task, a, plan.period)) done.add(`${a.taskId}:${a.unitId}`);
  return done;
}

export interface UnitBacklog {
  unitId: number;
  unitName: string;
  unreported: number;
  total: number;
  /** Tasks whose previous period (same plan year) has no report: 逾期 until the 补报 arrives. */
  previousMissing: number;
}

/** Units with unreported tasks in the period, most behind first (groups such as 市政府各部门 excluded). */
export async function backlogByUnit(db: Db | Tx, plan: PlanInForce): Promise<UnitBacklog[]> {
  // A 销号 pair owes nothing: it is neither unreported nor overdue (period-scope.ts).
  const assignments = (
    await db.assignment.findMany({
      where: { task: { planId: plan.id }, unit: { kind: { not: "group" } } },
      select: { taskId: true, unitId: true, role: true, assignedAt: true, closure: true, closedAt: true, task: { select: { closure: true, closedAt: true } }, unit: { select: { name: true } } },
    })
  ).filter((a) => assignedIn(a.assignedAt, plan.period) && !closedIn(a.task, a, plan.period));
  const reported = await reportedPairs(db, plan);
  const previous = plan.planIsCurrent ? previousPeriod(plan.period) : null;
  const reportedBefore = previous ? await reportedPairs(db, plan, undefined, previous.key) : null;
  const byUnit = new Map<number, UnitBacklog>();
  for (const a of assignments) {
    const b = byUnit.get(a.unitId) ?? { unitId: a.unitId, unitName: a.unit.name, unreported: 0, total: 0, previousMissing: 0 };
    b.total++;
    if (!reported.has(`${a.taskId}:${a.unitId}`)) b.unreported++;
    if (reportedBefore && previous && assignedIn(a.assignedAt, previous) && !reportedBefore.has(`${a.taskId}:${a.unitId}`)) b.previousMissing++;
    byUnit.set(a.unitId, b);
  }
  return [...byUnit.values()].filter((b) => b.unreported > 0 || b.previousMissing > 0).sort((x, y) => y.unreported - x.unreported || x.unitId - y.unitId);
}
