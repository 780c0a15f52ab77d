// What collective wording in a plan stands for, resolved against the unit directory after a
// reader has parsed the document (any format), before the plan is shown or imported:
// - "市政府各部门" (and "市直有关部门"/"市直有关单位" when they are the task's only city units)
//   becomes every department the directory marks `department: true`, with the group's role;
// - a task scoped to "各有关县(市、区)" gets the county-level units its own text names
//   (countiesFromText), so 禹州市政府 is reminded of "禹州高新区创建省级高新区".
// A "relevant" task whose text names no county stays open for the bureau: `duban tasks --unassigned`.
import { countiesNamedIn } from "./county-mentions";
import { TOWNS_PHRASE } from "./document-directory";
import type { ParsedPlan, ParsedTask, UnitName } from "./types";
import type { UnitDirectory } from "./unit-directory";

export function resolveCollectiveUnits(plan: ParsedPlan, directory: UnitDirectory): ParsedPlan {
  return { ...plan, tasks: plan.tasks.map((t) => resolveTask(t, directory)) };
}

function resolveTask(t: ParsedTask, directory: UnitDirectory): ParsedTask {
  const out: ParsedTask = { ...t, ...expandDepartments(t, directory) };
  if (t.counties === "relevant") {
    const named = countiesNamedIn(t.text, directory);
    if (named.length) out.countiesFromText = named;
  }
  const towns = townsFor([...t.lead, ...t.cooperating], directory);
  if (towns.length) out.countiesFromText = [...new Set([...(out.countiesFromText ?? []), ...towns])];
  return out;
}

/**
 * "各街道" → the plan's own 街道, "各镇人民政府" → its 镇, "各乡镇" → 乡 and 镇: assigned as
 * inferred, so `duban tasks --unassigned` asks the bureau to confirm each; the collective name
 * stays on the task as it is.
 */
function townsFor(names: UnitName[], directory: UnitDirectory): UnitName[] {
  const towns = directory.entries.filter((e) => e.town).map((e) => e.name);
  if (!towns.length) return [];
  const out: UnitName[] = [];
  for (const name of names) {
    const m = TOWNS_PHRASE.exec(name);
    if (!m) continue;
    const kinds = /街/.test(m[0]) && !/镇|乡/.test(m[0]) ? /街道$/ : /镇街/.test(m[0]) ? /(?:镇|街道)$/ : /乡镇/.test(m[0]) ? /(?:乡|镇)$/ : /镇/.test(m[0]) ? /镇$/ : /乡$/;
    out.push(...towns.filter((t) => kinds.test(t)));
  }
  return out;
}

function expandDepartments(t: ParsedTask, directory: UnitDirectory): Pick<ParsedTask, "lead" | "cooperating"> {
  const departments = directory.departments();
  const expandOf = (name: UnitName) => directory.entry(name)?.expand;
  const others = [...t.lead, ...t.cooperating].filter((n) => !expandOf(n));
  const expands = (name: UnitName) => expandOf(name) === "always" || (expandOf(name) === "alone" && others.length === 0);
  if (!departments.length || ![...t.lead, ...t.cooperating].some(expands)) return { lead: t.lead, cooperating: t.cooperating };

  const widen = (names: UnitName[]) => names.flatMap((n) => (expands(n) ? departments : [n]));
  const lead = [...new Set(widen(t.lead))];
  const leadSet = new Set(lead);
  return { lead, cooperating: [...new Set(widen(t.cooperating))].filter((n) => !leadSet.has(n)) };
}
