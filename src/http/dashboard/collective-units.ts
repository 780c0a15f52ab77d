// A task led by every city department lists 36 names, one given to every county 9 more: the
// pages show such a set as the collective name the plan wrote (市政府各部门, 各县（市、区）),
// and the unit names only where the set is partial. Display only: the model keeps every cell.
import type { Db } from "../../db/client";
import { dashboardWords } from "./dashboard-words";

export interface Collective {
  name: string;
  members: Set<string>;
}

/** The departments (Unit.department) and the county-level units, as in the directory. */
export async function loadCollectives(db: Db): Promise<Collective[]> {
  const units = await db.unit.findMany({ where: { OR: [{ department: true }, { kind: "county" }] }, select: { name: true, kind: true, department: true } });
  const words = dashboardWords();
  const sets = [
    { name: words.t("collective.departments"), members: new Set(units.filter((u) => u.department).map((u) => u.name)) },
    { name: words.t("collective.counties"), members: new Set(units.filter((u) => u.kind === "county").map((u) => u.name)) },
  ];
  // A set of one is that unit: its own name says more.
  return sets.filter((s) => s.members.size > 1);
}

/** `names` with each complete set replaced, where its first member stood, by the set's name. */
export function collapseUnits(names: string[], collectives: Collective[]): string[] {
  const given = new Set(names);
  const full = collectives.filter((c) => [...c.members].every((m) => given.has(m)));
  if (!full.length) return names;
  const out: string[] = [];
  const placed = new Set<Collective>();
  for (const n of names) {
    const c = full.find((x) => x.members.has(n));
    if (!c) out.push(n);
    else if (!placed.has(c)) {
      placed.add(c);
      out.push(c.name);
    }
  }
  return out;
}
