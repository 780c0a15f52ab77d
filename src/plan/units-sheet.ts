// The units sheet of the review workbook: the directory built from a document, one row per
// unit (名称 | 类别 | 别名), written for the bureau to correct and read back on import. The
// header and kind words are the format's contract, like REVIEW_COLUMNS, not display text.
import type ExcelJS from "exceljs";
import { normalizeText } from "./normalize-text";
import type { Block } from "./readers/blocks";
import { splitUnits } from "./split-units";
import type { UnitEntry, UnitKind } from "./types";
import type { UnitDirectory } from "./unit-directory";

export const UNIT_COLUMNS = ["单位名称", "类别", "别名"] as const;
const KIND_WORDS: Record<UnitKind, string> = { municipal: "部门", county: "县级", group: "统称", other: "其他" };

export function writeUnitsSheet(sheet: ExcelJS.Worksheet, directory: UnitDirectory): void {
  sheet.columns = [{ width: 36 }, { width: 8 }, { width: 60 }];
  sheet.addRow([...UNIT_COLUMNS]).font = { bold: true };
  for (const e of directory.entries) sheet.addRow([e.name, KIND_WORDS[e.kind], [...e.aliases, ...(e.formerNames ?? [])].join("、")]);
}

/** The entries of a units sheet among a workbook's blocks; null when there is none. */
export function unitsFromSheet(blocks: Block[]): UnitEntry[] | null {
  const rows = blocks.filter((b) => b.kind === "row" && b.sheet);
  const header = rows.find((r) => r.kind === "row" && UNIT_COLUMNS.every((w, i) => normalizeText(r.cells[i]?.text ?? "") === w));
  if (!header || header.kind !== "row") return null;
  const kinds = new Map(Object.entries(KIND_WORDS).map(([k, w]) => [w, k as UnitKind]));
  const entries: UnitEntry[] = [];
  for (const r of rows.slice(rows.indexOf(header) + 1)) {
    if (r.kind !== "row" || r.table !== header.table) continue;
    const [name, kind, aliases] = r.cells.map((c) => normalizeText(c.text));
    if (!name) continue;
    entries.push({ name, kind: kinds.get(kind ?? "") ?? "municipal", aliases: splitUnits(aliases ?? "") });
  }
  return entries;
}
