// The importer against a real database (SQLite, or PostgreSQL in CI's second pass).
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assignUnit, unassignUnit } from "../../src/directory/assignments";
import { loadUnitLookup } from "../../src/directory/unit-lookup";
import { importPlanFile } from "../../src/plan/import-file";
import { DocumentParseError } from "../../src/plan/parse-document";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const SEED = "seeds/xuchang-2020-key-tasks.txt";
const UNITS = "seeds/units.yaml";
const seedText = readFileSync(SEED, "utf8");

let database: TestDatabase;
let dir: string;
beforeEach(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "duban-import-"));
});
afterEach(async () => database.drop());

function variant(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function snapshot() {
  const db = database.db;
  return {
    tasks: await db.task.findMany({ orderBy: { no: "asc" } }),
    assignments: await db.assignment.findMany({ orderBy: { id: "asc" } }),
    units: await db.unit.findMany({ orderBy: { id: "asc" } }),
    aliases: await db.unitAlias.findMany({ orderBy: { id: "asc" } }),
    sections: await db.section.findMany({ orderBy: { id: "asc" } }),
  };
}

describe("importing the Xuchang 2020 seed", () => {
  it("writes 9 sections, 115 tasks and expands 各县(市、区)政府(管委会) to the 9 county-level units", async () => {
    const { summary } = await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    expect(summary).toMatchObject({ status: "created", year: 2020, tasks: { created: 115 } });
    const db = database.db;
    expect(await db.section.count()).toBe(9);
    expect(await db.task.count()).toBe(115);

    const t1 = await db.task.findFirstOrThrow({ where: { no: 1 }, include: { assignments: { include: { unit: true }, orderBy: { position: "asc" } } } });
    expect(t1.countyScope).toBe("all");
    expect(t1.assignments.map((a) => [a.unit.name, a.role])).toEqual([
      ["市疫情防控指挥部办公室", "lead"],
      ["市卫生健康委", "cooperating"],
      ["魏都区政府", "county"],
      ["建安区政府", "county"],
      ["禹州市政府", "county"],
      ["长葛市政府", "county"],
      ["鄢陵县政府", "county"],
      ["襄城县政府", "county"],
      ["市城乡一体化示范区管委会", "county"],
      ["市经济技术开发区管委会", "county"],
      ["市东城区管委会", "county"],
    ]);

    const t91 = await db.task.findFirstOrThrow({ where: { no: 91 }, include: { assignments: { include: { unit: true } } } });
    expect(t91.assignments.filter((a) => a.role === "county").map((a) => a.unit.name)).toEqual(["建安区政府"]);

    const t29 = await db.task.findFirstOrThrow({ where: { no: 29 }, include: { assignments: true } });
    expect(t29.countyScope).toBe("relevant");

    // An alias in the document lands on the canonical unit, never as a unit of its own.
    expect(await db.unit.findUnique({ where: { name: "市政务服务和大数据局" } })).toBeNull();
    const bigData = await db.unit.findUniqueOrThrow({ where: { name: "市政务服务和大数据管理局" }, include: { assignments: { include: { task: true } } } });
    expect(bigData.assignments.map((a) => a.task.no)).toContain(35);

    const t10 = await db.task.findFirstOrThrow({ where: { no: 10 } });
    expect(JSON.parse(t10.indicators)).toContainEqual({ name: "5G基站", target: 1500, unit: "座", op: ">=" });
    // A county-level government carries (nearly) every task.
    const weidu = await db.unit.findUniqueOrThrow({ where: { name: "魏都区政府" }, include: { _count: { select: { assignments: true } } } });
    expect(weidu._count.assignments).toBeGreaterThan(100);
  });

  it("changes nothing when the same document is imported again", async () => {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    const before = await snapshot();
    const { summary } = await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    expect(summary.status).toBe("unchanged");
    expect(await snapshot()).toEqual(before);
  });

  it("updates a changed document in place and keeps the reports", async () => {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    const db = database.db;
    const task8 = await db.task.findFirstOrThrow({ where: { no: 8 } });
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市发展改革委" } });
    await db.report.create({ data: { taskId: task8.id, unitId: unit.id, period: "2020Q1", text: "完成投资300亿元", platform: "wecom", userId: "zhangsan" } });

    const changed = seedText
      .replace("完成年度投资1000亿元以上", "完成年度投资1200亿元以上")
      .replace("责任单位:市商务局、市市场发展服务中心等", "责任单位:市商务局等");
    const { summary } = await importPlanFile(db, variant("changed.txt", changed), { unitsFile: UNITS });
    expect(summary.status).toBe("updated");
    expect(summary.tasks).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    expect(summary.assignments.deleted).toBe(1);

    const after8 = await db.task.findFirstOrThrow({ where: { no: 8 }, include: { reports: true } });
    expect(after8.id).toBe(task8.id);
    expect(after8.text).toContain("1200亿元");
    expect(JSON.parse(after8.indicators)).toContainEqual({ name: "年度投资", target: 1200, unit: "亿元", op: ">=" });
    expect(after8.reports.map((r) => r.text)).toEqual(["完成投资300亿元"]);
    const t14 = await db.task.findFirstOrThrow({ where: { no: 14 }, include: { assignments: { include: { unit: true } } } });
    expect(t14.assignments.map((a) => a.unit.name)).not.toContain("市市场发展服务中心");
  });

  it("assigns the counties a 各有关县 task's text names (29, 40); 66 and 97 get none", async () => {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    const counties = async (no: number) =>
      (await database.db.assignment.findMany({ where: { task: { no }, role: "county" }, include: { unit: true }, orderBy: { position: "asc" } })).map((a) => [a.unit.name, a.source]);
    expect(await counties(29)).toEqual([["禹州市政府", "text"]]);
    expect(await counties(40)).toEqual([["禹州市政府", "text"], ["长葛市政府", "text"]]);
    expect(await counties(66)).toEqual([]);
    expect(await counties(97)).toEqual([]);
  });

  it("puts 109–115 (市政府各部门) on every department's list, and on no group's", async () => {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    const db = database.db;
    const mine = async (name: string) =>
      (await db.assignment.findMany({ where: { unit: { name }, task: { no: { gte: 109 } } }, include: { task: true } })).map((a) => [a.task.no, a.role]);
    expect(await mine("市商务局")).toEqual([109, 110, 111, 112, 113, 114, 115].map((no) => [no, "lead"]));
    expect(await mine("市政府各部门")).toEqual([]);
    expect(await mine("市委市政府督查局")).toEqual([]);
    expect(await db.unit.count({ where: { department: true } })).toBe(36);
    expect((await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } })).department).toBe(true);
  });

  it("keeps the bureau's own assignments and removals when a changed document is imported again", async () => {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    const db = database.db;
    const plan = await db.plan.findFirstOrThrow();
    await assignUnit(db, { planId: plan.id, taskNo: 66, unit: "禹州市", role: "cooperating" });
    await assignUnit(db, { planId: plan.id, taskNo: 29, unit: "禹州市政府" }); // confirms what the text suggested
    await unassignUnit(db, { planId: plan.id, taskNo: 40, unit: "长葛市" }); // inferred from the text
    await unassignUnit(db, { planId: plan.id, taskNo: 12, unit: "市财政局" }); // named by the document
    const lookup = await loadUnitLookup(db);

    const changed = seedText.replace("完成年度投资1000亿元以上", "完成年度投资1100亿元以上");
    await importPlanFile(db, variant("changed.txt", changed), { unitsFile: UNITS });
    const rows = await db.assignment.findMany({ where: { task: { no: { in: [29, 66] } }, unitId: lookup.idOf("禹州市政府") }, include: { task: true } });
    expect(rows.map((a) => [a.task.no, a.role, a.source]).sort()).toEqual([
      [29, "county", "manual"],
      [66, "cooperating", "manual"],
    ]);
    expect(await db.assignment.count({ where: { task: { no: 40 }, unitId: lookup.idOf("长葛市政府") } })).toBe(0);
    expect(await db.assignment.count({ where: { task: { no: 12 }, unitId: lookup.idOf("市财政局") } })).toBe(0);
  });

  it("refuses to drop a task that has reports, and writes nothing", async () => {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    const db = database.db;
    const t115 = await db.task.findFirstOrThrow({ where: { no: 115 } });
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    await db.report.create({ data: { taskId: t115.id, unitId: unit.id, period: "2020Q1", text: "已开展", platform: "wecom", userId: "u1" } });
    const before = await snapshot();

    const cut = seedText.slice(0, seedText.indexOf("115.")).replace("完成年度投资1000亿元以上", "完成年度投资900亿元以上");
    await expect(importPlanFile(db, variant("cut.txt", cut), { unitsFile: UNITS })).rejects.toThrow(/第115项/);
    expect(await snapshot()).toEqual(before);
  });

  it("writes nothing when the document has a line it cannot place", async () => {
    const bad = seedText.replace("4.着力稳定工业增长", "责任单位:市财政局\n4.着力稳定工业增长");
    const err = await importPlanFile(database.db, variant("bad.txt", bad), { unitsFile: UNITS }).catch((e) => e);
    expect(err).toBeInstanceOf(DocumentParseError);
    expect(err.line).toBe(bad.split("\n").findIndex((l) => l === "责任单位:市财政局") + 1);
    expect(await database.db.task.count()).toBe(0);
    expect(await database.db.unit.count()).toBe(0);
  });
});
