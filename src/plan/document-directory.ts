// A unit directory built from the document itself, for a plan of a government duban has no
// directory for: every unit the document names becomes a unit, and the short and full forms of
// one body are one unit (市发改委 / 市发展改革委 / 市发展和改革委员会), its most used form the
// name. With the government's region known, "各县(市、区)" stands for that region's own
// counties and districts (src/plan/regions.ts). Pure: no I/O.
import { GROUP_LIKE } from "./parse-document";
import { townsOf, type Region } from "./regions";
import type { UnitEntry, UnitKind, UnitName } from "./types";
import { buildUnitDirectory, unitKey, type UnitDirectory } from "./unit-directory";


/** "各街道", "各乡镇", "各镇人民政府", "各街办(新区)": the towns of the plan's own district or county. */
export const TOWNS_PHRASE = /^各(?:街道|乡镇|镇街|镇|乡|街办)/;

/**
 * `names`: the units as the document writes them, in order, once per mention. `base`: a units
 * file without a city (aliases, former names) whose entries come first.
 */
export function buildDocumentDirectory(names: string[], region: Region | null, opts: { counties: boolean; base?: UnitDirectory }): UnitDirectory {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const entries: UnitEntry[] = (opts.base?.entries ?? []).map((e) => ({ ...e, aliases: [...e.aliases] }));
  const known = (name: string) => opts.base?.resolve(name) ?? null;

  // "各县(市、区)" in a city's plan: its own counties and districts, as "<名>政府".
  if (region && opts.counties)
    for (const child of region.children) {
      const name = `${child}政府`;
      if (!known(name) && !known(child)) entries.push({ name, kind: "county", aliases: [child, `${child}人民政府`] });
    }
  // "各街道", "各乡镇" in a district's or county's plan: its own 街道, 镇 and 乡, for the
  // bureau to confirm task by task (resolve-collective-units.ts assigns them as inferred).
  if (region && names.some((n) => TOWNS_PHRASE.test(n)))
    for (const town of townsOf(region)) if (!known(town)) entries.push({ name: town, kind: "county", aliases: [], town: true });
  const taken = new Set(entries.flatMap((e) => [e.name, ...e.aliases]).map(unitKey));

  // Forms of one body: clusters of names, each joined to the one longer form it abbreviates.
  const forms = [...counts.keys()].filter((n) => !known(n) && !taken.has(unitKey(n)));
  const cluster = new Map<string, string>(forms.map((n) => [n, n]));
  const root = (n: string): string => (cluster.get(n) === n ? n : root(cluster.get(n)!));
  for (const short of forms) {
    if (GROUP_LIKE.test(short)) continue;
    const longer = forms.filter((f) => f !== short && f.length > short.length && !GROUP_LIKE.test(f) && abbreviates(short, f));
    // Two unrelated long forms the short one could stand for: leave it alone rather than guess.
    const roots = new Set(longer.map(root));
    if (roots.size === 1) cluster.set(root(short), [...roots][0]!);
  }
  const groups = new Map<string, string[]>();
  for (const n of forms) groups.set(root(n), [...(groups.get(root(n)) ?? []), n]);
  for (const members of groups.values()) {
    // The name: the form the document uses most; on a tie, the first it uses.
    const name = [...members].sort((a, b) => counts.get(b)! - counts.get(a)!)[0]!;
    entries.push({ name, kind: kindOf(name, region), aliases: members.filter((m) => m !== name) });
  }
  const city = region?.level === "city" ? region.name.replace(/市$/, "") : null;
  return buildUnitDirectory(entries, city);
}

/**
 * Only the region's own counties and districts are "county": a development zone's 管委会 named
 * in a list (经开区管委会) leads or cooperates as the list says, like any department.
 */
function kindOf(name: UnitName, region: Region | null): UnitKind {
  if (GROUP_LIKE.test(name)) return "group";
  if (region?.children.some((c) => name === c || name === `${c}政府` || name === `${c}人民政府`)) return "county";
  return "municipal";
}

/**
 * Whether `short` is an abbreviation of `long`: the same first character (市/省/区…) and the
 * same kind of body at the end (局, 委, 办, 厅…), and its characters appear in order in the
 * long form ("市发改委" in "市发展和改革委员会", "市住建局" in "市住房和城乡建设局").
 */
export function abbreviates(short: string, long: string): boolean {
  const s = bodyForm(short);
  const l = bodyForm(long);
  if (s.length < 3 || s[0] !== l[0] || s.at(-1) !== l.at(-1)) return false;
  let i = 0;
  for (const ch of l) if (ch === s[i]) i++;
  return i === s.length;
}

function bodyForm(name: string): string {
  return unitKey(name).replace(/委员会$/, "委").replace(/[和与及]/g, "");
}
