// The 通报 names the units the escalation ladder took to 红 (issue 23): a sentence after the late
// units says which are on the 约谈 list; the rest of the paragraph is as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPlanFile } from "../../src/plan/import-file";
import { periodReport } from "../../src/reporting/period-report";
import { reportTemplates } from "../../src/reporting/render/report-templates";
import { tongbaoText } from "../../src/reporting/render/report-text";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
});
afterAll(async () => database.drop());

describe("通报 and the ladder's 红", () => {
  it("marks the late units that reached 红 this period, and only those", async () => {
    const unit = await database.db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    await database.db.reminderRun.create({ data: { key: `ladder:2020Q1:red:unit:${unit.id}`, enqueued: 1 } });
    const model = await periodReport(database.db, { period: "2020Q1", now: new Date("2020-04-08T10:00:00+08:00") });
    const late = tongbaoText(reportTemplates(), model).late;
    expect(late).toContain("其中，市商务局经红色督办仍未报送，已列入约谈名单。");
    expect(late.filter((l) => l.includes("约谈"))).toHaveLength(1);
    // Another period's 红 does not mark this one.
    const q2 = await periodReport(database.db, { period: "2020Q2", now: new Date("2020-07-08T10:00:00+08:00") });
    expect(tongbaoText(reportTemplates(), q2).late.some((l) => l.includes("约谈"))).toBe(false);
  });
});
