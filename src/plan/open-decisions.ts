// Tasks whose responsible units the document leaves for the bureau to decide, so that no
// task silently goes unchased: `duban tasks --unassigned` and, in chat, 待指派.
//   "relevant":  "各有关县(市、区)" and the task's text names no county — no county assigned;
//   "inferred":  counties taken from the task's text, until the bureau confirms (assign) or
//                removes (unassign) each;
//   "group":     a collective name ("市直有关部门") that stands for no unit in particular;
//   "no_lead":   no lead unit at all.
import type { Db, Tx } from "../db/client";

export type DecisionReason = "relevant" | "inferred" | "group" | "no_lead";

export interface OpenDecision {
  no: number;
  text: string;
  reason: DecisionReason;
  /** "inferred": the counties taken from the text; "group": the collective names. */
  units: string[];
}

export async function openDecisions(db: Db | Tx, planId: number): Promise<OpenDecision[]> {
  const tasks = await db.task.findMany({
    where: { planId },
    include: { assignments: { include: { unit: { select: { name: true, kind: true } } }, orderBy: { position: "asc" } } },
    orderBy: { no: "asc" },
  });
  const out: OpenDecision[] = [];
  for (const t of tasks) {
    const base = { no: t.no, text: t.text };
    // Any county-level unit on the task, in whatever role, answers "which counties?".
    const counties = t.assignments.filter((a) => a.unit.kind === "county");
    const inferred = counties.filter((a) => a.source === "text");
    if (t.countyScope === "relevant" && counties.length === 0) out.push({ ...base, reason: "relevant", units: [] });
    else if (inferred.length) out.push({ ...base, reason: "inferred", units: inferred.map((a) => a.unit.name) });
    const groups = t.assignments.filter((a) => a.unit.kind === "group").map((a) => a.unit.name);
    if (groups.length) out.push({ ...base, reason: "group", units: groups });
    if (!t.assignments.some((a) => a.role === "lead")) out.push({ ...base, reason: "no_lead", units: [] });
  }
  return out;
}
