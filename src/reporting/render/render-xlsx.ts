// The workbook the bureau forwards: 汇总 (per unit), 分项 (per section), 明细 (task × unit),
// 逾期 (late units), 指标 (indicators against 序时进度). Each sheet has a title row, a frozen
// header row with a filter, set column widths; late and missing cells are filled in colour.
import ExcelJS from "exceljs";
import type { ReportModel } from "../report-model";
import { asOf, indicatorStatusName, opSign, pct, periodTitle } from "./report-text";
import { matrixRows } from "./render-csv";
import type { ReportTemplates } from "./report-templates";

const FILL = {
  late: "FFFFE699", // amber: 逾期补报
  missing: "FFF8CBAD", // red: 未报 / 逾期未报
  behind: "FFF8CBAD",
  header: "FFD9E1F2",
};

function fill(cell: ExcelJS.Cell, argb: string): void {
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb } };
}

function addSheet(wb: ExcelJS.Workbook, name: string, title: string, headers: string[], widths: number[], rows: (string | number)[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 2 }] });
  ws.addRow([title]).font = { bold: true, size: 12 };
  const head = ws.addRow(headers);
  head.font = { bold: true };
  head.eachCell((c) => fill(c, FILL.header));
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col, i) => (col.width = widths[i] ?? 12));
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: headers.length } };
  return ws;
}

export async function renderXlsx(rt: ReportTemplates, m: ReportModel): Promise<Buffer> {
  const x = rt.xlsx;
  const h = x.raw.headers;
  const title = x.t("title", { period: periodTitle(rt, m), time: asOf(m), timeProgress: pct(m.timeProgress) });
  const wb = new ExcelJS.Workbook();
  wb.creator = "duban";
  wb.created = new Date(m.generatedAt);
  const percent = (p: number) => `${p}%`;

  addSheet(wb, x.t("sheets.units"), title, h.units!, [36, 8, 10, 10, 8, 8, 10], m.units.map((u) => [u.unit, u.total, u.onTime, u.late, u.closed, u.missing, percent(u.percent)]));
  addSheet(wb, x.t("sheets.sections"), title, h.sections!, [6, 44, 8, 10, 10, 8, 8, 10], m.sections.map((s) => [s.no, s.title, s.total, s.onTime, s.late, s.closed, s.missing, percent(s.percent)]));

  const matrix = addSheet(wb, x.t("sheets.matrix"), title, h.matrix!, [28, 8, 30, 30, 8, 10, 17, 10, 60, 8, 10], matrixRows(rt, m));
  const statuses = m.tasks.flatMap((t) => t.cells.map((c) => c.status));
  statuses.forEach((s, i) => {
    if (s === "on_time" || s === "closed") return;
    const cell = matrix.getRow(i + 3).getCell(6);
    fill(cell, s === "late" ? FILL.late : FILL.missing);
  });
  matrix.getColumn(9).alignment = { wrapText: true, vertical: "top" };

  const late = addSheet(wb, x.t("sheets.late"), title, h.late!, [36, 14, 14], m.lateUnits.map((u) => [u.unit, u.missing, u.late]));
  late.eachRow((row, n) => {
    if (n <= 2) return;
    if (Number(row.getCell(2).value) > 0) fill(row.getCell(2), FILL.missing);
    if (Number(row.getCell(3).value) > 0) fill(row.getCell(3), FILL.late);
  });

  const ind = addSheet(
    wb,
    x.t("sheets.indicators"),
    title,
    h.indicators!,
    [8, 30, 10, 10, 30, 10, 10, 10, 10],
    m.indicators.map((i) => [i.taskNo, i.name, `${opSign(rt, i.op)}${i.target}`, i.unit, i.leadUnit ?? "", i.value ?? "", pct(i.ratio), pct(m.timeProgress), indicatorStatusName(rt, i)]),
  );
  m.indicators.forEach((i, n) => {
    if (i.status === "behind") fill(ind.getRow(n + 3).getCell(9), FILL.behind);
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
