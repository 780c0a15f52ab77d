// The 通报 as the bureau circulates it, in Word: title, addressees, the opening with the
// counts, the late units named, the tasks behind schedule, what is required next, the
// signature, and an annex table per section. Fonts are the ones official documents use
// (仿宋 body, 黑体 headings, 宋体 title); Word substitutes where they are missing.
import { AlignmentType, Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { ReportModel } from "../report-model";
import { tongbaoText } from "./report-text";
import type { ReportTemplates } from "./report-templates";

const BODY = { font: "仿宋", size: 32 }; // 三号
const HEADING = { font: "黑体", size: 32 };
const TABLE = { font: "仿宋", size: 21 }; // 五号

function body(text: string, opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align,
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, ...BODY })],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text, ...HEADING })] });
}

function tableCell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, ...TABLE, bold })] })] });
}

export async function renderDocx(rt: ReportTemplates, m: ReportModel): Promise<Buffer> {
  const t = tongbaoText(rt, m);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [new TextRun({ text: t.title, font: "宋体", size: 44, bold: true })] }),
    body(t.salutation, { indent: false }),
    body(t.opening),
    heading(t.h_overall),
    ...t.overall.map((line) => body(line)),
    heading(t.h_late),
    ...(t.late.length ? t.late.map((line) => body(line)) : [body(t.late_empty)]),
    heading(t.h_behind),
    ...(t.behind.length ? t.behind.map((line) => body(line)) : [body(t.behind_none)]),
    ...t.duibiao.map((line) => body(line)),
    heading(t.h_next),
    body(t.next),
    body(t.signature, { indent: false, align: AlignmentType.RIGHT }),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ children: [new TextRun({ text: t.annex_title, ...HEADING })] }),
  ];
  for (const a of t.annex) {
    children.push(new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text: a.heading, ...HEADING, size: 24 })] }));
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [new TableRow({ tableHeader: true, children: t.annexHeaders.map((h) => tableCell(h, true)) }), ...a.rows.map((r) => new TableRow({ children: r.map((c) => tableCell(c)) }))],
      }),
    );
  }
  const doc = new Document({ creator: "duban", title: t.title, sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }] });
  return Packer.toBuffer(doc);
}
