// The one form every reader turns a file into, whatever its format: paragraph lines (with
// Word's automatic list numbers already written out) and table rows with their cells. The
// layout step (src/plan/parse-blocks.ts) decides from these what is a section, a task, a field.

/** A line of running text. `where` names its place for messages; null: use its line number. */
export interface LineBlock {
  kind: "line";
  text: string;
  where: string | null;
}

export interface Cell {
  /** The cell's text; line breaks inside the cell are kept as "\n". */
  text: string;
  /** "工作表“任务”第5行C列", "第1个表格第3行第2列". */
  where: string;
}

/** A table row. Merged cells repeat their value in every grid position they cover. */
export interface RowBlock {
  kind: "row";
  /** Which table: rows of one table share it ("工作表“任务”", "第1个表格"). */
  table: string;
  /** An Excel sheet: a workbook's sheets without a task table are ignored when another has one. */
  sheet: boolean;
  where: string;
  cells: Cell[];
}

export type Block = LineBlock | RowBlock;
