// City-wide progress per section, counted two ways and never mixed: tasks (a task counts once
// its lead units have all reported — with no lead, all its units) and unit reports (one per
// responsible unit per task: lead, cooperating and county alike). Groups such as 市直有关部门
// stand for no one and are not counted.
import type { Db, Tx } from "../db/client";
import { completedPairs, type PlanInForce } from "./plan-status";

export interface SectionProgress {
  no: number;
  title: string;
  tasks: number;
  tasksReported: number;
  unitReports: number;
  unitReportsDone: number;
}

export async function sectionProgress(db: Db | Tx, plan: PlanInForce): Promise<SectionProgress[]> {
  const tasks = await db.task.findMany({
    where: { planId: plan.id },
    select: {
      id: true,
      section: { select: { no: true, title: true } },
      assignments: { where: { unit: { kind: { not: "group" } } }, select: { unitId: true, role: true } },
    },
  });
  // A 销号 task counts as completed for all its units.
  const done = await completedPairs(db, plan);
  const sections = new Map<number, SectionProgress>();
  for (const t of tasks) {
    const s = sections.get(t.section.no) ?? { no: t.section.no, title: t.section.title, tasks: 0, tasksReported: 0, unitReports: 0, unitReportsDone: 0 };
    const reported = (unitId: number) => done.has(`${t.id}:${unitId}`);
    const leads = t.assignments.filter((a) => a.role === "lead");
    const answerable = leads.length ? leads : t.assignments;
    s.tasks++;
    if (answerable.length && answerable.every((a) => reported(a.unitId))) s.tasksReported++;
    s.unitReports += t.assignments.length;
    s.unitReportsDone += t.assignments.filter((a) => reported(a.unitId)).length;
    sections.set(t.section.no, s);
  }
  return [...sections.values()].sort((a, b) => a.no - b.no);
}
