// The 对表 verdict and the 红黄绿灯 of every task of a report, from rows already loaded plus
// one grouped read of the year's reports: the report page is built on every dashboard view
// and must stay within its 200 ms (bench/report-bench.ts), so nothing here queries per unit.
// Same rules as plan-status.ts (pairStatus: a pair is overdue when the period is past its
// deadline unreported, or the previous quarter of the current year is missing past its own
// deadline), task-verdict.ts and status-light.ts. Every quarter is made under the reportBy rule
// `period` carries (periods.ts), so "passed" means past the schedule's deadline, as in chat.
import type { Db, Tx } from "../db/client";
import type { WorkCalendar } from "../reminders/work-calendar";
import { NOT_WITHDRAWN } from "./current-report";
import { milestonesByTask, milestonesOf } from "./load-milestones";
import { isOverdue, periodAt, periodOf, shanghaiDate, type Period, type ReportByRule } from "./periods";
import { pairStatus, previousPeriod } from "./plan-status";
import { statusLight, worstLight, type Light } from "./status-light";
import { taskVerdict, type Verdict } from "./task-verdict";

export interface JudgedTask {
  id: number;
  /** As of the period judged: the lights read it. */
  closure: string | null;
  /**
   * The closure today, when the period is a past one: 对表 is a verdict as of now (README), so a
   * task 销号 since is 已办结 in every period's 对表 column, as in the 对表 sheet. Default: closure.
   */
  closureNow?: string | null;
  deadline: string | null;
  /** Groups such as 市政府各部门 already left out. `closed`: the pair is 销号 as of the period (else the task's closure). */
  assignments: { unitId: number; role: string; closed?: boolean }[];
}

export interface Judged {
  verdicts: Map<number, Verdict>;
  lightByTask: Map<number, Light>;
  lightByUnit: Map<number, Light>;
}

/** @param period the period judged, made under schedule.yaml's reportBy (planInForce, resolvePeriod): its rule dates every quarter */
export async function judgeTasks(db: Db | Tx, planId: number, planYear: number, period: Period, tasks: JudgedTask[], now: Date, calendar: WorkCalendar): Promise<Judged> {
  const today = shanghaiDate(now);
  const quarters = ([1, 2, 3, 4] as const).map((q) => periodOf(planYear, q, period.rule));
  const rows = await db.report.groupBy({
    by: ["taskId", "unitId", "period"],
    where: { task: { planId }, period: { in: quarters.map((p) => p.key) }, ...NOT_WITHDRAWN, ...(tasks.length < 50 ? { taskId: { in: tasks.map((t) => t.id) } } : {}) },
  });
  const sent = new Set(rows.map((r) => `${r.taskId}:${r.unitId}:${r.period}`));
  const milestones = await milestonesByTask(db, tasks.map((t) => t.id));
  const passed = quarters.filter((p) => p.deadline < today);
  const overdue = isOverdue(period, now);
  const previous = periodAt(now).key === period.key ? previousPeriod(period) : null;

  const out: Judged = { verdicts: new Map(), lightByTask: new Map(), lightByUnit: new Map() };
  for (const t of tasks) {
    const ms = milestones.get(t.id) ?? [];
    const leads = t.assignments.filter((a) => a.role === "lead");
    const owing = leads.length ? leads : t.assignments;
    const missedReports = owing.reduce((n, a) => n + passed.filter((p) => !sent.has(`${t.id}:${a.unitId}:${p.key}`)).length, 0);
    out.verdicts.set(t.id, taskVerdict({ today, planYear, closure: t.closureNow !== undefined ? t.closureNow : t.closure, deadline: t.deadline, milestones: ms, missedReports }));
    for (const a of t.assignments) {
      const reported = sent.has(`${t.id}:${a.unitId}:${period.key}`);
      const reportedBefore = previous !== null && sent.has(`${t.id}:${a.unitId}:${previous.key}`);
      const { status } = pairStatus({ closed: a.closed ?? t.closure === "closed", reported, overdue, previous, reportedBefore, now });
      const light = statusLight(
        { today, closure: a.closed === undefined ? t.closure : a.closed ? "closed" : t.closure === "closed" ? "pending" : t.closure, deadline: t.deadline, milestones: milestonesOf(ms, a.unitId), quarterDeadline: period.deadline, reportedThisQuarter: status === "reported", reportOverdue: status === "overdue" },
        calendar,
      );
      out.lightByTask.set(t.id, worstLight([out.lightByTask.get(t.id) ?? "none", light]));
      out.lightByUnit.set(a.unitId, worstLight([out.lightByUnit.get(a.unitId) ?? "none", light]));
    }
  }
  return out;
}

export interface TaskVerdictRow {
  taskId: number;
  no: number;
  text: string;
  verdict: Verdict;
}

/**
 * Every task of the plan with its 对表 verdict at `now`, in task order. A missed report is a
 * quarter of the plan's year whose deadline has passed with no current report from a lead
 * unit (from every unit when the task names no lead; groups never report).
 */
/**
 * @param rule schedule.yaml's reportBy (the ScheduleConfig will do): when each quarter's report was due
 */
export async function yearVerdicts(db: Db | Tx, planId: number, now: Date, calendar: WorkCalendar, rule: ReportByRule | undefined): Promise<TaskVerdictRow[]> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId } });
  const tasks = await db.task.findMany({
    where: { planId },
    select: { id: true, no: true, text: true, closure: true, deadline: true, assignments: { where: { unit: { kind: { not: "group" } } }, select: { unitId: true, role: true } } },
    orderBy: { no: "asc" },
  });
  const judged = await judgeTasks(db, planId, plan.year, periodOf(plan.year, 4, rule), tasks, now, calendar);
  return tasks.map((t) => ({ taskId: t.id, no: t.no, text: t.text, verdict: judged.verdicts.get(t.id)! }));
}
