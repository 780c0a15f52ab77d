// Importing a Word/Excel/PDF file into a real database: the same rows as the text, and
// nothing at all written when the file is refused.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importPlanFile } from "../../src/plan/import-file";
import { DocumentParseError } from "../../src/plan/parse-document";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { SEED, scannedPdf, seedAsDocxTable, seedAsXlsx } from "../helpers/plan-documents";

const UNITS = "seeds/units.yaml";
let database: TestDatabase;
let dir: string;
beforeEach(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "duban-import-file-"));
});
afterEach(async () => database.drop());

const file = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const counts = async () => {
  const db = database.db;
  return { plans: await db.plan.count(), tasks: await db.task.count(), units: await db.unit.count(), assignments: await db.assignment.count() };
};

describe("importing other formats", () => {
  it("the seed as an Excel workbook writes what the text writes: importing the text after it changes no task or assignment", async () => {
    const first = await importPlanFile(database.db, file("plan.xlsx", await seedAsXlsx()), { unitsFile: UNITS });
    expect(first.summary).toMatchObject({ status: "created", tasks: { created: 115 } });
    const again = await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    expect(again.summary).toMatchObject({
      status: "updated",
      tasks: { created: 0, updated: 0, deleted: 0, unchanged: 115 },
      assignments: { created: 0, updated: 0, deleted: 0 },
      unitsCreated: [],
    });
  });

  it("writes nothing when the file is refused: a corrupted zip, a scanned PDF, a bad table row", async () => {
    const docx = Buffer.from(await seedAsDocxTable());
    const damaged = file("damaged.docx", docx.subarray(0, docx.length - 300));
    const scan = file("scan.pdf", scannedPdf());
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("任务");
    for (const r of [["许政〔2022〕1号"], ["序号", "重点工作任务", "牵头单位"], ["一、甲"], [1, "任务。", "市商务局"], ["x", "任务。", "市商务局"]]) sheet.addRow(r);
    const badRow = file("bad-row.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    for (const path of [damaged, scan, badRow]) {
      const e = await importPlanFile(database.db, path, { unitsFile: UNITS }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(DocumentParseError);
      expect(await counts()).toEqual({ plans: 0, tasks: 0, units: 0, assignments: 0 });
    }
  });
});
