// The unit directory (seeds/units.yaml): canonical unit names, their aliases, and which units
// "各县(市、区)政府(管委会)" stands for. Loading validates the file and names the line of any
// problem; the directory then answers "which unit does this text mean?".
import { readFileSync } from "node:fs";
import { distance } from "fastest-levenshtein";
import { LineCounter, isNode, parseDocument as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../errors";
import { normalizeText } from "./normalize-text";
import type { UnitEntry, UnitKind, UnitName } from "./types";

export interface UnitDirectory {
  readonly city: string | null;
  readonly entries: UnitEntry[];
  /** The county-level units, in directory order: what "各县(市、区)政府(管委会)" expands to. */
  counties(): UnitName[];
  /** The city government departments, in directory order: what "市政府各部门" expands to. */
  departments(): UnitName[];
  /** The directory entry of a canonical name. */
  entry(name: UnitName): UnitEntry | undefined;
  kindOf(name: UnitName): UnitKind | null;
  /** Exact canonical name or alias (ignoring whitespace and full/half-width differences). */
  resolve(raw: string): UnitName | null;
  /** resolve(), or an unambiguous short form: "商务局" → "市商务局", "许昌市商务局" → "市商务局". */
  resolveLoose(raw: string): UnitName | null;
  /** Up to n canonical names close to raw, best first; empty when nothing is close. */
  suggest(raw: string, n?: number): UnitName[];
}

/** A bad units file. An InputError, so the CLI and HTTP layers show the message as is. */
export class UnitDirectoryError extends InputError {
  constructor(message: string) {
    super(message, "bad_unit_directory");
  }
}

const names = (what: string) => z.array(z.string().trim().min(1, `${what}不能为空`)).optional();
const entrySchema = z.strictObject({
  name: z.string().trim().min(1, "单位名称不能为空"),
  aliases: names("别名"),
  /** earlier names, e.g. 市卫生局 for 市卫生健康委 */
  former: names("原名"),
});
const municipalSchema = entrySchema.extend({ department: z.boolean().optional() });
const countySchema = entrySchema.extend({ places: names("地名") });
const groupSchema = entrySchema.extend({ expand: z.enum(["always", "alone"]).optional() });
const fileSchema = z.strictObject({
  city: z.string().trim().min(1).optional(),
  municipal: z.array(municipalSchema).optional(),
  counties: z.array(countySchema).optional(),
  groups: z.array(groupSchema).optional(),
});
const SECTION_KINDS = { municipal: "municipal", counties: "county", groups: "group" } as const;

/** The comparison key: one form for "市住房和城乡建设局（市供热办）" and "市住房和城乡建设局 (市供热办)". */
export function unitKey(raw: string): string {
  return normalizeText(raw).replace(/\s+/g, "");
}

export function loadUnitDirectory(path: string): UnitDirectory {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UnitDirectoryError(`${path}: 无法读取单位目录: ${(e as Error).message}`);
  }
  return parseUnitDirectory(text, path);
}

export function parseUnitDirectory(text: string, sourceName: string): UnitDirectory {
  const lines = new LineCounter();
  const doc = parseYaml(text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lines.linePos(yamlError.pos[0]).line;
    throw new UnitDirectoryError(`${sourceName}${line ? `:${line}` : ""}: YAML 语法错误: ${yamlError.message.split("\n")[0]}`);
  }
  // Line of the YAML node at a path (or of its nearest existing parent), for error messages.
  const lineOf = (path: readonly PropertyKey[]): number | null => {
    for (let p = [...path]; p.length > 0; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return null;
  };
  const at = (path: readonly PropertyKey[]) => {
    const line = lineOf(path);
    return `${sourceName}${line ? `:${line}` : ""}`;
  };

  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` (${issue.path.join(".")})` : "";
    throw new UnitDirectoryError(`${at(issue.path)}: 单位目录格式错误${where}: ${issue.message}`);
  }

  const entries: UnitEntry[] = [];
  const seen = new Map<string, { entry: number; path: readonly PropertyKey[] }>();
  for (const section of Object.keys(SECTION_KINDS) as (keyof typeof SECTION_KINDS)[]) {
    (parsed.data[section] ?? []).forEach((e: z.infer<typeof entrySchema> & Partial<Omit<UnitEntry, "name" | "kind" | "aliases">>, i) => {
      const entry: UnitEntry = { name: e.name, kind: SECTION_KINDS[section], aliases: e.aliases ?? [] };
      if (e.former?.length) entry.formerNames = e.former;
      if (e.department) entry.department = true;
      if (e.places?.length) entry.places = e.places;
      if (e.expand) entry.expand = e.expand;
      const names: [string, readonly PropertyKey[]][] = [
        [entry.name, [section, i, "name"]],
        ...entry.aliases.map((a, j): [string, readonly PropertyKey[]] => [a, [section, i, "aliases", j]]),
        ...(entry.formerNames ?? []).map((a, j): [string, readonly PropertyKey[]] => [a, [section, i, "former", j]]),
      ];
      for (const [n, path] of names) {
        const prev = seen.get(unitKey(n));
        // An alias repeating its own entry's name is harmless; across entries it is ambiguous.
        if (prev && prev.entry !== entries.length) {
          const first = entries[prev.entry]!.name;
          throw new UnitDirectoryError(`${at(path)}: "${n}" 重复: 已用于单位"${first}" (${at(prev.path)})`);
        }
        seen.set(unitKey(n), { entry: entries.length, path });
      }
      entries.push(entry);
    });
  }
  return buildUnitDirectory(entries, parsed.data.city ?? null);
}

/** A directory from entries already in memory (tests, or a directory read from the database). */
export function buildUnitDirectory(entries: UnitEntry[], city: string | null = null): UnitDirectory {
  const byKey = new Map<string, UnitEntry>();
  for (const e of entries) {
    for (const n of namesOf(e)) {
      const prev = byKey.get(unitKey(n));
      if (prev && prev !== e) throw new UnitDirectoryError(`单位目录中 "${n}" 重复: 已用于单位"${prev.name}"`);
      byKey.set(unitKey(n), e);
    }
  }
  // "许昌市商务局": the full official name of a 市… unit, as documents and letterheads write it.
  if (city) for (const e of entries) if (e.name.startsWith("市") && !byKey.has(unitKey(city + e.name))) byKey.set(unitKey(city + e.name), e);
  const byName = new Map(entries.map((e) => [e.name, e]));

  const resolve = (raw: string): UnitName | null => byKey.get(unitKey(raw))?.name ?? null;

  const resolveLoose = (raw: string): UnitName | null => {
    const key = unitKey(raw);
    if (key.length < 2) return null;
    const exact = resolve(key);
    if (exact) return exact;
    // "许昌市商务局": the city's own name in front of a "市…" unit.
    if (city && key.startsWith(`${city}市`)) {
      const local = resolve(key.slice(city.length));
      if (local) return local;
    }
    const withCity = resolve(`市${key}`);
    if (withCity) return withCity;
    const containing = entries.filter((e) => unitKey(e.name).includes(key));
    return containing.length === 1 ? containing[0]!.name : null;
  };

  const suggest = (raw: string, n = 3): UnitName[] => {
    const key = unitKey(raw);
    if (!key) return [];
    // Close means: one name contains the other ("商务局" / "市商务局"), or few edits apart
    // relative to the length, so a wholly different name suggests nothing rather than noise.
    // Names are also compared without what every unit has ("市", "政府", "管委会", the city's
    // name), so "禹州县" is one edit from 禹州市政府 and "许昌市商务厅" one from 市商务局.
    const limit = Math.max(2, Math.floor(key.length / 2));
    const core = (k: string) => {
      const c = (city && k.startsWith(city) ? k.slice(city.length) : k).replace(/^市/, "").replace(/(?:人民)?政府$|管委会$/, "");
      return c.length >= 2 ? c : k;
    };
    const keyCore = core(key);
    // Cores are short, so a tighter limit: "卫生厅"/"卫生局" is close, "商务局"/"卫生局" is not.
    const coreLimit = Math.max(1, Math.floor(keyCore.length / 3));
    return entries
      .map((e, order) => {
        const keys = namesOf(e).map(unitKey);
        const contains = keys.some((k) => k.includes(key) || key.includes(k));
        const full = Math.min(...keys.map((k) => distance(k, key)));
        const short = Math.min(...keys.map((k) => distance(core(k), keyCore)));
        return { name: e.name, contains, d: Math.min(full, short), close: full <= limit || short <= coreLimit, order };
      })
      .filter((s) => s.contains || s.close)
      .sort((a, b) => Number(b.contains) - Number(a.contains) || a.d - b.d || a.order - b.order)
      .slice(0, n)
      .map((s) => s.name);
  };

  return {
    city,
    entries,
    counties: () => entries.filter((e) => e.kind === "county").map((e) => e.name),
    departments: () => entries.filter((e) => e.department).map((e) => e.name),
    entry: (name) => byName.get(name),
    kindOf: (name) => byName.get(name)?.kind ?? null,
    resolve,
    resolveLoose,
    suggest,
  };
}

/** Every name a unit answers to: canonical, aliases, former names. */
function namesOf(e: UnitEntry): string[] {
  return [e.name, ...e.aliases, ...(e.formerNames ?? [])];
}
