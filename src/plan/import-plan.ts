// Writes a parsed plan into the database in one transaction. Idempotent: the same document
// (and the same unit directory) changes nothing; a changed one updates tasks in place, so
// reports, which point at tasks, are kept.
import { approvedExtensions } from "../reporting/extensions";
import type { Db, Tx } from "../db/client";
import { InputError } from "../errors";
import { GROUP_LIKE } from "./parse-document";
import { resolveCollectiveUnits } from "./resolve-collective-units";
import type { ParsedPlan, ParsedTask, UnitEntry, UnitKind, UnitName } from "./types";
import type { UnitDirectory } from "./unit-directory";

export interface ImportSource {
  name: string;
  /** Hash of the document and the unit directory it was resolved against. */
  hash: string;
}

export interface ImportSummary {
  status: "created" | "updated" | "unchanged";
  planId: number;
  year: number;
  tasks: { created: number; updated: number; deleted: number; unchanged: number };
  assignments: { created: number; updated: number; deleted: number };
  unitsCreated: UnitName[];
}

interface DesiredAssignment {
  unitId: number;
  role: "lead" | "cooperating" | "county";
  position: number;
  source: "plan" | "text";
}

export async function importPlan(db: Db, parsed: ParsedPlan, units: UnitDirectory, source: ImportSource): Promise<ImportSummary> {
  // Whatever reader produced the plan, collective wording is resolved the same way (idempotent).
  const plan = resolveCollectiveUnits(parsed, units);
  // Interactive transaction: everything or nothing. The generous timeout covers PostgreSQL
  // round trips for ~1,500 assignment rows on a first import.
  return db.$transaction(async (tx) => importInTx(tx, plan, units, source), { timeout: 120_000, maxWait: 20_000 });
}

async function importInTx(tx: Tx, plan: ParsedPlan, units: UnitDirectory, source: ImportSource): Promise<ImportSummary> {
  const existingPlan = await tx.plan.findUnique({ where: { year: plan.year } });
  const summary: ImportSummary = {
    status: existingPlan ? "updated" : "created",
    planId: existingPlan?.id ?? 0,
    year: plan.year,
    tasks: { created: 0, updated: 0, deleted: 0, unchanged: 0 },
    assignments: { created: 0, updated: 0, deleted: 0 },
    unitsCreated: [],
  };
  if (existingPlan && existingPlan.sourceHash === source.hash) {
    summary.status = "unchanged";
    summary.tasks.unchanged = await tx.task.count({ where: { planId: existingPlan.id } });
    return summary;
  }

  const unitIds = await ensureUnits(tx, plan, units.entries, units.city, summary);
  const planRow = existingPlan
    ? await tx.plan.update({
        where: { id: existingPlan.id },
        data: { title: plan.title, docNo: plan.docNo, sourceName: source.name, sourceHash: source.hash },
      })
    : await tx.plan.create({
        data: { year: plan.year, title: plan.title, docNo: plan.docNo, sourceName: source.name, sourceHash: source.hash },
      });
  summary.planId = planRow.id;

  const sectionIds = new Map<number, number>();
  for (const s of plan.sections) {
    const row = await tx.section.upsert({
      where: { planId_no: { planId: planRow.id, no: s.no } },
      create: { planId: planRow.id, no: s.no, title: s.title },
      update: { title: s.title },
    });
    sectionIds.set(s.no, row.id);
  }

  const existingTasks = new Map((await tx.task.findMany({ where: { planId: planRow.id } })).map((t) => [t.no, t]));
  const wanted = new Set(plan.tasks.map((t) => t.no));
  const removed = [...existingTasks.values()].filter((t) => !wanted.has(t.no));
  if (removed.length) {
    const withReports = await tx.report.groupBy({ by: ["taskId"], where: { taskId: { in: removed.map((t) => t.id) } } });
    if (withReports.length) {
      const nos = removed.filter((t) => withReports.some((r) => r.taskId === t.id)).map((t) => t.no);
      throw new InputError(`新文件删去了已有汇报的任务 第${nos.join("、")}项；为保留汇报记录，导入已取消，未写入任何内容`, "tasks_with_reports_removed");
    }
    await tx.task.deleteMany({ where: { id: { in: removed.map((t) => t.id) } } });
    summary.tasks.deleted = removed.length;
  }

  const taskIds = new Map<number, number>();
  const toCreate = [];
  // A 完成时限 the bureau extended (issue 22) stays extended while the document still gives the
  // date the extension replaced: importing the same document again must not undo a 批复.
  const extended = await approvedExtensions(tx, [...existingTasks.values()].map((t) => t.id));
  const keptDeadline = (id: number, documentDeadline: string | null, current: string | null) => {
    const e = extended.get(id)?.find((x) => x.milestoneId === null);
    return e && e.original === documentDeadline && e.date === current ? current : documentDeadline;
  };
  for (const t of plan.tasks) {
    const data = {
      sectionId: sectionIds.get(t.section)!,
      text: t.text,
      leader: t.leader ?? null,
      countyScope: Array.isArray(t.counties) ? "named" : t.counties,
      deadline: t.deadline,
      indicators: JSON.stringify(t.indicators),
    };
    const old = existingTasks.get(t.no);
    if (old) data.deadline = keptDeadline(old.id, t.deadline, old.deadline);
    if (!old) {
      toCreate.push({ planId: planRow.id, no: t.no, ...data });
      continue;
    }
    taskIds.set(t.no, old.id);
    const changed = (Object.keys(data) as (keyof typeof data)[]).some((k) => old[k] !== data[k]);
    if (changed) {
      await tx.task.update({ where: { id: old.id }, data });
      summary.tasks.updated++;
    } else {
      summary.tasks.unchanged++;
    }
  }
  if (toCreate.length) {
    // One statement for a first import instead of one round trip per task.
    await tx.task.createMany({ data: toCreate });
    const created = await tx.task.findMany({ where: { planId: planRow.id, no: { in: toCreate.map((t) => t.no) } }, select: { id: true, no: true } });
    for (const t of created) taskIds.set(t.no, t.id);
    summary.tasks.created = toCreate.length;
  }
  await tx.section.deleteMany({ where: { planId: planRow.id, no: { notIn: plan.sections.map((s) => s.no) } } });

  await syncAssignments(tx, plan.tasks, taskIds, unitIds, units.counties(), summary);
  return summary;
}

/** Creates missing units and directory aliases; returns canonical name → id. */
async function ensureUnits(tx: Tx, plan: ParsedPlan, entries: UnitEntry[], city: string | null, summary: ImportSummary): Promise<Map<UnitName, number>> {
  const kinds = new Map<UnitName, UnitKind>(entries.map((e) => [e.name, e.kind]));
  for (const name of plan.units) if (!kinds.has(name)) kinds.set(name, guessKind(name));
  for (const t of plan.tasks) if (Array.isArray(t.counties)) for (const c of t.counties) if (!kinds.has(c)) kinds.set(c, "county");
  const departments = new Set(entries.filter((e) => e.department).map((e) => e.name));

  const existing = new Map((await tx.unit.findMany()).map((u) => [u.name, u]));
  const missing = [...kinds].filter(([name]) => !existing.has(name));
  if (missing.length) {
    await tx.unit.createMany({ data: missing.map(([name, kind]) => ({ name, kind, department: departments.has(name) })) });
    summary.unitsCreated = missing.map(([name]) => name);
  }
  for (const [name, kind] of kinds) {
    const u = existing.get(name);
    if (!u || !entries.some((e) => e.name === name)) continue;
    if (u.kind !== kind || u.department !== departments.has(name)) await tx.unit.update({ where: { id: u.id }, data: { kind, department: departments.has(name) } });
  }
  const ids = new Map((await tx.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.name, u.id]));

  const aliases = new Map((await tx.unitAlias.findMany()).map((a) => [a.alias, a]));
  const wanted = new Map<string, { unitId: number; kind: string }>();
  for (const e of entries) {
    const unitId = ids.get(e.name)!;
    // "许昌市商务局": the city's name in front of a 市… unit, as on letterheads. Stored so that
    // the chat and the CLI, which read units from the database, know it without the file.
    if (city && e.name.startsWith("市")) wanted.set(`${city}${e.name}`, { unitId, kind: "city" });
    for (const alias of e.formerNames ?? []) wanted.set(alias, { unitId, kind: "former" });
    for (const alias of e.aliases) wanted.set(alias, { unitId, kind: "alias" });
  }
  const newAliases: { alias: string; unitId: number; kind: string }[] = [];
  for (const [alias, w] of wanted) {
    if (ids.get(alias) !== undefined) continue; // a unit's own name is no alias
    const a = aliases.get(alias);
    if (!a) newAliases.push({ alias, ...w });
    else if (a.unitId !== w.unitId || a.kind !== w.kind) await tx.unitAlias.update({ where: { id: a.id }, data: w });
  }
  if (newAliases.length) await tx.unitAlias.createMany({ data: newAliases });
  return ids;
}

/** A unit the directory does not list: classify by its name so lists and filters still work. */
function guessKind(name: string): UnitKind {
  if (GROUP_LIKE.test(name) || /各.*部门/.test(name)) return "group";
  if (/(区|县|市)(人民)?政府$|管委会$/.test(name) && !name.startsWith("市政府")) return "county";
  return name.startsWith("市") ? "municipal" : "other";
}

async function syncAssignments(
  tx: Tx,
  tasks: ParsedTask[],
  taskIds: Map<number, number>,
  unitIds: Map<UnitName, number>,
  counties: UnitName[],
  summary: ImportSummary,
): Promise<void> {
  const ids = [...taskIds.values()];
  const existing = await tx.assignment.findMany({ where: { taskId: { in: ids } } });
  const byTask = new Map<number, typeof existing>();
  for (const a of existing) byTask.set(a.taskId, [...(byTask.get(a.taskId) ?? []), a]);
  const removed = new Map(
    (await tx.task.findMany({ where: { id: { in: ids } }, select: { id: true, removedUnitIds: true } })).map((t) => [t.id, new Set(JSON.parse(t.removedUnitIds) as number[])]),
  );

  const toCreate: { taskId: number; unitId: number; role: string; position: number; source: string }[] = [];
  const toDelete: number[] = [];
  for (const t of tasks) {
    const taskId = taskIds.get(t.no)!;
    const desired = desiredAssignments(t, unitIds, counties);
    // The bureau's own decisions outlive re-imports: a unit it assigned (duban assign) is never
    // changed or deleted here, and a unit it took off (duban unassign) is not assigned again.
    const have = new Map((byTask.get(taskId) ?? []).filter((a) => a.source !== "manual").map((a) => [a.unitId, a]));
    const manual = new Set((byTask.get(taskId) ?? []).filter((a) => a.source === "manual").map((a) => a.unitId));
    for (const d of desired) {
      if (manual.has(d.unitId) || removed.get(taskId)?.has(d.unitId)) continue;
      const a = have.get(d.unitId);
      if (!a) toCreate.push({ taskId, ...d });
      else {
        have.delete(d.unitId);
        if (a.role !== d.role || a.position !== d.position || a.source !== d.source) {
          await tx.assignment.update({ where: { id: a.id }, data: { role: d.role, position: d.position, source: d.source } });
          summary.assignments.updated++;
        }
      }
    }
    toDelete.push(...[...have.values()].map((a) => a.id));
  }
  if (toDelete.length) await tx.assignment.deleteMany({ where: { id: { in: toDelete } } });
  if (toCreate.length) await tx.assignment.createMany({ data: toCreate });
  summary.assignments.deleted = toDelete.length;
  summary.assignments.created = toCreate.length;
}

function desiredAssignments(t: ParsedTask, unitIds: Map<UnitName, number>, counties: UnitName[]): DesiredAssignment[] {
  const countyNames = t.counties === "all" ? counties : Array.isArray(t.counties) ? t.counties : [];
  type Row = [UnitName, DesiredAssignment["role"], DesiredAssignment["source"]];
  const list: Row[] = [
    ...t.lead.map((n): Row => [n, "lead", "plan"]),
    ...t.cooperating.map((n): Row => [n, "cooperating", "plan"]),
    ...countyNames.map((n): Row => [n, "county", "plan"]),
    ...(t.countiesFromText ?? []).map((n): Row => [n, "county", "text"]),
  ];
  const seen = new Set<number>();
  const out: DesiredAssignment[] = [];
  for (const [name, role, source] of list) {
    const unitId = unitIds.get(name);
    if (unitId === undefined) throw new Error(`unit "${name}" was not created before its assignment`);
    if (seen.has(unitId)) continue; // a unit named twice keeps its first (strongest) role
    seen.add(unitId);
    out.push({ unitId, role, position: out.length, source });
  }
  return out;
}
