// Another government's plan into a real database (issue 19): with Xuchang's units.yaml as the
// configured directory, as on a default installation, the plan gets a directory of its own —
// the units it names, its own counties for "各县(市、区)" — and the leader of each task.
// A refusal of such a document writes nothing, and says where and what was expected.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importPlanFile, readPlanFile } from "../../src/plan/import-file";
import { DocumentParseError } from "../../src/plan/parse-document";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { docxOf } from "../helpers/plan-documents";

const UNITS = "seeds/units.yaml";
const CHUZHOU = "test/fixtures/plans/chuzhou-2020/document.txt";
let database: TestDatabase;
let dir: string;
beforeEach(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "duban-other-government-"));
});
afterEach(async () => database.drop());

const counts = async () => {
  const db = database.db;
  return { plans: await db.plan.count(), tasks: await db.task.count(), units: await db.unit.count(), assignments: await db.assignment.count() };
};

describe("a city that is not Xuchang", () => {
  it("滁州's plan: its own units and counties, its leaders, nothing of Xuchang", async () => {
    const { summary, region, directorySource } = await importPlanFile(database.db, CHUZHOU, { unitsFile: UNITS });
    expect(region?.name).toBe("滁州市"); // from "滁州市人民政府" in the document
    expect(directorySource).toBe("document");
    expect(summary).toMatchObject({ status: "created", tasks: { created: 3 } });
    const units = (await database.db.unit.findMany({ orderBy: { id: "asc" } })).map((u) => [u.name, u.kind]);
    // Every unit but the counties "各县、市、区" stands for is one the document names.
    const text = readFileSync(CHUZHOU, "utf8");
    for (const [name, kind] of units) if (kind !== "county") expect(text).toContain(name);
    expect(units.filter(([n]) => /许昌|魏都|禹州|长葛/.test(n!))).toEqual([]);
    // "各县、市、区政府": 滁州's two districts, four counties and two county-level cities.
    expect(units.filter(([, k]) => k === "county").map(([n]) => n)).toEqual(
      expect.arrayContaining(["琅琊区政府", "南谯区政府", "来安县政府", "全椒县政府", "定远县政府", "凤阳县政府", "天长市政府", "明光市政府"]),
    );
    const task = await database.db.task.findFirstOrThrow({
      where: { no: 1 },
      include: { assignments: { include: { unit: true }, orderBy: { position: "asc" } } },
    });
    expect(task.leader).toBe("金力");
    expect(task.text).toBe("地区生产总值增长8%以上。");
    expect(task.assignments.filter((a) => a.role === "lead").map((a) => a.unit.name)).toEqual(["市发展改革委"]);
    expect(task.assignments.filter((a) => a.role === "county").map((a) => a.unit.name)).toContain("天长市政府");
    expect(task.assignments.map((a) => a.unit.name)).toContain("滁州经开区管委会");
  });

  it("short and full forms of one body are one unit, named as the document mostly writes it", async () => {
    const path = join(dir, "forms.txt");
    writeFileSync(
      path,
      ["某某市人民政府关于印发2022年重点工作任务分解的通知", "一、稳增长", "1.任务甲。", "牵头单位:市发展和改革委员会", "2.任务乙。", "牵头单位:市发改委", "配合单位:市住房和城乡建设局", "3.任务丙。", "牵头单位:市发改委", "配合单位:市住建局"].join("\n"),
    );
    const { plan, directory } = await readPlanFile(path, { unitsFile: UNITS, region: "滁州市" });
    expect(plan.tasks.map((t) => t.lead)).toEqual([["市发改委"], ["市发改委"], ["市发改委"]]);
    expect(plan.tasks.map((t) => t.cooperating)).toEqual([[], ["市住房和城乡建设局"], ["市住房和城乡建设局"]]);
    expect(directory.entry("市发改委")!.aliases).toEqual(["市发展和改革委员会"]);
  });

  it("refusals write nothing; an unknown table header says so and where", async () => {
    await importPlanFile(database.db, CHUZHOU, { unitsFile: UNITS });
    const before = await counts();
    const noYear = join(dir, "anhui.txt");
    writeFileSync(noYear, readFileSync("test/fixtures/plans/anhui-province-2022/document.txt"));
    const header = join(dir, "header.docx");
    writeFileSync(header, await docxOf(["2022年重点工作", { table: [["编码", "内容描述", "归口"], ["A1", "任务甲。", "市发改委"]] }]));
    const badLine = join(dir, "bad-line.txt");
    writeFileSync(badLine, readFileSync("test/fixtures/plans/lishan-district-2023/document.txt", "utf8").replace("牵头单位:区工信局", "牵头单位:区工信局\n这一行不是任何字段"));

    const errors: string[] = [];
    for (const path of [noYear, header, badLine]) {
      const e = await importPlanFile(database.db, path, { unitsFile: UNITS }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(DocumentParseError);
      errors.push((e as Error).message);
      expect(await counts()).toEqual(before);
    }
    expect(errors[0]).toMatch(/无法确定年份/);
    expect(errors[1]).toMatch(/header\.docx 第1个表格第1行第1列: 表头无法识别\(header not recognised\)/);
    expect(errors[2]).toMatch(/bad-line\.txt:\d+: 无法识别的行 "这一行不是任何字段"/);
  });
});

describe("a district", () => {
  it("各街道 in 立山区's plan: its own nine 街道, assigned for the bureau to confirm, and the collective name kept", async () => {
    const { plan } = await readPlanFile("test/fixtures/plans/lishan-district-2023/document.txt", { unitsFile: UNITS, region: "立山区" });
    const task = plan.tasks.find((t) => t.no === 6)!;
    expect(task.cooperating).toEqual(["各街道", "各相关单位"]);
    expect(task.countiesFromText).toEqual(["友好街道", "双山街道", "立山街道", "曙光街道", "灵山街道", "深沟寺街道", "沙河街道", "千山街道", "齐大山街道"]);
    // A task without a collective name of the towns gets none.
    expect(plan.tasks.find((t) => t.no === 1)!.countiesFromText).toBeUndefined();

    await importPlanFile(database.db, "test/fixtures/plans/lishan-district-2023/document.txt", { unitsFile: UNITS, region: "立山区" });
    const { openDecisions } = await import("../../src/plan/open-decisions");
    const plan6 = (await openDecisions(database.db, (await database.db.plan.findFirstOrThrow()).id)).filter((d) => d.no === 6);
    expect(plan6.map((d) => d.reason).sort()).toEqual(["group", "inferred"]);
  });
});

describe("the bundled seed", () => {
  it("still reads with Xuchang's directory: 115 tasks, 9 sections", async () => {
    const { plan, directorySource, region } = await readPlanFile("seeds/xuchang-2020-key-tasks.txt", { unitsFile: UNITS });
    expect([region?.name, directorySource, plan.tasks.length, plan.sections.length]).toEqual(["许昌市", "file", 115, 9]);
  });
});
