// The seed in every format a city issues it in gives the same plan as the text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../src/plan/parse-blocks";
import { parseDocument } from "../../src/plan/parse-document";
import { readBlocks } from "../../src/plan/read-blocks";
import { loadUnitDirectory } from "../../src/plan/unit-directory";
import iconv from "iconv-lite";
import { SEED, seedAsDocxParagraphs, seedAsDocxTable, seedAsXlsx, seedText } from "../helpers/plan-documents";

const directory = loadUnitDirectory("seeds/units.yaml");
const expected = parseDocument(seedText, { directory, sourceName: SEED });
const parse = async (bytes: Uint8Array, name: string) => parseBlocks(await readBlocks(bytes, name), { directory, sourceName: name });

describe("the seed in every format", () => {
  it("the text itself: 115 tasks in 9 sections", () => {
    expect(expected.plan.tasks).toHaveLength(115);
    expect(expected.plan.sections).toHaveLength(9);
  });

  const formats: [string, () => Promise<Uint8Array>][] = [
    ["Word paragraphs numbered by list style", seedAsDocxParagraphs],
    ["a Word table with section rows and line breaks in cells", seedAsDocxTable],
    ["an Excel sheet with title rows and merged section rows", seedAsXlsx],
    ["a PDF with a text layer", async () => readFileSync("test/fixtures/documents/seed.pdf")],
    ["GBK text", async () => iconv.encode(seedText.replace(/\n/g, "\r\n"), "gbk")],
    ["GB18030 text", async () => iconv.encode(seedText, "gb18030")],
    ["UTF-16LE text with BOM (Notepad's Unicode)", async () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText, "utf16le")])],
    ["UTF-16BE text with BOM", async () => iconv.encode(seedText, "utf16-be", { addBOM: true })],
    ["UTF-16LE text without BOM", async () => Buffer.from(seedText, "utf16le")],
    ["UTF-8 text with BOM", async () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seedText)])],
  ];
  for (const [name, make] of formats)
    it(`${name} gives the same plan as the text`, async () => {
      const { plan, warnings } = await parse(await make(), name);
      expect(plan).toEqual(expected.plan);
      expect(warnings).toEqual([]);
    });
});
