// A table pasted from Excel or Word: cells separated by tabs (or "|", or — when a phone turned
// the tabs into spaces — single spaces under a header that says so), a header row naming the
// columns. The task is in the 编号 column ("任务编号", "编号", "任务号"), or in the column whose
// cells are task references ("74", "第91项", "15.挖掘农村消费潜力"); 序号 is the row's place in
// the table, never a task. The report is the progress column ("进展情况", "完成情况", "落实情况"),
// with the problem and next-step columns after it under their own names; a row whose progress
// cell is empty reports nothing. Rows naming the same task are one report. When the rows carry
// numbers and nothing says which column is the task, the reader says so and nothing is stored.
import { toNumber } from "../task-number";

export type TableReading =
  | { kind: "rows"; rows: { no: number; text: string }[] }
  | { kind: "which_column"; header: string };

const TAB_SPLIT = /\t|\s*[|｜]\s*/;
const TASK_COLUMN = /^(?:任务)?(?:编号|编码|号)$|任务编号|任务号|任务序号|项目编号|事项编号|清单编号/;
const SERIAL_COLUMN = /^(?:序号|序|No\.?|行号)$/i;
const PROGRESS_COLUMN = /进展|完成情况|落实情况|推进情况|工作进度|进度|完成进度|工作成效|落实进度|^完成$|^内容$|汇报内容/;
const UNIT_COLUMN = /牵头|配合|责任单位|单位/;
const HEADER_WORDS = /序号|编号|任务|事项|进展|完成|落实情况|牵头|责任|备注|内容|重点工作|指标/;
/** A cell that is a task reference: "74", "第91项", "15.挖掘…", "第50项 高标准农田…". */
const TASK_CELL = /^(?:第\s*)?(\d{1,4})\s*(?:项|号)?(?:\s*[.．、]\s*|\s+|$)/;

function splitter(lines: string[]): ((line: string) => string[]) | null {
  if (lines.filter((l) => TAB_SPLIT.test(l)).length >= 2) return (l) => l.split(TAB_SPLIT).map((c) => c.trim());
  // Tabs turned into single spaces: only under a header that starts like a table's.
  if (/^序号\s+\S+\s+\S+/.test(lines[0] ?? "") || lines.some((l) => /^序号\s+(?:任务编号|编号|任务)\s+/.test(l))) return (l) => l.trim().split(/\s+/);
  return null;
}

function taskOf(cell: string): { no: number; rest: string } | null {
  const m = TASK_CELL.exec(cell.trim());
  if (!m) return null;
  const no = toNumber(m[1]!);
  return no === null ? null : { no, rest: cell.trim().slice(m[0].length).trim() };
}

/** The rows of a pasted table, or null when the lines are not one. */
export function readTable(lines: string[]): TableReading | null {
  const cellsOf = splitter(lines);
  if (!cellsOf) return null;
  const tabular = lines.filter((l) => cellsOf(l).length >= 2);
  if (tabular.length < 2) return null;
  const headerAt = lines.findIndex((l) => cellsOf(l).filter((c) => HEADER_WORDS.test(c)).length >= 2);
  if (headerAt < 0) {
    // No header, and rows opening with two numbers ("1\t18\t…"): a 序号 and a task, or two tasks?
    const numbered = tabular.filter((l) => cellsOf(l).slice(0, 2).every((c) => /^\d{1,4}$/.test(c)));
    return numbered.length >= 2 ? { kind: "which_column", header: tabular[0]! } : null;
  }
  const header = cellsOf(lines[headerAt]!);
  const body = lines.slice(headerAt + 1).filter((l) => l.trim());
  const rowsCells = body.map(cellsOf);
  let taskCol = header.findIndex((h) => TASK_COLUMN.test(h) && !SERIAL_COLUMN.test(h));
  if (taskCol < 0) {
    // The column whose every cell names a task, other than 序号 and unit columns.
    const candidates = header
      .map((h, i) => i)
      .filter((i) => !SERIAL_COLUMN.test(header[i]!) && !UNIT_COLUMN.test(header[i]!) && rowsCells.every((r) => !r[i] || taskOf(r[i]!) !== null) && rowsCells.some((r) => r[i]));
    if (candidates.length >= 1) taskCol = candidates[0]!;
  }
  if (taskCol < 0) return { kind: "which_column", header: lines[headerAt]! };
  // The report is every other column (not 序号, the task or the units), in order; the progress
  // column must have something in it.
  const textCols = header.map((h, i) => i).filter((i) => i !== taskCol && !SERIAL_COLUMN.test(header[i]!) && !UNIT_COLUMN.test(header[i]!));
  const progressCol = textCols.find((i) => PROGRESS_COLUMN.test(header[i]!)) ?? textCols[textCols.length - 1];
  const rows: { no: number; text: string }[] = [];
  for (const row of rowsCells) {
    const task = taskOf(row[taskCol] ?? "");
    if (!task) {
      // A wrapped cell continues the row before it.
      if (rows.length) rows[rows.length - 1]!.text += `\n${row.filter(Boolean).join("\t")}`;
      continue;
    }
    // "第50项 高标准农田…" in a 内容 column: the rest of the cell is the report.
    const cells = textCols.length ? textCols.map((i) => (row[i] ?? "").trim()) : [task.rest];
    const progress = progressCol === undefined ? task.rest : (row[progressCol] ?? "").trim();
    if (!progress && !(progressCol === undefined && task.rest)) continue;
    while (cells.length && !cells[cells.length - 1]) cells.pop();
    const text = cells.join("\t");
    const same = rows.find((r) => r.no === task.no);
    if (same) same.text += `\n${text}`;
    else rows.push({ no: task.no, text });
  }
  return rows.length ? { kind: "rows", rows } : null;
}
