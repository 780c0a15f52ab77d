// Blocks from any reader → the lines the paragraph parser reads → a plan. Running text passes
// through; a table whose header names the task columns goes through table-layout.ts; rows of
// any other table are read as lines (a title row, a 文号 in a layout table). Every line keeps
// where it came from, so errors and warnings name the sheet, row and column, or the page.
import { DocumentParseError, parseLines, type ImportWarning, type ParseOptions } from "./parse-document";
import type { Block, LineBlock, RowBlock } from "./readers/blocks";
import { headerColumns, isHeaderRow, TaskTable, type OutLine } from "./table-layout";
import type { ParsedPlan } from "./types";

/** The header row may sit under a title, a 文号 and notes: it is looked for in the first rows. */
const HEADER_SEARCH_ROWS = 10;

export function parseBlocks(blocks: Block[], opts: ParseOptions): { plan: ParsedPlan; warnings: ImportWarning[] } {
  const lines = layoutBlocks(blocks, opts.sourceName ?? "文档");
  const where = (no: number) => lines[no - 1]?.where ?? null;
  const result = parseLines(
    lines.map((l) => l.text),
    { ...opts, locate: where },
  );
  for (const w of result.warnings) {
    const at = w.line > 0 ? where(w.line) : null;
    if (at) w.where = at;
  }
  return result;
}

export function layoutBlocks(blocks: Block[], source: string): OutLine[] {
  const tables = groupTables(blocks);
  const anySheetWithTasks = tables.some((t) => Array.isArray(t) && t[0]!.sheet && headerAt(t) !== null);
  const out: OutLine[] = [];
  let previous: TaskTable | null = null;
  let unrecognised: RowBlock | null = null;
  for (const item of tables) {
    if (!Array.isArray(item)) {
      out.push({ text: item.text, where: item.where });
      continue;
    }
    const rows: RowBlock[] = item;
    const header = headerAt(item);
    if (header === null) {
      // A Word table broken in two by a page: the second half has no header of its own.
      if (previous && !rows[0]!.sheet && rows[0]!.cells.length === previous.width) {
        for (const row of rows) out.push(...previous.rowLines(row.cells));
        continue;
      }
      if (rows[0]!.sheet && anySheetWithTasks) continue; // a notes sheet beside the task sheet
      unrecognised ??= rows[0]!;
      for (const row of rows) out.push(...plainLines(row));
      continue;
    }
    const found = headerColumns(rows.slice(header, header + 2).map((r) => r.cells), source);
    const table: TaskTable = new TaskTable(found.columns, rows[header]!.cells.length, source, previous?.lastNo ?? 0);
    for (const row of rows.slice(0, header)) out.push(...plainLines(row));
    for (const row of rows.slice(header + found.rows)) out.push(...table.rowLines(row.cells));
    previous = table;
  }
  // Tables, none with a header read as a task table, and no task found in the text either:
  // say which header was not recognised and what it needs, rather than "no tasks".
  if (unrecognised && !previous && !out.some((l) => /^\d+\s*[.、]/.test(l.text.trim()))) {
    const first = unrecognised.cells.find((c) => c.text.trim()) ?? unrecognised.cells[0]!;
    throw new DocumentParseError(
      source,
      0,
      unrecognised.cells.map((c) => c.text.trim()).filter(Boolean).join(" | "),
      '表头无法识别(header not recognised): 表格应有一列任务(如"重点工作任务""工作任务""事项")和一列单位(如"牵头单位""责任单位""配合单位")',
      first.where,
    );
  }
  return out;
}

/** Lines and whole tables, in document order. */
function groupTables(blocks: Block[]): (LineBlock | RowBlock[])[] {
  const out: (LineBlock | RowBlock[])[] = [];
  for (const b of blocks) {
    if (b.kind === "line") out.push(b);
    else {
      const last = out.at(-1);
      if (Array.isArray(last) && last[0]!.table === b.table) last.push(b);
      else out.push([b]);
    }
  }
  return out;
}

function headerAt(rows: RowBlock[]): number | null {
  const i = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => isHeaderRow(r.cells.map((c) => c.text)));
  return i < 0 ? null : i;
}

/** A row outside the task table: each distinct cell's lines (a merged title row is one line). */
function plainLines(row: RowBlock): OutLine[] {
  const seen = new Set<string>();
  const out: OutLine[] = [];
  for (const c of row.cells) {
    const text = c.text.trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    for (const line of text.split("\n")) out.push({ text: line, where: c.where });
  }
  return out;
}
