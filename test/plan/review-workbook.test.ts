// The review workbook: the parsed plan, one row per task with its warnings, which imports
// back to the same plan — with the bureau's corrections.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../src/plan/parse-blocks";
import { parseDocument } from "../../src/plan/parse-document";
import { readBlocks } from "../../src/plan/read-blocks";
import { REVIEW_COLUMNS, writeReviewWorkbook } from "../../src/plan/review-workbook";
import { loadUnitDirectory } from "../../src/plan/unit-directory";
import { loadTemplates } from "../../src/templates";
import { SEED, seedText } from "../helpers/plan-documents";

const directory = loadUnitDirectory("seeds/units.yaml");
const templates = loadTemplates();
const dir = mkdtempSync(join(tmpdir(), "duban-review-"));
const reread = async (path: string) => parseBlocks(await readBlocks(readFileSync(path), path), { directory, sourceName: path });

async function rowOfTask(sheet: ExcelJS.Worksheet, no: number): Promise<ExcelJS.Row> {
  for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === no) return sheet.getRow(r);
  throw new Error(`no row for task ${no}`);
}

describe("the review workbook", () => {
  it("has one row per task with its section, units, deadline and indicators", async () => {
    const { plan, warnings } = parseDocument(seedText, { directory, sourceName: SEED });
    const path = join(dir, "seed-review.xlsx");
    await writeReviewWorkbook(path, plan, warnings, templates);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    const header = sheet.getRow(4).values as unknown[];
    expect(header.slice(1)).toEqual([...REVIEW_COLUMNS]);
    const row10 = (await rowOfTask(sheet, 10)).values as unknown[];
    expect(row10[8]).toBe(""); // 责任领导: the seed names none
    expect(row10.slice(1, 8)).toEqual([10, "二、抓关键稳运行,全力稳定经济增长", plan.tasks[9]!.text, "市工业和信息化局", "市政务服务和大数据管理局、市发展改革委、市供电公司", "各县(市、区)政府(管委会)", ""]);
    expect(row10[9]).toBe("5G基站≥1500座\n新能源充电桩≥2800个");
    expect((await rowOfTask(sheet, 91)).getCell(6).value).toBe("建安区政府");
  });

  it("imports back to the same plan as the text it came from", async () => {
    const { plan, warnings } = parseDocument(seedText, { directory, sourceName: SEED });
    const path = join(dir, "roundtrip.xlsx");
    await writeReviewWorkbook(path, plan, warnings, templates);
    const back = await reread(path);
    expect(back.plan).toEqual(plan);
    expect(back.warnings).toEqual([]);
  });

  it("shows each warning on its task's row, and a corrected workbook imports with the corrections", async () => {
    const text = ["许政〔2021〕9号", "一、稳增长", "1.抓项目。", "责任单位:市发展改革委、市不存在局", "完成时限:6月底前", "2.促消费。", "完成时限:下个月", "二、惠民生", "3.办实事。", "责任单位:市政府办公室,各有关县(市、区)政府"].join("\n");
    const { plan, warnings } = parseDocument(text, { directory, sourceName: "x.txt" });
    const path = join(dir, "warnings.xlsx");
    await writeReviewWorkbook(path, plan, warnings, templates);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    const warningsOf = async (no: number) => String((await rowOfTask(sheet, no)).getCell(10).value ?? "");
    expect(await warningsOf(1)).toMatch(/单位"市不存在局"不在单位目录中/);
    expect(await warningsOf(2)).toBe('第2项没有责任单位\n第2项的完成时限"下个月"无法识别为日期');
    expect(await warningsOf(3)).toBe("");

    // The bureau's corrections: the unknown unit was the finance bureau; task 2 gets a lead
    // and a deadline; task 3's text is fixed. Excel turns a typed date into a date cell.
    (await rowOfTask(sheet, 1)).getCell(5).value = "市财政局";
    (await rowOfTask(sheet, 2)).getCell(4).value = "市商务局";
    const date = (await rowOfTask(sheet, 2)).getCell(7);
    date.value = new Date(Date.UTC(2021, 8, 30));
    date.style = { ...date.style, numFmt: "yyyy/m/d" }; // its own style: cells of a row share one
    (await rowOfTask(sheet, 3)).getCell(3).value = "办好十件民生实事。";
    await wb.xlsx.writeFile(path);

    const back = await reread(path);
    expect(back.warnings).toEqual([]);
    expect(back.plan).toMatchObject({ docNo: "许政〔2021〕9号", year: 2021, sections: plan.sections });
    expect(back.plan.tasks).toEqual([
      { ...plan.tasks[0], cooperating: ["市财政局"] },
      { ...plan.tasks[1], lead: ["市商务局"], deadline: "2021-09-30" },
      { ...plan.tasks[2], text: "办好十件民生实事。", counties: "relevant" },
    ]);
  });
});

describe("the units sheet, for a directory built from the document", () => {
  it("lists the units, and a corrected sheet is the directory the workbook imports with", async () => {
    const { readPlanFile } = await import("../../src/plan/import-file");
    const source = join(dir, "forms.txt");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(source, ["滁州市人民政府关于印发2022年重点工作任务分解的通知", "一、稳增长", "1.任务甲。", "牵头负责领导:金力", "牵头单位:市发改委", "配合单位:市财政局", "2.任务乙。", "牵头单位:市发展改革委员会"].join("\n"));
    const read = await readPlanFile(source, { unitsFile: "seeds/units.yaml" });
    expect(read.directorySource).toBe("document");
    const path = join(dir, "units-review.xlsx");
    await writeReviewWorkbook(path, read.plan, read.warnings, templates, read.directory);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const units = wb.getWorksheet(templates.t("plan_review.units_sheet"))!;
    const rows = units.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(["单位名称", "类别", "别名"]);
    // Two forms of the reform commission: one unit, named as the document first writes it.
    expect(rows.slice(1)).toEqual([
      ["市发改委", "部门", "市发展改革委员会"],
      ["市财政局", "部门", ""],
    ]);
    // The bureau gives it its full official name, keeping both forms as aliases.
    units.getRow(2).values = ["市发展和改革委员会", "部门", "市发改委、市发展改革委员会"];
    await wb.xlsx.writeFile(path);

    const back = await readPlanFile(path, { unitsFile: "seeds/units.yaml" });
    expect(back.plan.tasks.map((t) => [t.lead, t.cooperating, t.leader])).toEqual([
      [["市发展和改革委员会"], ["市财政局"], "金力"],
      [["市发展和改革委员会"], [], null],
    ]);
    expect(back.directory.entries.map((e) => e.name)).toEqual(["市发展和改革委员会", "市财政局"]);
  });
});
