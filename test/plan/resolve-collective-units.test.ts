// Collective wording resolved against the directory: 市政府各部门 → every department, and the
// counties a "各有关县(市、区)" task names in its own text.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/plan/parse-document";
import { resolveCollectiveUnits } from "../../src/plan/resolve-collective-units";
import { loadUnitDirectory } from "../../src/plan/unit-directory";

const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const directory = loadUnitDirectory(path("seeds/units.yaml"));
const parsed = parseDocument(readFileSync(path("seeds/xuchang-2020-key-tasks.txt"), "utf8"), { directory }).plan;
const plan = resolveCollectiveUnits(parsed, directory);
const task = (no: number) => plan.tasks.find((t) => t.no === no)!;
const doc = (unitLine: string, text = "推进某项工作。") => {
  const p = parseDocument(["许政〔2020〕1号", "一、甲", `1.${text}`, `责任单位:${unitLine}`].join("\n"), { directory });
  return resolveCollectiveUnits(p.plan, directory).tasks[0]!;
};

describe("各有关县(市、区): the counties a task's text names", () => {
  it("29 (禹州高新区) and 40 (长葛市, 禹州市产业集聚区) get their counties; the scope stays 'relevant'", () => {
    expect(task(29)).toMatchObject({ counties: "relevant", countiesFromText: ["禹州市政府"] });
    expect(task(40)).toMatchObject({ counties: "relevant", countiesFromText: ["禹州市政府", "长葛市政府"] });
  });

  it("66 and 97 name no county: left for the bureau, nothing guessed", () => {
    for (const no of [66, 97]) {
      expect(task(no).counties).toBe("relevant");
      expect(task(no).countiesFromText).toBeUndefined();
    }
  });

  it("only relevant-scoped tasks: 18 (all counties) is untouched, and '全域旅游示范区' is no 示范区管委会", () => {
    expect(task(18).countiesFromText).toBeUndefined();
    expect(doc("市文化广电和旅游局等,各有关县(市、区)政府(管委会)", "支持创建国家全域旅游示范区。").countiesFromText).toBeUndefined();
    expect(doc("市商务局等,各有关县(市、区)政府(管委会)", "推进东城区、城乡一体化示范区建设。").countiesFromText).toEqual(["市城乡一体化示范区管委会", "市东城区管委会"]);
  });
});

describe("市政府各部门 and 市直有关部门", () => {
  const departments = directory.departments();

  it("the directory says which units are departments", () => {
    expect(departments).toContain("市商务局");
    expect(departments).toContain("市卫生健康委");
    for (const notOne of ["市委市政府督查局", "市税务局", "人行许昌市中心支行", "市供电公司", "市总工会", "市疫情防控指挥部办公室"])
      expect(departments).not.toContain(notOne);
    expect(departments.length).toBeGreaterThan(30);
  });

  it("109–115 (lead: 市政府各部门) are led by every department, still with all counties", () => {
    for (let no = 109; no <= 115; no++) {
      expect(task(no).lead).toEqual(departments);
      expect(task(no).lead).not.toContain("市政府各部门");
      expect(task(no).counties).toBe("all");
    }
  });

  it("市直有关单位 expands only when it is the task's only city unit", () => {
    expect(doc("市直有关单位,各县(市、区)政府(管委会)").lead).toEqual(departments);
    expect(task(61).cooperating).toEqual(["市直有关单位"]);
    expect(task(49).cooperating).toContain("市直有关部门");
  });

  it("a lead named with 市政府各部门 keeps leading; the departments cooperate", () => {
    const t = doc("市发展改革委、市政府各部门");
    expect(t.lead).toEqual(["市发展改革委"]);
    expect(t.cooperating).toEqual(departments.filter((d) => d !== "市发展改革委"));
  });

  it("is idempotent, so the importer may apply it again", () => {
    expect(resolveCollectiveUnits(plan, directory)).toEqual(plan);
  });
});
