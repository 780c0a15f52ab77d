// The real seed: 许政〔2020〕20号, 115 tasks in 9 sections.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/plan/parse-document";
import { loadUnitDirectory } from "../../src/plan/unit-directory";

const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const seedText = readFileSync(path("seeds/xuchang-2020-key-tasks.txt"), "utf8");
const directory = loadUnitDirectory(path("seeds/units.yaml"));
const { plan, warnings } = parseDocument(seedText, { directory, sourceName: "seeds/xuchang-2020-key-tasks.txt" });
const task = (no: number) => plan.tasks.find((t) => t.no === no)!;

describe("the Xuchang 2020 seed", () => {
  it("reads the header", () => {
    expect(plan.docNo).toBe("许政〔2020〕20号");
    expect(plan.year).toBe(2020);
    expect(plan.title).toBeNull();
  });

  it("has 9 sections with their titles", () => {
    expect(plan.sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(plan.sections[0]!.title).toBe("抓好常态化疫情防控,全面恢复生产生活秩序");
    expect(plan.sections[4]!.title).toBe("致力打造“宜居之城”,提升新型城镇化水平");
    expect(plan.sections[8]!.title).toBe("狠抓落实,奋力完成全年目标任务");
  });

  it("has tasks 1..115, each in its section", () => {
    expect(plan.tasks.map((t) => t.no)).toEqual(Array.from({ length: 115 }, (_, i) => i + 1));
    const firstOfSection = [1, 4, 21, 28, 41, 50, 62, 73, 109];
    firstOfSection.forEach((no, i) => expect(task(no).section).toBe(i + 1));
    expect(task(3).section).toBe(1);
    expect(task(115).section).toBe(9);
  });

  it("keeps task text whole", () => {
    expect(task(60).text).toBe("加强传统村落保护提升。");
    expect(task(115).text).toMatch(/^深化政府系统党风廉政建设.*促发展。$/);
  });

  it("task 1: first unit leads, the rest cooperate, all counties", () => {
    expect(task(1)).toMatchObject({ lead: ["市疫情防控指挥部办公室"], cooperating: ["市卫生健康委"], counties: "all", deadline: null });
  });

  it("county scopes: relevant, named county, named 管委会", () => {
    expect(task(29).counties).toBe("relevant");
    expect(task(91)).toMatchObject({ lead: ["市委党校"], cooperating: [], counties: ["建安区政府"] });
    expect(task(92)).toMatchObject({ lead: ["市教育局"], counties: ["市城乡一体化示范区管委会"] });
  });

  it("resolves aliases and slips through the directory", () => {
    expect(task(35).cooperating).toContain("市政务服务和大数据管理局");
    expect(task(72).cooperating).toContain("人行许昌市中心支行");
    expect(task(80).lead).toEqual(["市住房和城乡建设局"]);
  });

  it("keeps groups as units; 及 separates two units", () => {
    expect(task(49).cooperating).toEqual(["市教育局", "市卫生健康委", "市医疗保障局", "市直有关部门"]);
    expect(task(61).cooperating).toEqual(["市直有关单位"]);
    expect(task(109)).toMatchObject({ lead: ["市政府各部门"], cooperating: [] });
  });

  it("extracts indicators", () => {
    expect(task(10).indicators).toHaveLength(2);
    expect(task(83).indicators).toContainEqual({ name: "城镇登记失业率", target: 4.5, unit: "%", op: "<=" });
  });

  it("lists the named units once, canonical, in order of first appearance", () => {
    expect(plan.units).toHaveLength(77);
    expect(plan.units.slice(0, 3)).toEqual(["市疫情防控指挥部办公室", "市卫生健康委", "市医疗保障局"]);
    expect(new Set(plan.units).size).toBe(plan.units.length);
    for (const u of plan.units) expect(directory.resolve(u)).toBe(u);
    expect(plan.units).toContain("建安区政府");
    expect(plan.units).not.toContain("魏都区政府"); // only "各县…" expands to it: not named
  });

  it('never keeps "各县(市、区)政府(管委会)" or a trailing 等 as a unit name', () => {
    const names = [...plan.units, ...plan.tasks.flatMap((t) => [...t.lead, ...t.cooperating, ...(Array.isArray(t.counties) ? t.counties : [])])];
    for (const n of names) {
      expect(n).not.toMatch(/等$/);
      expect(n).not.toMatch(/^各/);
    }
  });

  it("every task has a lead and no warnings are emitted", () => {
    for (const t of plan.tasks) expect(t.lead.length).toBe(1);
    expect(warnings).toEqual([]);
  });

  it("imports a task without 责任单位 line with a warning (seed without its last line)", () => {
    const cut = seedText.replace(/\n责任单位:市政府各部门,各县\(市、区\)政府\(管委会\)\s*$/, "\n");
    expect(cut).not.toBe(seedText);
    const r = parseDocument(cut, { directory, sourceName: "cut.txt" });
    expect(r.plan.tasks).toHaveLength(115);
    expect(r.plan.tasks[114]).toMatchObject({ no: 115, lead: [], cooperating: [], counties: null });
    expect(r.warnings).toEqual([{ line: 241, task: 115, message: "第115项没有责任单位" }]);
  });

  it("takes the year from the option over the 文号, with a warning", () => {
    const r = parseDocument(seedText, { directory, year: 2021 });
    expect(r.plan.year).toBe(2021);
    expect(r.warnings.map((w) => w.message)).toEqual(["指定的年份2021与文号许政〔2020〕20号的年份不同"]);
  });
});
