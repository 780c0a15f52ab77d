// What waits for the bureau (issue 20 item 8): the 待销号 queue — each lead unit's 办结 with
// its 依据, who applied and since when, oldest first — and the 时间节点 past their date and not
// done. Read by the dashboard's overview and /api/v1.
import type { Db, Tx } from "../db/client";
import { shortTitle } from "./short-title";

export interface PendingClosure {
  taskNo: number;
  title: string;
  unit: string;
  basis: string;
  /** The applicant's name when the directory knows it, else the platform user id. */
  by: string;
  since: Date;
}

export async function closureQueue(db: Db | Tx, planId: number): Promise<PendingClosure[]> {
  const rows = await db.assignment.findMany({
    where: { role: "lead", closure: "pending", task: { planId } },
    select: { closureNote: true, closureBy: true, closureAt: true, unitId: true, unit: { select: { name: true } }, task: { select: { no: true, text: true } } },
    orderBy: [{ closureAt: "asc" }, { id: "asc" }],
  });
  const ids = [...new Set(rows.map((r) => r.closureBy).filter((x): x is string => !!x))];
  const members = ids.length ? await db.member.findMany({ where: { userId: { in: ids } }, select: { userId: true, unitId: true, name: true } }) : [];
  const nameOf = (userId: string | null, unitId: number) => members.find((m) => m.userId === userId && m.unitId === unitId)?.name ?? members.find((m) => m.userId === userId)?.name ?? userId ?? "";
  return rows.map((r) => ({ taskNo: r.task.no, title: shortTitle(r.task.text), unit: r.unit.name, basis: r.closureNote ?? "", by: nameOf(r.closureBy, r.unitId) ?? "", since: r.closureAt! }));
}

export interface OverdueMilestone {
  taskNo: number;
  title: string;
  unit: string;
  position: number;
  text: string;
  dueDate: string;
}

/** Milestones whose date is before `today` (YYYY-MM-DD) and not done, earliest first. */
export async function overdueMilestones(db: Db | Tx, planId: number, today: string): Promise<OverdueMilestone[]> {
  const rows = await db.milestone.findMany({
    where: { doneAt: null, dueDate: { lt: today }, taskPlan: { task: { planId } } },
    select: { position: true, text: true, dueDate: true, taskPlan: { select: { unit: { select: { name: true } }, task: { select: { no: true, text: true } } } } },
    orderBy: [{ dueDate: "asc" }, { taskId: "asc" }, { position: "asc" }],
  });
  return rows.map((r) => ({ taskNo: r.taskPlan.task.no, title: shortTitle(r.taskPlan.task.text), unit: r.taskPlan.unit.name, position: r.position, text: r.text, dueDate: r.dueDate! }));
}
