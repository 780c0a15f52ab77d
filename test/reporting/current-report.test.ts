// The one rule for which report counts: the latest by id (insertion order) that is not
// withdrawn — whatever createdAt (business time, which DUBAN_NOW moves) says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPlanFile } from "../../src/plan/import-file";
import { currentReport, latestPerPair } from "../../src/reporting/current-report";
import { planInForce, reportedPairs } from "../../src/reporting/plan-status";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
});
afterAll(async () => database.drop());

describe("currentReport", () => {
  it("is the latest inserted, not the latest createdAt, and skips withdrawn reports", async () => {
    const { db } = database;
    const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    const key = { taskId: task.id, unitId: unit.id, period: "2020Q1" };
    const base = { ...key, platform: "wecom", userId: "zhangsan" };
    const first = await db.report.create({ data: { ...base, text: "first", createdAt: new Date("2020-03-24T10:00:00+08:00") } });
    const second = await db.report.create({ data: { ...base, text: "second", createdAt: new Date("2020-03-24T09:00:00+08:00") } });
    expect((await currentReport(db, key))?.text).toBe("second");
    expect(latestPerPair([first, second]).map((r) => r.text)).toEqual(["second"]);

    await db.report.update({ where: { id: second.id }, data: { withdrawnAt: new Date() } });
    expect((await currentReport(db, key))?.text).toBe("first");
    const plan = (await planInForce(db, new Date("2020-03-24T09:00:00+08:00")))!;
    expect((await reportedPairs(db, plan, [unit.id])).has(`${task.id}:${unit.id}`)).toBe(true);

    await db.report.update({ where: { id: first.id }, data: { withdrawnAt: new Date() } });
    expect(await currentReport(db, key)).toBeNull();
    expect((await reportedPairs(db, plan, [unit.id])).size).toBe(0);
  });
});
