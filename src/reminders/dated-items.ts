// The dated items reminders are about: every open milestone (时间节点 with a date, not done)
// and every task 完成时限, of the given plans, with the unit answering for it (the plan's unit
// for a milestone; for a 完成时限 each of the task's lead units, one item each: on a task every
// department leads (109–115) each department is told, not one that happens to sort first). Tasks 销号 or 待销号
// are left out (see quiet-tasks.ts); an undated milestone has nothing to be reminded of (the
// plan's reply already flagged it).
import type { Db, Tx } from "../db/client";
import { approvedExtensions } from "../reporting/extensions";
import { QUIET_CLOSURES } from "./quiet-tasks";

export interface DatedItem {
  /**
   * "milestone:<id>" | "deadline:<taskId>" (the task's first lead unit, or none) |
   * "deadline:<taskId>:unit:<unitId>" (its other lead units): with a stage name, the
   * ReminderRun key. The first lead keeps the plain key so runs recorded before are honoured.
   */
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
  /** 完成时限 only: every lead unit of the task, for the digest, which lists the task once. */
  leadUnitNames?: string[];
  /** 完成时限 only: the lead units are every city government department (市政府各部门). */
  allDepartments?: boolean;
}

const OPEN_TASK = { OR: [{ closure: null }, { closure: { notIn: QUIET_CLOSURES } }] };

export async function openDatedItems(db: Db | Tx, planIds: number[]): Promise<DatedItem[]> {
  const tasks = await db.task.findMany({
    where: { planId: { in: planIds }, ...OPEN_TASK },
    select: { id: true, no: true, text: true, deadline: true, assignments: { where: { role: "lead" }, select: { unit: { select: { id: true, name: true, department: true } } }, orderBy: { unitId: "asc" } } },
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const milestones = await db.milestone.findMany({
    where: { taskId: { in: [...byId.keys()] }, dueDate: { not: null }, doneAt: null },
    orderBy: [{ taskId: "asc" }, { position: "asc" }],
    // A milestone is the plan's unit's commitment: on a task several units lead (109–115, every
    // department) its notices go to that unit, not to whichever lead unit sorts first.
    include: { taskPlan: { select: { unit: { select: { id: true, name: true } } } } },
  });
  // A date moved by an approved 延期 (issue 22) is a new date: its notices are keyed by it
  // ("milestone:12@2020-07-15"), so the stages already sent for the old date do not silence it.
  const extended = await approvedExtensions(db, [...byId.keys()]);
  const moved = (taskId: number, milestoneId: number | null, date: string) => (extended.get(taskId)?.some((e) => e.milestoneId === milestoneId && e.date === date) ? `@${date}` : "");
  const items: DatedItem[] = [];
  let departments: number | undefined;
  for (const m of milestones) {
    const t = byId.get(m.taskId)!;
    items.push({ key: `milestone:${m.id}${moved(t.id, m.id, m.dueDate!)}`, kind: "milestone", taskId: t.id, taskNo: t.no, taskText: t.text, position: m.position, text: m.text, dueDate: m.dueDate!, leadUnitId: m.taskPlan.unit.id, leadUnitName: m.taskPlan.unit.name });
  }
  for (const t of tasks) {
    if (!t.deadline || !/^\d{4}-\d{2}-\d{2}$/.test(t.deadline)) continue;
    const leads = t.assignments.map((a) => a.unit);
    const at = moved(t.id, null, t.deadline);
    const common = { kind: "deadline" as const, taskId: t.id, taskNo: t.no, taskText: t.text, dueDate: t.deadline, leadUnitNames: leads.map((u) => u.name) };
    if (!leads.length) {
      items.push({ ...common, key: `deadline:${t.id}${at}`, leadUnitId: null, leadUnitName: null });
      continue;
    }
    const allDepartments = leads.length > 1 && leads.length === (departments ??= await db.unit.count({ where: { department: true } })) && leads.every((u) => u.department);
    leads.forEach((u, i) => items.push({ ...common, key: i === 0 ? `deadline:${t.id}${at}` : `deadline:${t.id}:unit:${u.id}${at}`, leadUnitId: u.id, leadUnitName: u.name, allDepartments }));
  }
  return items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.taskNo - b.taskNo || (a.position ?? 0) - (b.position ?? 0));
}
