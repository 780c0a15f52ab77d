// The 通报 as the bureau circulates it: a 公文 laid out by GB/T 9704-2012 (党政机关公文格式).
//   版头   the issuing office (发文机关标志) in red, the 期号 (第N期), a red line across the 版心;
//   主体   title 小标宋 二号; body 仿宋 三号; 一级标题 黑体, 二级标题 楷体; 附件说明, then the
//          落款 and 成文日期 ("2020年7月3日") under the body;
//   页码   "— 1 —" 4号 宋体, odd pages right and even pages left, one character in from the edge;
//   附件   on a new page: "附件" top left, its title, and the table with proportioned columns.
// Fonts are named as the bureau's machines have them (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312,
// 黑体); the font table gives each a common fallback (w:altName) for machines without them.
import JSZip from "jszip";
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageOrientation,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from "docx";
import type { ReportModel } from "../report-model";
import { tongbaoText } from "./report-text";
import type { ReportTemplates } from "./report-templates";

/** twips per millimetre */
const MM = 1440 / 25.4;

// GB/T 9704-2012 5.2: A4; 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (so bottom 35 mm, right 26 mm).
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) },
} as const;
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right; // 156 mm

// GB/T 9704-2012 5.2.2: 每面排22行，每行排28个字 (the issue's "28 lines × 22 characters" read
// the other way round; the standard's is 22 lines a page, 28 characters a line). 225 mm / 22
// lines is a 28.95 pt pitch: the section's line grid, and every body line's exact height.
// 156 mm / 28 characters is 15.8 pt, a little under the 16 pt of 三号: body text is set 0.25 pt
// tighter so 28 fit. (A Word character grid, docGrid linesAndChars, does the same in Word but
// LibreOffice spreads it to 18 characters a line, so the spacing is on the runs.)
const LINES_PER_PAGE = 22;
const CHARS_PER_LINE = 28;
export const LINE_PITCH = Math.floor((PAGE.height - PAGE.margin.top - PAGE.margin.bottom) / LINES_PER_PAGE);
/** twips (= twentieths of a point, the unit of w:spacing on a run) */
const BODY_TRACKING = Math.floor(TEXT_WIDTH / CHARS_PER_LINE - 320);

// Sizes in half-points: 二号 22 pt, 三号 16 pt, 4号 14 pt, 五号 10.5 pt; the 版头's name 小初 36 pt.
const SIZE = { masthead: 72, title: 44, body: 32, pageNo: 28, table: 21 } as const;

export const FONTS = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNo: "宋体",
  latin: "Times New Roman",
} as const;
/** A common font of the same family, written as w:altName for machines without the first. */
const FALLBACK: Record<string, string> = { 方正小标宋简体: "宋体", 仿宋_GB2312: "仿宋", 楷体_GB2312: "楷体", 黑体: "SimHei", 宋体: "SimSun" };

const RED = "FF0000";

function font(eastAsia: string): IRunOptions["font"] {
  return { ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia, hint: "eastAsia" };
}

/** One line of the 22-line grid, exactly: every body line sits on it. */
const ON_GRID = { line: LINE_PITCH, lineRule: LineRuleType.EXACT } as const;
/** Two characters of 三号: the first-line indent of a body paragraph. */
const TWO_CHARS = 640;

function run(text: string, eastAsia: string = FONTS.body, size: number = SIZE.body, extra: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: font(eastAsia), size, ...(size === SIZE.body ? { characterSpacing: BODY_TRACKING } : {}), ...extra });
}

function body(text: string): Paragraph {
  // A break opportunity after each 、 of a number list: "第21、22、39、…、115项" is otherwise one unbreakable word
  // to LibreOffice, which then spreads "滞后：第" across a justified line.
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: TWO_CHARS }, spacing: ON_GRID, children: [run(text.replace(/(\d)、/g, "$1、\u200b"))] });
}

/** Width in characters of 三号: digits and Latin letters are half a character. */
function charsWide(text: string): number {
  return [...text].reduce((n, c) => n + (c.charCodeAt(0) < 0x80 ? 0.5 : 1), 0);
}

function blank(): Paragraph {
  return new Paragraph({ spacing: ON_GRID, children: [run("")] });
}

/** 一级标题 "一、…" 黑体; 二级 "（一）…" 楷体 (GB/T 9704 7.3.3). */
function heading(text: string, level: 1 | 2): Paragraph {
  return new Paragraph({ indent: { firstLine: TWO_CHARS }, spacing: ON_GRID, keepNext: true, children: [run(text, level === 1 ? FONTS.heading1 : FONTS.heading2)] });
}

function pageNumber(align: "right" | "left"): Footer {
  // "— 1 —": 一字线 either side; 单页码居右空一字，双页码居左空一字 (GB/T 9704 7.5).
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === "right" ? { right: SIZE.pageNo * 10 } : { left: SIZE.pageNo * 10 },
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: font(FONTS.pageNo), size: SIZE.pageNo })],
      }),
    ],
  });
}

function cell(text: string, width: number, opts: { header?: boolean; center?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60 },
    children: [
      new Paragraph({
        alignment: opts.header || opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
        // Single-spaced: the body's 22-line grid would make every table line 29 pt high.
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [run(text, opts.header ? FONTS.heading1 : FONTS.body, SIZE.table)],
      }),
    ],
  });
}

// The annex is a wide table, so its pages are landscape (GB/T 9704 9.1 横排表格), the 版心
// turned with the paper: 225 mm across. Its columns in shares of that: 序号 narrow, the task
// (its whole text) widest, the lead units next, the three report counts narrow, the
// indicators between. Sums to 100.
const ANNEX_PAGE = {
  width: PAGE.height,
  height: PAGE.width,
  margin: { top: PAGE.margin.left, bottom: PAGE.margin.right, left: PAGE.margin.top, right: PAGE.margin.bottom },
} as const;
const ANNEX_WIDTH = ANNEX_PAGE.width - ANNEX_PAGE.margin.left - ANNEX_PAGE.margin.right;
const COLUMN_SHARES = [5, 45, 16, 7, 7, 7, 13];

function annexTable(headers: string[], rows: string[][]): Table {
  const widths = COLUMN_SHARES.map((s) => Math.floor((ANNEX_WIDTH * s) / 100));
  return new Table({
    width: { size: ANNEX_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i]!, { header: true })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i]!, { center: i !== 1 && i !== 2 && i !== 6 })) })),
    ],
  });
}

export async function renderDocx(rt: ReportTemplates, m: ReportModel): Promise<Buffer> {
  const t = tongbaoText(rt, m);
  const children: (Paragraph | Table)[] = [
    // 版头: the office in red, 期号 under it, then the red line across the 版心 (GB/T 9704 7.2).
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0, line: 960, lineRule: LineRuleType.EXACT }, children: [run(t.office, FONTS.title, SIZE.masthead, { color: RED })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...ON_GRID, before: LINE_PITCH }, children: [run(t.issueNo)] }),
    new Paragraph({ spacing: { line: 120, lineRule: LineRuleType.EXACT, after: LINE_PITCH * 2 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 1 } }, children: [] }),
    // 主体
    // The title in two lines, 梯形 (GB/T 9704 7.3.1), rather than wrapping wherever 二号 runs out.
    ...t.titleLines.map((line, i, all) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...ON_GRID, after: i === all.length - 1 ? LINE_PITCH : 0 }, children: [run(line, FONTS.title, SIZE.title)] })),
    new Paragraph({ spacing: ON_GRID, children: [run(t.salutation)] }),
    body(t.opening),
    heading(t.h_overall, 1),
    ...t.overall.map(body),
    heading(t.h_late, 1),
    ...(t.late.length ? t.late : [t.late_empty]).map(body),
    heading(t.h_behind, 1),
    ...(t.behind.length ? [t.behind_intro, ...t.behind] : t.behind_none ? [t.behind_none] : []).map(body),
    ...t.duibiao.map(body),
    heading(t.h_next, 1),
    body(t.next),
    blank(),
    body(t.annex_note),
    blank(),
    // 落款 (GB/T 9704 7.3.5.2): the office 右空二字; the 成文日期 on the next line, its first
    // character two to the right of the office's first.
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: TWO_CHARS }, spacing: ON_GRID, children: [run(t.signature)] }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.max(0, Math.round((2 + charsWide(t.signature) - 2 - charsWide(t.date)) * (TWO_CHARS / 2))) },
      spacing: ON_GRID,
      children: [run(t.date)],
    }),
  ];
  // 附件 on its own (landscape) pages: the label 黑体 top left, the title like the document's.
  const annex: (Paragraph | Table)[] = [
    new Paragraph({ spacing: ON_GRID, children: [run(t.annex_label, FONTS.heading1)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, after: LINE_PITCH / 2 }, children: [run(t.annex_name, FONTS.title, SIZE.title)] }),
  ];
  for (const a of t.annex) {
    annex.push(heading(a.heading, 2));
    annex.push(annexTable(t.annexHeaders, a.rows));
  }
  const footers = { default: pageNumber("right"), even: pageNumber("left") };
  const doc = new Document({
    creator: t.office,
    title: t.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: { font: font(FONTS.body), size: SIZE.body }, paragraph: { spacing: ON_GRID } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            // The page number's 一字线 sits 7 mm under the 版心 (GB/T 9704 7.5): footer 35 − 7 − 5 mm.
            margin: { ...PAGE.margin, header: Math.round(15 * MM), footer: Math.round(23 * MM) },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
        },
        footers,
        children,
      },
      {
        properties: {
          page: {
            // The docx package swaps width and height itself for a landscape page.
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.LANDSCAPE },
            margin: { ...ANNEX_PAGE.margin, header: Math.round(15 * MM), footer: Math.round(14 * MM) },
          },
        },
        footers,
        children: annex,
      },
    ],
  });
  return finish(await Packer.toBuffer(doc));
}

/**
 * What the docx package has no option for. No punctuation hanging past the margin (a line holds
 * its 28 characters; LibreOffice drops a hanging "：" from the page). No automatic space between Chinese and Latin text
 * or digits (w:autoSpaceDE/DN off in the document defaults): a 公文 sets "第2期" and "2020年"
 * solid, and the space would push a line past its 28 characters. And every font the document
 * names listed the document names in word/fontTable.xml with its fallback as w:altName,
 * so Word on a machine without 方正小标宋简体 or 仿宋_GB2312 takes 宋体 or 仿宋 rather than a
 * Latin default. The docx package writes no font table entries of its own for named fonts.
 */
async function finish(buffer: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const stylesPath = "word/styles.xml";
  // In the defaults for Word, and in the Normal style too: LibreOffice reads only the latter.
  const noSpacing = '<w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>';
  const styles = (await zip.file(stylesPath)!.async("string"))
    .replace("<w:pPrDefault><w:pPr>", `<w:pPrDefault><w:pPr>${noSpacing}`)
    .replace('<w:name w:val="Normal"/><w:qFormat/></w:style>', `<w:name w:val="Normal"/><w:qFormat/><w:pPr>${noSpacing}</w:pPr></w:style>`);
  zip.file(stylesPath, styles);
  const path = "word/fontTable.xml";
  const xml = (await zip.file(path)?.async("string")) ?? "";
  const names = [...new Set(Object.values(FONTS))];
  const entries = names
    .map((n) => `<w:font w:name="${n}">${FALLBACK[n] ? `<w:altName w:val="${FALLBACK[n]}"/>` : ""}<w:charset w:val="${n === FONTS.latin ? "00" : "86"}"/><w:family w:val="${n === FONTS.heading1 ? "modern" : "roman"}"/></w:font>`)
    .join("");
  const table = xml.includes("</w:fonts>")
    ? xml.replace("</w:fonts>", `${entries}</w:fonts>`)
    : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries}</w:fonts>`;
  zip.file(path, table);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
