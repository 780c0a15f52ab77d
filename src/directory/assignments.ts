// The bureau's own decisions about who answers for a task: `duban assign 40 --unit 禹州市
// --role cooperating`, `duban unassign …`, and the same in chat (指派 / 取消指派). An assigned
// unit is marked source "manual" and a removed one is listed in Task.removedUnitIds, and a
// later import of the plan keeps both decisions (src/plan/import-plan.ts). A unit assigned
// here counts from the quarter it was assigned in (Assignment.assignedAt): `duban assign` in
// July adds the task to the unit's third quarter on, not to the quarters already past.
import type { Db, Tx } from "../db/client";
import { InputError } from "../errors";
import { loadUnitLookup, type UnitLookup } from "./unit-lookup";

export const ASSIGN_ROLES = ["lead", "cooperating", "county"] as const;
export type AssignRole = (typeof ASSIGN_ROLES)[number];

export interface AssignInput {
  planId: number;
  taskNo: number;
  unit: string;
  /** Default: "county" for a county-level unit, else "cooperating". */
  role?: AssignRole;
  /**
   * When the assignment is made: a new one counts from this quarter on (src/reporting/
   * period-scope.ts). Omitted: from the plan's start, as the document's own units.
   */
  at?: Date;
}

export interface AssignResult {
  taskNo: number;
  unit: string;
  role: AssignRole;
  /** "created": newly responsible; "updated": the role changed; "confirmed": the import's assignment, now the bureau's; "unchanged": already so. */
  outcome: "created" | "updated" | "confirmed" | "unchanged";
}

export async function assignUnit(db: Db | Tx, input: AssignInput, lookup?: UnitLookup): Promise<AssignResult> {
  const task = await findTask(db, input.planId, input.taskNo);
  const unit = (lookup ?? (await loadUnitLookup(db))).require(input.unit);
  const row = await db.unit.findUniqueOrThrow({ where: { id: unit.id } });
  if (row.kind === "group") throw new InputError(`「${unit.name}」是统称，不能直接负责任务；请指派具体单位`, "group_unit");
  const role = input.role ?? (row.kind === "county" ? "county" : "cooperating");
  await setRemoved(db, task, unit.id, false);
  const existing = await db.assignment.findUnique({ where: { taskId_unitId: { taskId: task.id, unitId: unit.id } } });
  if (existing) {
    if (existing.role === role && existing.source === "manual") return { taskNo: task.no, unit: unit.name, role, outcome: "unchanged" };
    // Assigning a unit the import already put there (e.g. inferred from the text) confirms it:
    // it becomes the bureau's decision, kept by later imports.
    await db.assignment.update({ where: { id: existing.id }, data: { role, source: "manual" } });
    return { taskNo: task.no, unit: unit.name, role, outcome: existing.role === role ? "confirmed" : "updated" };
  }
  const last = await db.assignment.findFirst({ where: { taskId: task.id }, orderBy: { position: "desc" } });
  await db.assignment.create({ data: { taskId: task.id, unitId: unit.id, role, position: (last?.position ?? -1) + 1, source: "manual", assignedAt: input.at ?? null } });
  return { taskNo: task.no, unit: unit.name, role, outcome: "created" };
}

/** Takes a unit off a task, for good (later imports respect it). Its reports stay (留痕). */
export async function unassignUnit(
  db: Db | Tx,
  input: Omit<AssignInput, "role" | "at">,
  lookup?: UnitLookup,
): Promise<{ taskNo: number; unit: string; role: string; reportsKept: number }> {
  const task = await findTask(db, input.planId, input.taskNo);
  const unit = (lookup ?? (await loadUnitLookup(db))).require(input.unit);
  const existing = await db.assignment.findUnique({ where: { taskId_unitId: { taskId: task.id, unitId: unit.id } } });
  if (!existing) throw new InputError(`${unit.name}不是第${task.no}项的责任单位`, "not_assigned");
  await db.assignment.delete({ where: { id: existing.id } });
  await setRemoved(db, task, unit.id, true);
  const reportsKept = await db.report.count({ where: { taskId: task.id, unitId: unit.id } });
  return { taskNo: task.no, unit: unit.name, role: existing.role, reportsKept };
}

async function findTask(db: Db | Tx, planId: number, no: number) {
  const task = await db.task.findUnique({ where: { planId_no: { planId, no } } });
  if (!task) {
    const total = await db.task.count({ where: { planId } });
    throw new InputError(`没有第${no}项任务（共${total}项）`, "task_not_found");
  }
  return task;
}

async function setRemoved(db: Db | Tx, task: { id: number; removedUnitIds: string }, unitId: number, removed: boolean): Promise<void> {
  const ids = new Set(JSON.parse(task.removedUnitIds) as number[]);
  if (ids.has(unitId) === removed) return;
  if (removed) ids.add(unitId);
  else ids.delete(unitId);
  await db.task.update({ where: { id: task.id }, data: { removedUnitIds: JSON.stringify([...ids]) } });
}
