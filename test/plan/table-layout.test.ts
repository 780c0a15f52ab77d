// A task table of our own, in Excel: the genre's variants in one sheet, and errors that name
// the sheet, row and column.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../src/plan/parse-blocks";
import { DocumentParseError } from "../../src/plan/parse-document";
import { readBlocks } from "../../src/plan/read-blocks";
import { loadUnitDirectory } from "../../src/plan/unit-directory";

const directory = loadUnitDirectory("seeds/units.yaml");
type Row = (string | number | null)[];

/** A one-sheet workbook; a row of one string is merged across the five columns. */
async function workbook(rows: Row[], sheetName = "任务"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(sheetName);
  for (const r of rows) {
    const row = sheet.addRow(r);
    if (r.length === 1 && r[0]) sheet.mergeCells(row.number, 1, row.number, 5);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const parse = async (rows: Row[]) => parseBlocks(await readBlocks(await workbook(rows), "plan.xlsx"), { directory, sourceName: "plan.xlsx" });
const parseError = async (rows: Row[]) => {
  const e = await parse(rows).catch((err: unknown) => err);
  if (!(e instanceof DocumentParseError)) throw new Error(`expected a DocumentParseError, got ${String(e)}`);
  return e;
};

const TITLE: Row = ["许昌市2022年重点工作任务分解表"];
const HEADER: Row = ["序号", "重点工作任务", "牵头单位", "配合单位", "完成\n时限"];

describe("a task table of our own", () => {
  it("reads section rows, two leads in one cell, line breaks in cells and every kind of deadline", async () => {
    const { plan, warnings } = await parse([
      TITLE,
      [],
      HEADER,
      ["一、稳定经济增长"],
      [1, "着力稳定工业增长，\n建立工业经济运行监测平台。", "市工业和信息化局\n市发展改革委", "市统计局、市财政局", "持续推进"],
      ["2", "推进新型基础设施建设，今年建设5G基站1500座。", "市工业和信息化局、市发展改革委", "各县（市、区）人民政府", "2022年11月30日前"],
      ["二、改善民生"],
      [3, "城镇登记失业率控制在4.5%以下。", "市人力资源和社会保障局", "市财政局\n各县(市、区)政府", "10月底前"],
      [4, "推进老旧小区改造。", "市住房和城乡建设局", null, "年底前"],
      [5, "办好民生实事。", "市政府办公室", "市直有关部门", "长期"],
      [6, "按季度报送重点工作进展。", "市发展改革委", null, "每季度"],
    ]);
    expect(plan).toMatchObject({ title: "许昌市2022年重点工作任务分解表", docNo: null, year: 2022 });
    expect(plan.sections).toEqual([
      { no: 1, title: "稳定经济增长" },
      { no: 2, title: "改善民生" },
    ]);
    expect(plan.tasks.map(({ indicators: _, ...t }) => t)).toEqual([
      { no: 1, section: 1, text: "着力稳定工业增长,建立工业经济运行监测平台。", lead: ["市工业和信息化局", "市发展改革委"], cooperating: ["市统计局", "市财政局"], counties: null, leader: null, deadline: null },
      { no: 2, section: 1, text: "推进新型基础设施建设,今年建设5G基站1500座。", lead: ["市工业和信息化局", "市发展改革委"], cooperating: [], counties: "all", leader: null, deadline: "2022-11-30" },
      { no: 3, section: 2, text: "城镇登记失业率控制在4.5%以下。", lead: ["市人力资源和社会保障局"], cooperating: ["市财政局"], counties: "all", leader: null, deadline: "2022-10-31" },
      { no: 4, section: 2, text: "推进老旧小区改造。", lead: ["市住房和城乡建设局"], cooperating: [], counties: null, leader: null, deadline: "2022-12-31" },
      { no: 5, section: 2, text: "办好民生实事。", lead: ["市政府办公室"], cooperating: ["市直有关部门"], counties: null, leader: null, deadline: null },
      { no: 6, section: 2, text: "按季度报送重点工作进展。", lead: ["市发展改革委"], cooperating: [], counties: null, leader: null, deadline: null },
    ]);
    expect(plan.tasks[1]!.indicators).toEqual([{ name: "5G基站", target: 1500, unit: "座", op: ">=" }]);
    expect(plan.tasks[2]!.indicators).toEqual([{ name: "城镇登记失业率", target: 4.5, unit: "%", op: "<=" }]);
    expect(warnings).toEqual([]);
  });

  it("finds the header under notes, in any column order, with 序号 in the 序号 column as the section's numeral", async () => {
    const { plan } = await parse([
      ["许政〔2022〕8号"],
      ["附件"],
      ["完成时间", "责任单位", "工作任务", "编号"],
      [null, null, "稳定经济增长", "一"],
      ["6月底前", "市商务局、市财政局等,各县(市、区)政府(管委会)", "促进消费。", "1"],
    ]);
    expect(plan).toMatchObject({ docNo: "许政〔2022〕8号", year: 2022, sections: [{ no: 1, title: "稳定经济增长" }] });
    expect(plan.tasks[0]).toMatchObject({ no: 1, text: "促进消费。", lead: ["市商务局"], cooperating: ["市财政局"], counties: "all", deadline: "2022-06-30" });
  });

  it("warns about an unknown unit at its sheet, row and column", async () => {
    const { warnings } = await parse([TITLE, HEADER, ["一、甲"], [1, "任务。", "市商务局", "市不存在局", "年底前"]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ task: 1, where: "工作表“任务”第4行D列" });
    expect(warnings[0]!.message).toMatch(/单位"市不存在局"不在单位目录中/);
  });

  it("refuses a 序号 that is not a number, naming sheet, row and column", async () => {
    const e = await parseError([TITLE, HEADER, ["一、甲"], ["甲", "任务。", "市商务局", null, null]]);
    expect(e.message).toBe('plan.xlsx 工作表“任务”第4行A列: 序号无法识别为任务编号 "甲"');
  });

  it("refuses numbering that restarts in a section, at the 序号 cell", async () => {
    const e = await parseError([TITLE, HEADER, ["一、甲"], [1, "任务。", "市商务局"], ["二、乙"], [1, "任务。", "市商务局"]]);
    expect(e.message).toMatch(/^plan\.xlsx 工作表“任务”第6行A列: 任务编号在新的部分重新从1开始/);
  });

  it("refuses a task without text and a row it cannot place", async () => {
    expect((await parseError([TITLE, HEADER, ["一、甲"], [1, null, "市商务局"]])).message).toBe("plan.xlsx 工作表“任务”第4行B列: 第1项没有任务内容");
    const stray = await parseError([TITLE, HEADER, ["一、甲"], [1, "任务。", "市商务局"], [null, "这一行没有序号"]]);
    expect(stray.message).toBe('plan.xlsx 工作表“任务”第5行B列: 无法识别的行 "这一行没有序号"');
  });
});

describe("two-row headers", () => {
  async function sheetOf(rows: Row[], merges: [number, number, number, number][]) {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("任务");
    for (const r of rows) sheet.addRow(r);
    for (const [r1, c1, r2, c2] of merges) sheet.mergeCells(r1, c1, r2, c2);
    return parseBlocks(await readBlocks(Buffer.from(await wb.xlsx.writeBuffer()), "plan.xlsx"), { directory, sourceName: "plan.xlsx" });
  }

  it('"责任单位" over "牵头单位 | 配合单位": the lower row says what each column holds', async () => {
    const rows: Row[] = [
      ["许政〔2022〕2号"],
      ["序号", "重点工作任务", "责任单位", null, "完成时限"],
      [null, null, "牵头单位", "配合单位", null],
      ["一、甲"],
      [1, "任务。", "市商务局", "市财政局、市税务局", "年底前"],
    ];
    const { plan } = await sheetOf(rows, [[2, 3, 2, 4], [2, 1, 3, 1], [2, 2, 3, 2], [2, 5, 3, 5], [4, 1, 4, 5]]);
    expect(plan.tasks[0]).toMatchObject({ lead: ["市商务局"], cooperating: ["市财政局", "市税务局"], deadline: "2022-12-31" });
  });

  it('refuses "责任单位" merged over two columns with nothing under it, rather than drop one column', async () => {
    const rows: Row[] = [["许政〔2022〕2号"], ["序号", "重点工作任务", "责任单位", null, "完成时限"], ["一、甲"], [1, "任务。", "市商务局", "市财政局", "年底前"]];
    const e = await sheetOf(rows, [[2, 3, 2, 4]]).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DocumentParseError);
    expect((e as Error).message).toMatch(/^plan\.xlsx 工作表“任务”第2行D列: 表头中有两列含义相同/);
  });
});
