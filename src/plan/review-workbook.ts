// The review step before a plan goes live: the parsed plan as an Excel workbook, one row per
// task, with what the parser made of each (lead, cooperating, counties, deadline, indicators)
// and its warnings beside it. The workbook is itself a task table (table-layout.ts), so the
// bureau corrects it in Excel and `duban import` reads it back, corrections included.
import ExcelJS from "exceljs";
import nzh from "nzh/cn";
import type { Templates } from "../templates";
import type { ImportWarning } from "./parse-document";
import type { ParsedPlan, ParsedTask } from "./types";
import type { UnitDirectory } from "./unit-directory";
import { writeUnitsSheet } from "./units-sheet";

/** The header words table-layout.ts recognises: the format's contract, not display text. */
export const REVIEW_COLUMNS = ["序号", "部分", "重点工作任务", "牵头单位", "配合单位", "县(市、区)", "完成时限", "责任领导", "指标", "警告"] as const;
const WIDTHS = [6, 24, 60, 24, 30, 24, 12, 12, 24, 36];
const OPS: Record<string, string> = { ">=": "≥", "<=": "≤", "=": "=" };

/**
 * `directory`: a directory built from the document (document-directory.ts) goes on a second
 * sheet, one row per unit with its kind and aliases, for the bureau to correct (merge two forms
 * by moving one into the other's aliases, rename, change a kind); importing the workbook reads
 * it back (units-sheet.ts) instead of building the directory again.
 */
export async function writeReviewWorkbook(file: string, plan: ParsedPlan, warnings: ImportWarning[], templates: Templates, directory?: UnitDirectory): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(templates.t("plan_review.sheet"));
  sheet.columns = WIDTHS.map((width) => ({ width }));
  const last = REVIEW_COLUMNS.length;
  // Above the header: what the parser reads as the document's header (title, 文号, year).
  const preamble = [
    plan.title,
    plan.docNo,
    templates.t("plan_review.year", { year: plan.year }),
    templates.t("plan_review.note"),
    ...warnings.filter((w) => w.task === null).map((w) => templates.t("plan_review.document_warning", { message: w.message })),
  ].filter((t): t is string => !!t);
  for (const text of preamble) {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, last);
  }
  const header = sheet.addRow([...REVIEW_COLUMNS]);
  header.font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: header.number }];

  const counties = (c: ParsedTask["counties"]) =>
    c === "all" ? templates.t("plan_review.all_counties") : c === "relevant" ? templates.t("plan_review.relevant_counties") : (c ?? []).join("、");
  for (const section of plan.sections) {
    const title = `${nzh.encodeS(section.no)}、${section.title}`;
    const tasks = plan.tasks.filter((t) => t.section === section.no);
    // A section without tasks still gets its row, or re-importing would renumber the rest.
    if (tasks.length === 0) sheet.addRow(["", title]);
    for (const t of tasks) {
      const row = sheet.addRow([
        t.no,
        title,
        t.text,
        t.lead.join("、"),
        t.cooperating.join("、"),
        counties(t.counties),
        t.deadline ?? "",
        t.leader ?? "",
        t.indicators.map((i) => `${i.name}${OPS[i.op] ?? i.op}${i.target}${i.unit}`).join("\n"),
        warnings
          .filter((w) => w.task === t.no)
          .map((w) => w.message)
          .join("\n"),
      ]);
      // Each cell its own style object: exceljs shares one per row, and a red warning cell
      // would turn the whole row red.
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.style = { alignment: { wrapText: true, vertical: "top" }, ...(col === last ? { font: { color: { argb: "FFC00000" } } } : {}) };
      });
    }
  }
  if (directory) writeUnitsSheet(workbook.addWorksheet(templates.t("plan_review.units_sheet")), directory);
  await workbook.xlsx.writeFile(file);
}
