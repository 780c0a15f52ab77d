// The dated items reminders are about: every open milestone (时间节点 with a date, not done)
// and every task 完成时限, of the given plans, with the unit answering for it (the plan's unit
// for a milestone, the task's lead unit for a 完成时限). Tasks 销号 or 待销号
// are left out (see quiet-tasks.ts); an undated milestone has nothing to be reminded of (the
// plan's reply already flagged it).
import type { Db, Tx } from "../db/client";
import { QUIET_CLOSURES } from "./quiet-tasks";

export interface DatedItem {
  /** "milestone:<id>" | "deadline:<taskId>": with a stage name, the ReminderRun key. */
  key: string;
  kind: "milestone" | "deadline";
  taskId: number;
  taskNo: number;
  taskText: string;
  /** 1-based, milestones only: what "节点2" names. */
  position?: number;
  /** The milestone's text ("6月30日前出台实施意见"). */
  text?: string;
  dueDate: string;
  leadUnitId: number | null;
  leadUnitName: string | null;
}

const OPEN_TASK = { OR: [{ closure: null }, { closure: { notIn: QUIET_CLOSURES } }] };

export async function openDatedItems(db: Db | Tx, planIds: number[]): Promise<DatedItem[]> {
  const tasks = await db.task.findMany({
    where: { planId: { in: planIds }, ...OPEN_TASK },
    select: { id: true, no: true, text: true, deadline: true, assignments: { where: { role: "lead" }, select: { unit: { select: { id: true, name: true } } }, orderBy: { unitId: "asc" } } },
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const milestones = await db.milestone.findMany({
    where: { taskId: { in: [...byId.keys()] }, dueDate: { not: null }, doneAt: null },
    orderBy: [{ taskId: "asc" }, { position: "asc" }],
    // A milestone is the plan's unit's commitment: on a task several units lead (109–115, every
    // department) its notices go to that unit, not to whichever lead unit sorts first.
    include: { taskPlan: { select: { unit: { select: { id: true, name: true } } } } },
  });
  const lead = (taskId: number) => byId.get(taskId)!.assignments[0]?.unit ?? null;
  const items: DatedItem[] = [];
  for (const m of milestones) {
    const t = byId.get(m.taskId)!;
    items.push({ key: `milestone:${m.id}`, kind: "milestone", taskId: t.id, taskNo: t.no, taskText: t.text, position: m.position, text: m.text, dueDate: m.dueDate!, leadUnitId: m.taskPlan.unit.id, leadUnitName: m.taskPlan.unit.name });
  }
  for (const t of tasks) {
    if (!t.deadline || !/^\d{4}-\d{2}-\d{2}$/.test(t.deadline)) continue;
    items.push({ key: `deadline:${t.id}`, kind: "deadline", taskId: t.id, taskNo: t.no, taskText: t.text, dueDate: t.deadline, leadUnitId: lead(t.id)?.id ?? null, leadUnitName: lead(t.id)?.name ?? null });
  }
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.taskNo - b.taskNo || (a.position ?? 0) - (b.position ?? 0));
}
