// The task-table genre (序号 | 重点工作任务 | 牵头单位 | 配合单位 | 完成时限): its columns are
// found by their header words, in any order, and each row is turned into the lines the
// paragraph parser reads — "一、…" for a section row, "N、text" then "牵头单位:…" etc. for a
// task — so a table and a text document give the same plan through the same rules.
import { normalizeText } from "./normalize-text";
import { chineseNumeral, DocumentParseError } from "./parse-document";
import type { Cell } from "./readers/blocks";

export type ColumnKind = "number" | "task" | "units" | "lead" | "cooperating" | "leader" | "deadline" | "section" | "counties";

/** Header words, compared without spaces and with half-width brackets. */
const HEADER_WORDS: [ColumnKind, RegExp][] = [
  ["number", /^(?:序号|编号|序)$/],
  ["task", /^(?:重点工作任务|工作任务|任务内容|重点任务|具体任务|主要任务|任务|工作内容|重点工作|事项|工作事项|重点事项|具体事项|工作措施|具体措施)$/],
  ["cooperating", /^(?:配合单位|配合责任单位|协同责任单位|协同单位|协办单位|配合部门|协助单位|参与单位)$/],
  ["lead", /^(?:牵头单位|牵头责任单位|牵头部门|主办单位|主责单位|主要责任单位|责任单位\(牵头\))$/],
  ["units", /^(?:责任单位|责任部门)$/],
  ["leader", /^(?:(?:市|省|区|县)(?:政府)?)?(?:级)?(?:责任|牵头|牵头负责|分管|联系)(?:市|省|区|县)?(?:级)?领导(?:同志)?$/],
  ["deadline", /^(?:完成时限|时间节点|完成时间|时限|时限要求|完成期限)$/],
  ["section", /^(?:部分|类别|分类)$/],
  ["counties", /^县\(市、区\)/],
];

/** The field label each unit or deadline column stands for in the paragraph layout. */
const FIELD_LABEL: Partial<Record<ColumnKind, string>> = { units: "责任单位", lead: "牵头单位", cooperating: "配合单位", leader: "责任领导", deadline: "完成时限" };

export type Columns = Map<ColumnKind, number>;

/** A section title that brings its own numeral: "一、…", "(一)…". */
const NUMBERED = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))/;

export interface OutLine {
  text: string;
  where: string | null;
}

/** The column kind each header cell names, if any. */
function columnKinds(cells: string[]): (ColumnKind | undefined)[] {
  return cells.map((raw) => {
    const word = normalizeText(raw).replace(/\s+/g, "").replace(/[:*]+$/, "");
    // "重点工作任务(本市3项配合工作)": a note in brackets after the header word.
    const bare = word.replace(/\([^()]*\)$/, "");
    return HEADER_WORDS.find(([, re]) => re.test(word))?.[0] ?? HEADER_WORDS.find(([, re]) => re.test(bare))?.[0];
  });
}

function hasTaskColumns(kinds: (ColumnKind | undefined)[]): boolean {
  return kinds.includes("task") && (kinds.includes("units") || kinds.includes("lead") || kinds.includes("cooperating"));
}

/** Whether these cells are a task table's header row: a task column and a unit column at least. */
export function isHeaderRow(cells: string[]): boolean {
  return hasTaskColumns(columnKinds(cells));
}

/**
 * The columns from the header row, and from the row under it when that is a header too: a
 * two-row header puts "责任单位" over "牵头单位 | 配合单位", and the lower row says what each
 * column holds. A kind still named by two columns (a merged "责任单位" with nothing under it)
 * is refused: reading only one of them would drop units without a word.
 */
export function headerColumns(rows: Cell[][], source: string): { columns: Columns; rows: number } {
  const upper = columnKinds(rows[0]!.map((c) => c.text));
  // The lower row is header too when every word in it is a header word.
  const lowerCells = rows[1]?.map((c) => c.text) ?? [];
  const lowerKinds = columnKinds(lowerCells);
  const twoRows = lowerCells.some((t) => t.trim()) && lowerCells.every((t, i) => !t.trim() || lowerKinds[i] !== undefined);
  const lower = twoRows ? lowerKinds : [];
  const columns: Columns = new Map();
  upper.forEach((kind, i) => {
    const k = lower[i] ?? kind;
    if (!k) return;
    if (columns.has(k)) {
      const cell = (twoRows ? rows[1]! : rows[0]!)[i]!;
      throw new DocumentParseError(source, 0, cell.text.trim(), "表头中有两列含义相同, 无法确定各列内容; 请把表头改为各列不同(如\"牵头单位\"\"配合单位\")", cell.where);
    }
    columns.set(k, i);
  });
  return { columns, rows: twoRows ? 2 : 1 };
}

export class TaskTable {
  lastNo = 0;
  private section: string | null = null;
  private sections = 0;
  /** Added to each 序号: a second table numbered from 1 again continues the first's numbers. */
  private offset = 0;

  /** `before`: the last task number of the tables above, in the same document. */
  constructor(
    readonly columns: Columns,
    readonly width: number,
    private readonly source: string,
    private before = 0,
  ) {}

  /** The lines one row of the table stands for (none for an empty or repeated header row). */
  rowLines(cells: Cell[]): OutLine[] {
    const texts = cells.map((c) => c.text.trim());
    const values = [...new Set(texts.filter(Boolean))];
    if (values.length === 0) return [];
    // The header again: a table continued on a new page, or a second table laid out the same.
    // Numbered from 1 again, it continues the numbers before it.
    if (isHeaderRow(texts)) {
      if (this.lastNo > 0) (this.before = this.lastNo), (this.lastNo = 0), (this.offset = 0);
      return [];
    }
    const cell = (kind: ColumnKind): Cell | undefined => {
      const i = this.columns.get(kind);
      return i === undefined ? undefined : cells[i];
    };
    const text = (kind: ColumnKind) => cell(kind)?.text.trim() ?? "";
    const out: OutLine[] = [];

    const sectionCell = cell("section");
    if (sectionCell && text("section") && text("section") !== this.section) {
      this.section = text("section");
      const title = joinText(this.section);
      // "稳增长" in a 分类 column has no numeral of its own: the sections are numbered in order.
      const numbered = NUMBERED.test(normalizeText(title));
      this.sections++;
      out.push({ text: numbered ? title : `${chineseNumeral(this.sections)}、${title}`, where: sectionCell.where });
    }
    const rest = [...new Set(texts.filter((t, i) => t && i !== this.columns.get("section")))];
    if (rest.length === 0) return out;

    // A section row: one value across the row, merged or in a single cell. Without a numeral
    // of its own ("强化科技创新支撑能力。") it is numbered in order, as a 分类 value is.
    if (rest.length === 1 && !/^\d/.test(text("number"))) {
      const where = cells[texts.indexOf(rest[0]!)]!.where;
      const title = joinText(rest[0]!);
      if (NUMBERED.test(normalizeText(title))) return [...out, { text: title, where }];
      // Only a row that is one value across (merged, or a line of one cell): a lone value in
      // the task column is a task without its 序号, refused below.
      const across = cells.length === 1 || texts.every((t) => t === rest[0]);
      if (!across) return [...out, { text: title, where }];
      this.sections++;
      return [...out, { text: `${chineseNumeral(this.sections)}、${title}`, where }];
    }
    // Or the section's numeral in the 序号 column and its title in the task column.
    const numeral = /^([一二三四五六七八九十]+)、?$|^\(([一二三四五六七八九十]+)\)$/.exec(normalizeText(text("number")));
    if (numeral && !this.hasUnits(text)) {
      const title = joinText(text("task"));
      return [...out, { text: numeral[1] ? `${numeral[1]}、${title}` : `(${numeral[2]})${title}`, where: cell("number")!.where }];
    }

    const no = this.taskNumber(cell("number"));
    const taskCell = cell("task")!;
    if (!text("task")) throw new DocumentParseError(this.source, 0, "", `第${no}项没有任务内容`, taskCell.where);
    // The task line is placed at the 序号 cell: what the parser checks on it is the number.
    out.push({ text: `${no}、${joinText(text("task"))}`, where: cell("number")?.where ?? taskCell.where });
    const fields: OutLine[] = [];
    for (const kind of ["units", "lead", "cooperating"] as const) {
      const c = cell(kind);
      if (c && c.text.trim()) fields.push({ text: `${FIELD_LABEL[kind]}:${joinUnits(c.text)}`, where: c.where });
    }
    // The review workbook's county column: county items in any unit field mean the same scope.
    const counties = cell("counties");
    if (counties && counties.text.trim()) {
      const last = fields.at(-1);
      if (last) last.text += `、${joinUnits(counties.text)}`;
      else fields.push({ text: `配合单位:${joinUnits(counties.text)}`, where: counties.where });
    }
    out.push(...fields);
    const leader = cell("leader");
    if (leader && leader.text.trim()) out.push({ text: `${FIELD_LABEL.leader}:${joinUnits(leader.text)}`, where: leader.where });
    const deadline = cell("deadline");
    if (deadline && deadline.text.trim()) out.push({ text: `完成时限:${deadline.text.trim().split(/\s*\n\s*/).join(",")}`, where: deadline.where });
    return out;
  }

  private hasUnits(text: (kind: ColumnKind) => string): boolean {
    return ["units", "lead", "cooperating", "counties"].some((k) => text(k as ColumnKind) !== "");
  }

  /** 序号 as a number or text ("1", "1.", "(1)"); without a 序号 column tasks are numbered in order. */
  private taskNumber(c: Cell | undefined): number {
    if (!this.columns.has("number")) return ++this.lastNo;
    const raw = normalizeText(c?.text ?? "");
    // "1*": a task the city leads, marked so in a provincial list; the number is what counts.
    const m = /^\(?(\d+)\s*[.、)]?\s*[*※]?$/.exec(raw);
    if (!m) throw new DocumentParseError(this.source, 0, raw, raw ? "序号无法识别为任务编号" : "任务行缺少序号", c?.where ?? null);
    const no = Number(m[1]);
    if (this.lastNo === 0 && no === 1 && this.before > 0) this.offset = this.before;
    this.lastNo = no + this.offset;
    return this.lastNo;
  }
}

/** A cell's lines as one text: Chinese joins without a space, two Latin words keep one. */
function joinText(s: string): string {
  return s
    .split(/\s*\n\s*/)
    .filter(Boolean)
    .reduce((a, b) => (!a ? b : /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b), "");
}

/**
 * A unit cell's lines as one list: a line break separates two units ("市发展改革委↵市财政局"),
 * except inside brackets or after a separator the line already ends with.
 */
function joinUnits(s: string): string {
  let out = "";
  for (const line of s.split(/\s*\n\s*/).filter(Boolean)) {
    const open = (out.match(/[(（[【〔“《]/g)?.length ?? 0) - (out.match(/[)）\]】〕”》]/g)?.length ?? 0);
    out += !out || open > 0 || /[、,，;；]$/.test(out) || /^[、,，;；等及]/.test(line) ? line : `、${line}`;
  }
  return out;
}
