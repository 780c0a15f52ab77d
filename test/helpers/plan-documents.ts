// The seed plan rebuilt in the other formats cities issue (Word paragraphs numbered by list
// style, a Word table, an Excel task table), generated with the docx and exceljs packages so
// the fixtures are visible in code rather than opaque binaries.
import { readFileSync } from "node:fs";
import {
  AlignmentType,
  Document,
  LevelFormat,
  LevelSuffix,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  type ParagraphChild,
} from "docx";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

export const SEED = "seeds/xuchang-2020-key-tasks.txt";
export const seedText = readFileSync(SEED, "utf8");

export interface SeedTask {
  no: number;
  text: string;
  units: string;
}
export interface SeedSection {
  numeral: string;
  title: string;
  tasks: SeedTask[];
}

/** The seed's three header lines and its sections, each task with its 责任单位 list. */
export function seedStructure(): { header: string[]; sections: SeedSection[] } {
  const lines = seedText.split("\n").filter((l) => l.trim());
  const header: string[] = [];
  const sections: SeedSection[] = [];
  for (const line of lines) {
    const section = /^([一二三四五六七八九十]+)、(.*)$/.exec(line);
    const task = /^(\d+)\.(.*)$/.exec(line);
    const units = /^责任单位:(.*)$/.exec(line);
    if (section) sections.push({ numeral: section[1]!, title: section[2]!, tasks: [] });
    else if (task) sections.at(-1)!.tasks.push({ no: Number(task[1]), text: task[2]!, units: "" });
    else if (units) sections.at(-1)!.tasks.at(-1)!.units = units[1]!;
    else header.push(line);
  }
  return { header, sections };
}

/**
 * The seed as Word paragraphs with no digits in their text: sections numbered "一、" by
 * numbering on the paragraph itself, tasks "1." by their paragraph style's numbering, which
 * runs on across the sections.
 */
export async function seedAsDocxParagraphs(): Promise<Buffer> {
  const { header, sections } = seedStructure();
  const children: Paragraph[] = header.map((t) => new Paragraph({ children: [new TextRun(t)] }));
  for (const s of sections) {
    children.push(new Paragraph({ text: s.title, numbering: { reference: "sections", level: 0 } }));
    for (const t of s.tasks) {
      children.push(new Paragraph({ text: t.text, style: "TaskItem" }));
      children.push(new Paragraph({ text: `责任单位:${t.units}` }));
    }
  }
  return numberedDocx(children);
}

/** A cell whose lines are separate paragraphs in Word. */
function cell(text: string, columnSpan?: number): TableCell {
  return new TableCell({ columnSpan, children: text.split("\n").map((line) => new Paragraph({ children: [new TextRun(line)] })) });
}

/** Breaks a text after its first "。" or "、" that is not at the end: a line break inside the cell. */
export function breakLine(text: string): string {
  const i = text.search(/[。、](?!$)/);
  return i < 0 ? text : `${text.slice(0, i + 1)}\n${text.slice(i + 1)}`;
}

/** The seed as a Word table: header paragraphs, then 序号 | 重点工作任务 | 责任单位, section rows spanning the table. */
export async function seedAsDocxTable(): Promise<Buffer> {
  const { header, sections } = seedStructure();
  const rows = [new TableRow({ tableHeader: true, children: ["序号", "重点工作任务", "责任单位"].map((h) => cell(h)) })];
  for (const s of sections) {
    rows.push(new TableRow({ children: [cell(`${s.numeral}、${s.title}`, 3)] }));
    for (const t of s.tasks) rows.push(new TableRow({ children: [cell(String(t.no)), cell(breakLine(t.text)), cell(breakLine(t.units))] }));
  }
  const children: (Paragraph | Table)[] = header.map((t) => new Paragraph({ children: [new TextRun(t)] as ParagraphChild[] }));
  children.push(new Table({ rows }));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** The seed as an Excel 任务分解表: header rows merged across, section rows merged, 序号 as numbers and as text. */
export async function seedAsXlsx(): Promise<Buffer> {
  const { header, sections } = seedStructure();
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("说明").addRow(["本表由督查局整理"]);
  const sheet = workbook.addWorksheet("任务分解");
  for (const line of header) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, 3);
  }
  sheet.addRow(["序号", "重点工作任务", "责任单位"]);
  for (const s of sections) {
    const row = sheet.addRow([`${s.numeral}、${s.title}`]);
    sheet.mergeCells(row.number, 1, row.number, 3);
    for (const t of s.tasks) sheet.addRow([t.no % 2 ? t.no : String(t.no), breakLine(t.text), t.units]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A one-page PDF that is only an image, as a scanner makes it: no text layer. */
export function scannedPdf(): Buffer {
  const pixels = "\x00\xff\xff\x00";
  const content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
    `<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n${pixels}\nendstream`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/** A paragraph, or a table as rows of cells; a row of one cell spans the table's width. */
export type DocItem = string | { table: string[][] };

/**
 * Any plan as a Word document: paragraphs as written, tables with a header row. With
 * `numbered`, paragraphs starting "N." or "一、" lose that text and get Word's list numbering
 * instead (decimal and Chinese counting, as offices number them), so the reader must write
 * the numbers out again.
 */
export async function docxOf(items: DocItem[], opts: { numbered?: boolean } = {}): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const item of items) {
    if (typeof item !== "string") {
      const width = Math.max(...item.table.map((r) => r.length));
      const rows = item.table.map(
        (r, i) => new TableRow({ tableHeader: i === 0, children: r.length === 1 && width > 1 ? [cell(r[0]!, width)] : r.map((c) => cell(c)) }),
      );
      children.push(new Table({ rows }));
      continue;
    }
    const section = /^[一二三四五六七八九十]+、(.*)$/.exec(item);
    const task = /^\d+[.、](.*)$/.exec(item);
    if (opts.numbered && section) children.push(new Paragraph({ text: section[1]!, numbering: { reference: "sections", level: 0 } }));
    else if (opts.numbered && task) children.push(new Paragraph({ text: task[1]!, style: "TaskItem" }));
    else children.push(new Paragraph({ children: [new TextRun(item)] }));
  }
  return numberedDocx(children);
}

/** Rows as one Excel sheet; a row of one value is merged across `width` columns. */
export async function xlsxOf(rows: (string | number | null)[][], sheetName = "Sheet1"): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  const width = Math.max(...rows.map((r) => r.length));
  for (const r of rows) {
    const row = sheet.addRow(r);
    if (r.length === 1 && width > 1) sheet.mergeCells(row.number, 1, row.number, width);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A text as the GBK bytes an office PC saves ("ANSI"). */
export function gbkOf(text: string): Buffer {
  return iconv.encode(text.replace(/\n/g, "\r\n"), "gbk");
}

/**
 * A real document's text (test/fixtures/plans/<slug>/document.txt, tables as TAB-separated
 * rows) as the items of a Word document: paragraphs, and each run of rows as one table (a row
 * without a TAB between rows is a merged row).
 */
export function itemsOfText(text: string): DocItem[] {
  const lines = text.split(/\r?\n/);
  const items: DocItem[] = [];
  let table: string[][] | null = null;
  lines.forEach((line, i) => {
    const nextRow = lines.slice(i + 1).find((l) => l.trim())?.includes("\t") ?? false;
    if (line.includes("\t") || (table && line.trim() && nextRow)) {
      if (!table) items.push({ table: (table = []) });
      table.push(line.includes("\t") ? line.split("\t").map((c) => c.trim()) : [line.trim()]);
      return;
    }
    if (line.trim()) table = null;
    if (line.trim()) items.push(line.trim());
  });
  return items;
}

/** The same text as a workbook: each table on its own sheet, under the paragraphs before it. */
export async function xlsxOfText(text: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  let rows: string[][] = [];
  let sheets = 0;
  const flush = () => {
    if (!rows.length) return;
    const sheet = workbook.addWorksheet(`表${++sheets}`);
    const width = Math.max(...rows.map((r) => r.length));
    for (const r of rows) {
      const row = sheet.addRow(r);
      if (r.length === 1 && width > 1) sheet.mergeCells(row.number, 1, row.number, width);
    }
    rows = [];
  };
  let inTable = false;
  for (const item of itemsOfText(text)) {
    if (typeof item === "string") {
      if (inTable) flush();
      inTable = false;
      rows.push([item]);
    } else {
      inTable = true;
      rows.push(...item.table);
    }
  }
  flush();
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A Word document whose section headings ("一、") and tasks ("1.") are numbered by Word's list
 * numbering (style "TaskItem", numbering "sections"), not typed: the numbers live in numbering.xml.
 */
function numberedDocx(children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        { reference: "sections", levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: "%1、", alignment: AlignmentType.LEFT, suffix: LevelSuffix.NOTHING }] },
        { reference: "tasks", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT }] },
      ],
    },
    styles: { paragraphStyles: [{ id: "TaskItem", name: "Task Item", basedOn: "Normal", paragraph: { numbering: { reference: "tasks", level: 0 } } }] },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
