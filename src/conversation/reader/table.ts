// A table pasted from Excel or Word: cells separated by tabs (or "|"), a header row naming the
// columns. The task is in the 编号 column ("任务编号", "编号", "任务号"); 序号 is the row's place in
// the table, never a task. The report is the progress column ("进展情况", "完成情况", "落实情况"),
// with the problem and next-step columns after it under their own names. When the header
// names no 编号 column and the rows do carry numbers, which of them is the task cannot be told:
// the reader says so and nothing is stored.
import { toNumber } from "../task-number";

export type TableReading =
  | { kind: "rows"; rows: { no: number; text: string }[] }
  | { kind: "which_column"; header: string };

const SPLIT = /\t+|\s*[|｜]\s*/;
const TASK_COLUMN = /^(?:任务)?(?:编号|编码|号)$|任务编号|任务号|任务序号|项目编号|事项编号|清单编号/;
const SERIAL_COLUMN = /^(?:序号|序|No\.?|行号)$/i;
const PROGRESS_COLUMN = /进展|完成情况|落实情况|推进情况|工作进度|进度|完成进度|工作成效|落实进度/;
const EXTRA_COLUMN = /问题|困难|下一步|计划|打算|备注|说明/;
const HEADER_WORDS = /序号|编号|任务|事项|进展|完成情况|落实情况|牵头|责任|备注/;

function cells(line: string): string[] {
  return line.split(SPLIT).map((c) => c.trim());
}

/** The rows of a pasted table, or null when the lines are not one. */
export function readTable(lines: string[]): TableReading | null {
  const tabular = lines.filter((l) => SPLIT.test(l) && cells(l).length >= 2);
  if (tabular.length < 2) return null;
  // No header, and rows opening with two numbers ("1\t18\t…"): a 序号 and a task, or two tasks?
  const numbered = tabular.filter((l) => cells(l).slice(0, 2).every((c) => /^\d{1,4}$/.test(c)));
  const headerAt = lines.findIndex((l) => SPLIT.test(l) && HEADER_WORDS.test(l) && cells(l).filter((c) => HEADER_WORDS.test(c)).length >= 2);
  if (headerAt < 0) return numbered.length >= 2 ? { kind: "which_column", header: tabular[0]! } : null;
  const header = cells(lines[headerAt]!);
  const taskCol = header.findIndex((h) => TASK_COLUMN.test(h) && !SERIAL_COLUMN.test(h));
  const progressCol = header.findIndex((h) => PROGRESS_COLUMN.test(h));
  if (taskCol < 0) {
    // Only a 序号 column (or none): the numbers may be rows, not tasks. Ask.
    return { kind: "which_column", header: lines[headerAt]! };
  }
  const textCol = progressCol >= 0 ? progressCol : header.length - 1;
  const extras = header.map((h, i) => (i !== textCol && i !== taskCol && EXTRA_COLUMN.test(h) ? i : -1)).filter((i) => i >= 0);
  const rows: { no: number; text: string }[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line.trim()) continue;
    const row = cells(line);
    const raw = (row[taskCol] ?? "").replace(/^第\s*|\s*[项号]$/g, "");
    const no = toNumber(raw);
    if (no === null) {
      // A wrapped cell continues the row before it.
      if (rows.length) rows[rows.length - 1]!.text += `\n${line.trim()}`;
      continue;
    }
    const parts = [row[textCol] ?? "", ...extras.map((i) => (row[i] ? `${header[i]}：${row[i]}` : ""))].filter(Boolean);
    rows.push({ no, text: parts.join("\n") });
  }
  return rows.length ? { kind: "rows", rows } : null;
}
