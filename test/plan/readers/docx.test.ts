// Word's automatic numbering and table structure, on hand-written WordprocessingML so each
// case shows the XML Word itself writes.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { parseBlocks } from "../../../src/plan/parse-blocks";
import { DocumentParseError } from "../../../src/plan/parse-document";
import { readBlocks } from "../../../src/plan/read-blocks";
import { loadUnitDirectory } from "../../../src/plan/unit-directory";

const directory = loadUnitDirectory("seeds/units.yaml");
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

async function docx(body: string, numbering = "", styles = ""): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  if (numbering) zip.file("word/numbering.xml", `<w:numbering ${W}>${numbering}</w:numbering>`);
  if (styles) zip.file("word/styles.xml", `<w:styles ${W}>${styles}</w:styles>`);
  return zip.generateAsync({ type: "nodebuffer" });
}
const lines = async (bytes: Buffer) => (await readBlocks(bytes, "x.docx")).flatMap((b) => (b.kind === "line" ? [b.text] : []));
const p = (text: string, pPr = "") => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const num = (numId: number, ilvl = 0) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;
const lvl = (ilvl: number, fmt: string, text: string, extra = "") =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}<w:suff w:val="nothing"/></w:lvl>`;

describe("Word numbering", () => {
  it("two levels of one list: tasks restart under each section unless w:lvlRestart is 0", async () => {
    const levels = (restart: string) => `<w:abstractNum w:abstractNumId="0">${lvl(0, "chineseCounting", "%1、")}${lvl(1, "decimal", "%2.", restart)}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
    const body = [p("稳增长", num(1, 0)), p("抓项目。", num(1, 1)), p("促消费。", num(1, 1)), p("惠民生", num(1, 0)), p("办实事。", num(1, 1))].join("");
    expect(await lines(await docx(body, levels("")))).toEqual(["一、稳增长", "1.抓项目。", "2.促消费。", "二、惠民生", "1.办实事。"]);
    expect(await lines(await docx(body, levels('<w:lvlRestart w:val="0"/>')))).toEqual(["一、稳增长", "1.抓项目。", "2.促消费。", "二、惠民生", "3.办实事。"]);
  });

  it("numbering from the paragraph style (through w:basedOn), multi-level text, w:startOverride and numId 0", async () => {
    const numbering =
      `<w:abstractNum w:abstractNumId="3">${lvl(0, "decimal", "%1.")}${lvl(1, "decimal", "(%1.%2)")}</w:abstractNum>` +
      `<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>` +
      `<w:num w:numId="6"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>`;
    const styles =
      `<w:style w:type="paragraph" w:styleId="Task"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>` +
      `<w:style w:type="paragraph" w:styleId="TaskBold"><w:basedOn w:val="Task"/></w:style>`;
    const body = [
      p("甲", '<w:pStyle w:val="Task"/>'),
      p("乙", '<w:pStyle w:val="TaskBold"/>'),
      p("乙之一", `<w:pStyle w:val="Task"/>${num(5, 1)}`),
      p("不编号", `<w:pStyle w:val="Task"/><w:numPr><w:numId w:val="0"/></w:numPr>`),
      p("丙", '<w:pStyle w:val="Task"/>'),
      p("另起", num(6, 0)),
    ].join("");
    expect(await lines(await docx(body, numbering, styles))).toEqual(["1.甲", "2.乙", "(2.1)乙之一", "不编号", "3.丙", "7.另起"]);
  });

  it("skips deleted revisions, hidden text and field codes; a line break inside a paragraph is a new line", async () => {
    const body =
      `<w:p><w:r><w:t>一、</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>` +
      `<w:r><w:instrText> PAGE </w:instrText></w:r><w:ins><w:r><w:t>稳增长</w:t></w:r></w:ins></w:p>` +
      `<w:p><w:r><w:t>1.抓项目。</w:t><w:br/><w:t>责任单位:市商务局</w:t></w:r></w:p>`;
    expect(await lines(await docx(body))).toEqual(["一、稳增长", "1.抓项目。", "责任单位:市商务局"]);
  });
});

describe("Word tables", () => {
  const cell = (text: string, tcPr = "") => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ""}${text.split("\n").map((t) => p(t)).join("")}</w:tc>`;
  const row = (...cells: string[]) => `<w:tr>${cells.join("")}</w:tr>`;
  const header = row(cell("序号"), cell("重点工作任务"), cell("牵头单位"), cell("完成时限"));

  it("a lead merged down two rows applies to both; 序号 numbered by a list inside the cell", async () => {
    const numbering = `<w:abstractNum w:abstractNumId="0">${lvl(0, "decimal", "%1")}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
    const numbered = `<w:tc>${p("", num(1))}</w:tc>`;
    const body =
      p("许政〔2021〕4号") +
      `<w:tbl>${header}${row(cell("一、稳增长", '<w:gridSpan w:val="4"/>'))}` +
      row(numbered, cell("抓项目。"), cell("市发展改革委\n市财政局", '<w:vMerge w:val="restart"/>'), cell("6月底前")) +
      row(numbered, cell("促消费。"), cell("", "<w:vMerge/>"), cell("年底前")) +
      `</w:tbl>`;
    const { plan, warnings } = parseBlocks(await readBlocks(await docx(body, numbering), "x.docx"), { directory, sourceName: "x.docx" });
    expect(warnings).toEqual([]);
    expect(plan.tasks.map((t) => [t.no, t.text, t.lead, t.deadline])).toEqual([
      [1, "抓项目。", ["市发展改革委", "市财政局"], "2021-06-30"],
      [2, "促消费。", ["市发展改革委", "市财政局"], "2021-12-31"],
    ]);
  });

  it("a table broken in two by a page, the second half without a header, is one task table", async () => {
    const body =
      p("许政〔2021〕4号") +
      `<w:tbl>${header}${row(cell("一、稳增长", '<w:gridSpan w:val="4"/>'))}${row(cell("1"), cell("抓项目。"), cell("市商务局"), cell(""))}</w:tbl>` +
      p("") +
      `<w:tbl>${row(cell("2"), cell("促消费。"), cell("市商务局"), cell("年底前"))}</w:tbl>`;
    const { plan } = parseBlocks(await readBlocks(await docx(body), "x.docx"), { directory, sourceName: "x.docx" });
    expect(plan.tasks.map((t) => [t.no, t.text, t.deadline])).toEqual([
      [1, "抓项目。", null],
      [2, "促消费。", "2021-12-31"],
    ]);
  });

  it("errors name the table, row and column", async () => {
    const body = p("许政〔2021〕4号") + `<w:tbl>${header}${row(cell("一、稳增长", '<w:gridSpan w:val="4"/>'))}${row(cell("1"), cell("抓项目。"), cell("市商务局"), cell(""))}${row(cell("3"), cell("促消费。"), cell("市商务局"), cell(""))}</w:tbl>`;
    const e = await Promise.resolve(readBlocks(await docx(body), "x.docx"))
      .then((blocks) => parseBlocks(blocks, { directory, sourceName: "x.docx" }))
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DocumentParseError);
    expect((e as Error).message).toBe('x.docx 第1个表格第4行第1列: 任务编号不连续: 此处应为2, 实为3 "3、促消费。"');
  });
});
