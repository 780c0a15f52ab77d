// Task tables as other governments lay them out (issue 19): header words, several tables,
// numbering that starts again in the second, 序号 "1*", a leader column, no section rows;
// and a table whose header says nothing duban knows is refused with the cell named.
import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../src/plan/parse-blocks";
import { DocumentParseError } from "../../src/plan/parse-document";
import { readBlocks } from "../../src/plan/read-blocks";
import { buildUnitDirectory } from "../../src/plan/unit-directory";
import { docxOf, xlsxOf, type DocItem } from "../helpers/plan-documents";

const directory = buildUnitDirectory([]);
const parseDocx = async (items: DocItem[]) => parseBlocks(await readBlocks(await docxOf(items), "plan.docx"), { directory, sourceName: "plan.docx", year: 2023 });

describe("Word tables", () => {
  it("two tables, the second numbered from 1 again: one plan numbered on", async () => {
    const { plan } = await parseDocx([
      "某某区2023年重点工作任务清单",
      "一、牵头工作",
      { table: [["序号", "事项", "牵头单位", "责任领导"], ["1", "任务甲。", "区发改局", "张某某"], ["2", "任务乙。", "区商务局", "李某某"]] },
      "二、配合工作",
      {
        table: [
          ["序号", "重点工作任务（本区3项配合工作）", "牵头单位", "配合单位"],
          ["1*", "任务丙。", "区财政局", "区发改局"],
          ["2", "任务丁。", "区住建局", ""],
        ],
      },
    ]);
    expect(plan.sections.map((s) => s.title)).toEqual(["牵头工作", "配合工作"]);
    expect(plan.tasks.map((t) => [t.no, t.section, t.text, t.lead[0], t.leader])).toEqual([
      [1, 1, "任务甲。", "区发改局", "张某某"],
      [2, 1, "任务乙。", "区商务局", "李某某"],
      [3, 2, "任务丙。", "区财政局", null],
      [4, 2, "任务丁。", "区住建局", null],
    ]);
  });

  it("no section rows and a 分类 column", async () => {
    const { plan } = await parseDocx([
      { table: [["分类", "序号", "工作任务", "牵头责任单位", "协同责任单位"], ["稳增长", "1", "任务甲。", "市发改委", "市财政局"], ["稳增长", "2", "任务乙。", "市商务局", ""], ["惠民生", "3", "任务丙。", "市民政局", ""]] },
    ]);
    expect(plan.sections.map((s) => s.title)).toEqual(["稳增长", "惠民生"]);
    expect(plan.tasks.map((t) => [t.section, t.lead, t.cooperating])).toEqual([
      [1, ["市发改委"], ["市财政局"]],
      [1, ["市商务局"], []],
      [2, ["市民政局"], []],
    ]);
  });

  it("a header it does not know: the error says so and names the cell", async () => {
    const e = await parseDocx([{ table: [["编码", "内容描述", "归口"], ["A1", "任务甲。", "市发改委"]] }]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DocumentParseError);
    expect((e as Error).message).toMatch(/^plan\.docx 第1个表格第1行第1列: 表头无法识别\(header not recognised\): 表格应有一列任务/);
    expect((e as Error).message).not.toMatch(/没有找到任务/);
  });
});

describe("Excel", () => {
  it("a sheet without section rows is one section, 序号 1* included", async () => {
    const bytes = await xlsxOf([["2023年重点任务分解表"], ["序号", "事项", "责任单位", "完成时限"], ["1*", "任务甲。", "市发改委、市财政局", "2023年6月底前"], [2, "任务乙。", "市商务局", "年底前"]]);
    const { plan } = parseBlocks(await readBlocks(bytes, "plan.xlsx"), { directory, sourceName: "plan.xlsx" });
    expect(plan.year).toBe(2023);
    expect(plan.sections).toHaveLength(1);
    expect(plan.tasks.map((t) => [t.no, t.lead, t.cooperating, t.deadline])).toEqual([
      [1, ["市发改委"], ["市财政局"], "2023-06-30"],
      [2, ["市商务局"], [], "2023-12-31"],
    ]);
  });
});
