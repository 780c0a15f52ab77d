// The matrix as CSV for Excel: UTF-8 with a byte-order mark (without it Excel on Windows reads
// Chinese as GBK and shows garbage), CRLF line ends, Chinese headers, one row per task × unit.
import type { ReportModel } from "../report-model";
import { cellStatus, roleName } from "./report-text";
import type { ReportTemplates } from "./report-templates";
import { shanghaiDateTime } from "../periods";

function field(v: string | number): string {
  const s = String(v);
  // A leading = + - @ makes Excel evaluate the cell as a formula (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function matrixRows(rt: ReportTemplates, m: ReportModel): (string | number)[][] {
  const sections = new Map(m.sections.map((s) => [s.no, s.title]));
  return m.tasks.flatMap((t) =>
    t.cells.map((c) => [
      `${t.sectionNo}. ${sections.get(t.sectionNo) ?? ""}`,
      t.no,
      t.title,
      c.unit,
      roleName(rt, c.role),
      cellStatus(rt, m, c),
      c.reportedAt ? shanghaiDateTime(new Date(c.reportedAt)) : "",
      c.reportedBy ?? "",
      c.text ?? "",
      rt.base.t(`light.${t.light}`),
      t.verdict ? rt.base.t(`closure.verdict.${t.verdict}`) : "",
    ]),
  );
}

export function renderCsv(rt: ReportTemplates, m: ReportModel): Buffer {
  const lines = [rt.csv.headers, ...matrixRows(rt, m)].map((row) => row.map(field).join(","));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")]);
}
