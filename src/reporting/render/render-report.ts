// One entry for every export format of a built report model. The Word and Excel writers are
// imported on first use: docx and exceljs cost ~28 MB of a server's memory and part of its
// start time, for exports most instances produce a few times a quarter.
import type { ReportModel } from "../report-model";
import { renderCsv } from "./render-csv";
import { renderMarkdown } from "./render-markdown";
import { reportTemplates } from "./report-templates";

export const REPORT_FORMATS = ["md", "csv", "xlsx", "docx", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Binary formats: not written to a terminal. */
export const BINARY_FORMATS: ReadonlySet<ReportFormat> = new Set(["xlsx", "docx"]);

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  json: "application/json; charset=utf-8",
};

export async function renderReport(m: ReportModel, format: ReportFormat): Promise<Buffer> {
  const rt = reportTemplates();
  switch (format) {
    case "md":
      return Buffer.from(renderMarkdown(rt, m, { full: true }), "utf8");
    case "csv":
      return renderCsv(rt, m);
    case "xlsx":
      return (await import("./render-xlsx")).renderXlsx(rt, m);
    case "docx":
      return (await import("./render-docx")).renderDocx(rt, m);
    case "json":
      return Buffer.from(`${JSON.stringify(m, null, 2)}\n`, "utf8");
  }
}

/** "2020Q1-市商务局.xlsx": the file name a download gets. */
export function reportFileName(m: ReportModel, format: ReportFormat): string {
  return `duban-${m.period.key}${m.unitFilter ? `-${m.unitFilter}` : ""}.${format}`;
}
