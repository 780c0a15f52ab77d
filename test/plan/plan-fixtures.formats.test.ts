// The real documents in the forms offices issue them, built from their own text by
// test/helpers/plan-documents.ts: Word with list numbering (the numbers exist only as Word's
// numbering), Word tables, Excel (a table per sheet) and GBK text. Each reads to the same plan
// as the text it was made from.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPlanFile } from "../../src/plan/import-file";
import type { ParsedPlan } from "../../src/plan/types";
import { docxOf, gbkOf, itemsOfText, xlsxOfText } from "../helpers/plan-documents";

const dir = mkdtempSync(join(tmpdir(), "duban-plan-formats-"));
const textOf = (slug: string) => readFileSync(`test/fixtures/plans/${slug}/document.txt`, "utf8");
const read = async (slug: string, name: string, bytes: Uint8Array | string, region: string) => {
  const path = join(dir, `${slug}-${name}`);
  writeFileSync(path, bytes);
  return (await readPlanFile(path, { unitsFile: "seeds/units.yaml", region })).plan;
};
/** What a bureau sees of a plan: sections, and each task's text, units and leader. */
const shape = (p: ParsedPlan) => ({
  year: p.year,
  sections: p.sections,
  tasks: p.tasks.map((t) => [t.no, t.section, t.text, t.leader, t.lead, t.cooperating, t.counties]),
});

describe.each([
  ["chuzhou-2020", "滁州市"],
  ["lishan-district-2023", "立山区"],
  ["liaoning-province-2024", "辽宁省"],
])("%s (numbered paragraphs)", (slug, region) => {
  it("Word with list numbering and GBK text read as the text does", async () => {
    const text = textOf(slug);
    const fromText = shape(await read(slug, "document.txt", text, region));
    expect(fromText.tasks.length).toBeGreaterThan(1);
    const numbered = await docxOf(itemsOfText(text).map((i) => (typeof i === "string" ? i.replace(/^(\d+)\.\s*/, "$1.") : i)), { numbered: true });
    // The numbers are Word's: none is in the paragraphs' own text.
    expect(numbered.includes(Buffer.from("1. 地区"))).toBe(false);
    expect(shape(await read(slug, "numbered.docx", numbered, region))).toEqual(fromText);
    expect(shape(await read(slug, "gbk.txt", gbkOf(text), region))).toEqual(fromText);
  });
});

describe.each([
  ["hangzhou-2021", "杭州市"],
  ["guangzhou-2021", "广州市"],
  ["luan-2022", "六安市"],
])("%s (tables)", (slug, region) => {
  it("Word tables and Excel sheets read as the text does", async () => {
    const text = textOf(slug);
    const fromText = shape(await read(slug, "document.txt", text, region));
    expect(shape(await read(slug, "tables.docx", await docxOf(itemsOfText(text)), region))).toEqual(fromText);
    expect(shape(await read(slug, "sheets.xlsx", await xlsxOfText(text), region))).toEqual(fromText);
  });
});
