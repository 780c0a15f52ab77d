// Every real document under test/fixtures/plans/<slug>/ (found by the plan-docs work, one
// government each, the source address beside it) imports as its expected.yaml says: the number
// of tasks and sections, the first, last and sample tasks with their leads, cooperating units
// and leaders, no field label glued into a task text, the collective names listed as such, no
// note read as a unit, and no unit of Xuchang or of any other city.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { readPlanFile } from "../../src/plan/import-file";
import { normalizeText } from "../../src/plan/normalize-text";
import type { ParsedTask } from "../../src/plan/types";
import { parseUnitDirectory } from "../../src/plan/unit-directory";

const ROOT = "test/fixtures/plans";
const slugs = existsSync(ROOT) ? readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, "expected.yaml"))) : [];

interface ExpectedTask {
  no: number | string;
  lead: string[];
  cooperating: string[];
  leader?: string;
  text_starts: string;
}
interface Expected {
  region: string;
  tasks: number;
  sections: number;
  first: ExpectedTask;
  last: ExpectedTask;
  samples: ExpectedTask[];
  collective: string[];
  not_units: string[];
}

const xuchang = parseUnitDirectory(readFileSync("seeds/units.yaml", "utf8"), "seeds/units.yaml");
const xuchangOnly = xuchang.entries.flatMap((e) => [e.name, ...e.aliases]).filter((n) => /许昌|魏都|建安|禹州|长葛|鄢陵|襄城/.test(n));
/** "各县(市、区)…": the expected list names the phrase; the plan says counties "all". */
const ALL_COUNTIES = /^(?:全市)?各(有关)?(?:县|区|市、县|市县)/;
const n = (s: string) => normalizeText(s).replace(/\s+/g, "");

function checkTask(actual: ParsedTask | undefined, want: ExpectedTask, what: string): void {
  expect(actual, what).toBeDefined();
  const t = actual!;
  expect(n(t.text).startsWith(n(want.text_starts)), `${what}: text "${t.text.slice(0, 30)}…"`).toBe(true);
  expect(t.lead.map(n), `${what}: lead`).toEqual(want.lead.map(n));
  // The units named beside the lead, whatever role duban gives them (cooperating, or a county
  // named in the list); "各县(市、区)…" is the counties, all of them.
  const others = [...t.cooperating, ...(Array.isArray(t.counties) ? t.counties : [])].map(n).sort();
  const wanted = want.cooperating.map(n).filter((c) => !ALL_COUNTIES.test(c));
  expect(others, `${what}: cooperating`).toEqual([...wanted].sort());
  if (want.cooperating.some((c) => ALL_COUNTIES.test(n(c)))) expect(t.counties, `${what}: counties`).toBe("all");
  expect(t.leader ?? undefined, `${what}: leader`).toBe(want.leader);
}

describe.each(slugs)("%s", (slug) => {
  const expected = parseYaml(readFileSync(join(ROOT, slug, "expected.yaml"), "utf8")) as Expected;
  const file = join(ROOT, slug, "document.txt");

  it("imports as expected.yaml says", async () => {
    const read = (year?: number) => readPlanFile(file, { unitsFile: "seeds/units.yaml", region: expected.region, year });
    // A repost that lost the year ("关于年重点工作…") is refused until the year is given.
    const refused = await read().catch((e: unknown) => e);
    const yearless = refused instanceof Error && /无法确定年份/.test(refused.message);
    const { plan, directory } = yearless ? await read(Number(/(\d{4})$/.exec(slug)![1])) : (refused as Awaited<ReturnType<typeof read>>);
    if (refused instanceof Error && !yearless) throw refused;
    expect(plan.tasks).toHaveLength(expected.tasks);
    expect(plan.sections).toHaveLength(expected.sections);
    checkTask(plan.tasks[0], expected.first, "first task");
    checkTask(plan.tasks.at(-1), expected.last, "last task");
    for (const s of expected.samples) checkTask(plan.tasks.find((t) => t.no === Number(s.no)), s, `task ${s.no}`);

    for (const t of plan.tasks) expect(t.text, `task ${t.no}`).not.toMatch(/(?:^|[^省市])(?:责任单位|牵头单位|配合单位|协同责任单位|牵头负责领导|分管省领导|部门分工|牵头领导)\s*:/);
    const units = plan.units.map(n);
    for (const c of expected.collective.map(n).filter((c) => !ALL_COUNTIES.test(c))) {
      expect(units, `collective ${c}`).toContain(c);
      expect(directory.kindOf(c) ?? "group", `collective ${c}`).toBe("group");
    }
    for (const x of expected.not_units.map(n)) expect(units, `not a unit: ${x}`).not.toContain(x);
    for (const x of xuchangOnly) expect(units, `a Xuchang unit: ${x}`).not.toContain(n(x));
    expect(directory.entries.map((e) => e.name).filter((u) => xuchang.resolve(u) && !units.includes(n(u)))).toEqual([]);
  });
});
