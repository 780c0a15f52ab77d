// An .xlsx workbook as blocks: every sheet a table, every row a row block. exceljs gives a
// merged cell's value in each cell it covers, so a section row merged across the table reads
// as one value, and a lead unit merged down several rows applies to each of them.
import ExcelJS from "exceljs";
import { DocumentParseError } from "../parse-document";
import type { Block } from "./blocks";

export async function readXlsx(bytes: Uint8Array, source: string): Promise<Block[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new DocumentParseError(source, 0, "", `Excel 文件已损坏, 无法读取(${(e as Error).message})`);
  }
  const blocks: Block[] = [];
  for (const sheet of workbook.worksheets) {
    const table = `工作表“${sheet.name}”`;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const letter = columnLetter(c);
        cells.push({ text: cellText(row.getCell(c).value), where: `${table}第${r}行${letter}列` });
      }
      blocks.push({ kind: "row", table, sheet: true, where: `${table}第${r}行`, cells });
    }
  }
  return blocks;
}

export function columnLetter(c: number): string {
  let s = "";
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A cell's value as the text Excel shows for it; a date as YYYY-MM-DD. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.replace(/\r\n?/g, "\n");
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e10) / 1e10);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  // exceljs reads a date cell as the UTC instant of its wall-clock value.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ("richText" in v) return v.richText.map((t) => t.text).join("").replace(/\r\n?/g, "\n");
  if ("formula" in v || "sharedFormula" in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ("hyperlink" in v) return String((v as { text?: unknown }).text ?? "");
  return "";
}
