// A DingTalk 待办 per open item (issue 23): each DingTalk liaison of a unit with a task still due
// gets one 待办 per task and period, from the ladder's first rung (蓝) on; it is marked done once
// the unit's report for that period is stored, and deleted when the task is 销号. The Todo table
// is the memory of what DingTalk holds: this reconciles it with what is due, every few minutes
// (the scheduler's tick), so a report is reflected within minutes, a failed call is tried again
// next pass, and a row is created once (unique per person, task, unit and period).
import type { Db } from "../db/client";
import { shortTitle } from "../reporting/short-title";
import { dayLabel, periodLabel } from "../reporting/period-label";
import { planInForce, unitTasks } from "../reporting/plan-status";
import type { TodoClient } from "../platforms/dingtalk/todo-client";
import type { Templates } from "../templates";
import { ladderRungs } from "./ladder-rungs";
import { QUIET_CLOSURES } from "./quiet-tasks";
import type { ScheduleConfig } from "./schedule-config";
import { shanghaiInstant } from "./stages";
import type { WorkCalendar } from "./work-calendar";

export interface TodoSyncResult {
  created: number;
  completed: number;
  removed: number;
  failed: number;
}

export async function syncTodos(
  deps: { db: Db; templates: Templates; schedule: ScheduleConfig; calendar: WorkCalendar },
  todos: TodoClient,
  now: Date,
  opts: { publicUrl?: string } = {},
): Promise<TodoSyncResult> {
  const result: TodoSyncResult = { created: 0, completed: 0, removed: 0, failed: 0 };
  const db = deps.db;
  const ladder = deps.schedule.ladder;
  if (!ladder) return result;
  const plan = await planInForce(db, now, deps.schedule);
  if (!plan) return result;
  const t = deps.templates.t;
  const period = plan.period;
  const first = ladderRungs(period.deadline, "report", ladder, deps.schedule, deps.calendar)[0]!;

  // 1. What should exist: from the first rung on, one row per DingTalk liaison and due task.
  if (now >= first.at) {
    const liaisons = await db.member.findMany({ where: { platform: "dingtalk", role: "member" }, orderBy: { id: "asc" } });
    const unitIds = [...new Set(liaisons.map((m) => m.unitId))];
    const due = (await unitTasks(db, plan, unitIds, now)).filter((x) => x.status !== "reported" && x.status !== "closed" && !QUIET_CLOSURES.includes(x.closure ?? ""));
    const existing = new Set(
      (await db.todo.findMany({ where: { platform: "dingtalk", period: period.key }, select: { userId: true, taskId: true, unitId: true } })).map((r) => `${r.userId}:${r.taskId}:${r.unitId}`),
    );
    const fresh = liaisons.flatMap((m) => due.filter((x) => x.unitId === m.unitId && !existing.has(`${m.userId}:${x.taskId}:${x.unitId}`)).map((x) => ({ platform: "dingtalk", userId: m.userId, taskId: x.taskId, unitId: x.unitId, period: period.key })));
    if (fresh.length) await db.todo.createMany({ data: fresh });
  }

  // 2. Create at DingTalk what is open and not yet there.
  const toCreate = await db.todo.findMany({ where: { platform: "dingtalk", state: "open", vendorId: null }, orderBy: { id: "asc" }, take: 200 });
  if (toCreate.length) {
    const tasks = new Map((await db.task.findMany({ where: { id: { in: toCreate.map((r) => r.taskId) } }, select: { id: true, no: true, text: true } })).map((x) => [x.id, x]));
    const units = new Map((await db.unit.findMany({ where: { id: { in: toCreate.map((r) => r.unitId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    for (const row of toCreate) {
      const task = tasks.get(row.taskId)!;
      if (row.period !== period.key) continue; // a past period's row never made it: no use now
      const r = await todos.create(row.userId, {
        subject: t("todo.subject", { no: task.no, period: periodLabel(t, period), unit: units.get(row.unitId) ?? "" }),
        description: t("todo.description", { no: task.no, title: shortTitle(task.text), deadline: dayLabel(t, period.deadline) }),
        dueTime: shanghaiInstant(period.deadline, ladder.workingHours.to),
        ...(opts.publicUrl ? { detailUrl: opts.publicUrl } : {}),
      });
      if (!r.ok) {
        result.failed++;
        continue;
      }
      await db.todo.update({ where: { id: row.id }, data: { vendorId: r.data.id } });
      result.created++;
    }
  }

  // 3. Done once the report is stored; removed once the task is 销号.
  const open = await db.todo.findMany({ where: { platform: "dingtalk", state: "open", vendorId: { not: null } }, orderBy: { id: "asc" }, take: 500 });
  if (open.length) {
    const closed = new Set((await db.task.findMany({ where: { id: { in: open.map((r) => r.taskId) }, closure: "closed" }, select: { id: true } })).map((x) => x.id));
    const reported = new Set(
      (
        await db.report.findMany({
          where: { withdrawnAt: null, OR: open.map((r) => ({ taskId: r.taskId, unitId: r.unitId, period: r.period })) },
          select: { taskId: true, unitId: true, period: true },
        })
      ).map((r) => `${r.taskId}:${r.unitId}:${r.period}`),
    );
    for (const row of open) {
      if (closed.has(row.taskId)) {
        const r = await todos.remove(row.userId, row.vendorId!);
        if (!r.ok) result.failed++;
        else {
          await db.todo.update({ where: { id: row.id }, data: { state: "removed" } });
          result.removed++;
        }
      } else if (reported.has(`${row.taskId}:${row.unitId}:${row.period}`)) {
        const r = await todos.complete(row.userId, row.vendorId!);
        if (!r.ok) result.failed++;
        else {
          await db.todo.update({ where: { id: row.id }, data: { state: "done" } });
          result.completed++;
        }
      }
    }
  }
  // A 销号 after the report: the done 待办 is removed too (nothing is left to do or show).
  const doneClosed = await db.todo.findMany({ where: { platform: "dingtalk", state: "done", vendorId: { not: null }, taskId: { in: (await db.task.findMany({ where: { closure: "closed" }, select: { id: true } })).map((x) => x.id) } } });
  for (const row of doneClosed) {
    const r = await todos.remove(row.userId, row.vendorId!);
    if (!r.ok) result.failed++;
    else {
      await db.todo.update({ where: { id: row.id }, data: { state: "removed" } });
      result.removed++;
    }
  }
  return result;
}
