// Parses a "重点工作任务分解" document (plain text) into a ParsedPlan. Pure: no database, no I/O.
//
// The genre, line by line (after normalizeText, so full-width forms need no special case):
//   header      文号 "许政〔2020〕20号", a title "…重点工作任务分解", the addressee line and
//               preamble paragraphs: everything before the first section
//   section     "一、标题" or "(一)标题"
//   task        "1.文字" / "1、文字" / "(1)文字", numbered 1..N through the whole document;
//               the text may continue over the following lines
//   fields      "责任单位:A、B等,各县(市、区)政府(管委会)", or "牵头单位:…", "配合单位:…",
//               "完成时限:…", on their own lines or together on one line
//
// Anything the parser cannot place is a DocumentParseError naming the line; a unit the
// directory does not know, or a task without 责任单位, is only a warning.
import { InputError } from "../errors";
import { isOpenEnded } from "./deadline-words";
import { countiesNamedIn } from "./county-mentions";
import { extractIndicators } from "./indicators";
import { normalizeText } from "./normalize-text";
import { splitUnits } from "./split-units";
import type { CountyScope, ParsedPlan, ParsedSection, ParsedTask, UnitName } from "./types";
import type { UnitDirectory } from "./unit-directory";

export interface ImportWarning {
  /** 1-based line in the document; 0 when it concerns the whole document. */
  line: number;
  /** The task it concerns, if any. */
  task: number | null;
  message: string;
  /** For an unknown unit: the closest directory names. */
  suggestions?: UnitName[];
  /** In a Word/Excel/PDF file: where `line` came from (set by parseBlocks). */
  where?: string;
}

export interface ParseOptions {
  directory: UnitDirectory;
  /** Overrides the year found in the document. */
  year?: number;
  /** Names the document in error messages, e.g. its path. */
  sourceName?: string;
  /** Where a line came from in a Word/Excel/PDF file ("工作表“任务”第5行C列"); null: its number. */
  locate?: (line: number) => string | null;
}

/** A line the parser cannot place. An InputError: the CLI/HTTP layers show it as is. */
export class DocumentParseError extends InputError {
  readonly line: number;
  readonly lineText: string;
  readonly sourceName: string;
  /** The place in a file that has no lines (a sheet's row and column, a PDF page), if any. */
  readonly where: string | null;

  /** line 0: the problem concerns the whole document (empty, no tasks, no year). */
  constructor(sourceName: string, line: number, lineText: string, problem: string, where: string | null = null) {
    const shown = lineText.length > 60 ? `${lineText.slice(0, 60)}…` : lineText;
    const at = where ? ` ${where}` : line > 0 ? `:${line}` : "";
    super(`${sourceName}${at}: ${problem}${shown ? ` "${shown}"` : ""}`, "document_parse_error");
    this.where = where;
    this.line = line;
    this.lineText = lineText;
    this.sourceName = sourceName;
  }
}

interface Line {
  no: number;
  text: string;
}

type FieldKind = "units" | "lead" | "cooperating" | "deadline";
const FIELD_LABELS: Record<string, FieldKind> = {
  责任单位: "units",
  牵头单位: "lead",
  配合单位: "cooperating",
  完成时限: "deadline",
  完成时间: "deadline",
};
const LABEL = /(责任单位|牵头单位|配合单位|完成时限|完成时间)\s*:/g;

interface Draft {
  no: number;
  section: number;
  line: Line;
  text: string;
  fields: Map<FieldKind, { value: string; line: Line }>;
  /** The field the latest line filled: a wrapped unit list continues it. */
  lastField: FieldKind | null;
}

const DOC_NO = /^(\S+?)\s*[[【〔(]\s*((?:19|20)\d{2})\s*[\]】〕)]\s*第?\s*(\d+)\s*号$/;
const TITLE = /关于印发.+的通知$|任务分解(?:表|方案)?$/;
const SECTION = [/^([一二三四五六七八九十百零〇两]+)、\s*(.*)$/, /^\(([一二三四五六七八九十百零〇两]+)\)\s*(.*)$/];
const TASK = [/^(\d+)(?:\.|、)\s*(.*)$/, /^\((\d+)\)\s*(.*)$/];
/** "4.5%以下…" may start a continuation line: see isDecimalContinuation. */
const DECIMAL_START = /^(\d+)\.\d/;
const SENTENCE_END = /[。;!?]$/;
/** Page numbers left over from PDF extraction: "— 3 —", "- 12 -". */
const PAGE_NUMBER = /^[-—–]+\s*\d+\s*[-—–]+$/;
/** "各县(市、区)政府(管委会)" / "各有关县(市、区)…" / "各区县政府": the county part of a list. */
const ALL_COUNTIES = /^(?:全市)?各(有关)?(?:县|区|市、县|市县)/;
/** For a unit the directory does not know: does its name look county-level? */
const COUNTY_LIKE = /^(?!市政府).*(?:区|县|市)(?:人民)?政府$|管委会$/;
/** A unit-list item that names a place rather than a body: "禹州高新区", "长葛市产业集聚区". */
const PLACE_LIKE = /(?:高新区|开发区|集聚区|园区|示范区|新区|经开区)$/;
const LIST_SEPARATOR_END = /[、,;]$/;
const LIST_CONTINUES = /^(?:[、,;]|等|及)/;

export function parseDocument(text: string, opts: ParseOptions): { plan: ParsedPlan; warnings: ImportWarning[] } {
  return parseLines(text.split(/\r\n|\r|\n/), opts);
}

/** The same, for lines a reader took from a Word, Excel or PDF file (src/plan/parse-blocks.ts). */
export function parseLines(rawLines: string[], opts: ParseOptions): { plan: ParsedPlan; warnings: ImportWarning[] } {
  const source = opts.sourceName ?? "文档";
  const fail = (line: Line | null, problem: string): never => {
    throw new DocumentParseError(source, line?.no ?? 0, line?.text ?? "", problem, line ? (opts.locate?.(line.no) ?? null) : null);
  };
  const lines: Line[] = rawLines.map((raw, i) => ({ no: i + 1, text: normalizeText(raw) }));
  if (lines.every((l) => l.text === "")) fail(null, "文档为空");

  const header = { docNo: null as string | null, docYear: null as number | null, title: null as string | null, text: [] as string[] };
  const sections: ParsedSection[] = [];
  const sectionLines: Line[] = [];
  const drafts: Draft[] = [];
  let sectionStyle: number | null = null; // index into SECTION, fixed by the first section
  let taskStyle: number | null = null; // index into TASK, fixed by the first task
  let current: Draft | null = null;
  let sectionLine: Line | null = null; // the latest section line, while its title may still continue

  const addFields = (line: Line, fieldText: string) => {
    if (!current) return fail(line, "责任单位等字段前面没有任务");
    const matches = [...fieldText.matchAll(LABEL)];
    matches.forEach((m, i) => {
      const kind = FIELD_LABELS[m[1]!]!;
      const next = matches[i + 1];
      let value = fieldText.slice(m.index + m[0].length, next?.index ?? fieldText.length).trim();
      // Between two fields on one line, ";" separates fields. At the end of the line a trailing
      // separator is kept: it shows that the unit list runs on to the next line.
      if (next) value = value.replace(/[;,。\s]+$/, "");
      const task = current!;
      if (task.fields.has(kind)) fail(line, `第${task.no}项已有"${m[1]}"`);
      if ((kind === "units" && task.fields.has("lead")) || (kind === "lead" && task.fields.has("units")))
        fail(line, `第${task.no}项已有责任单位/牵头单位`);
      task.fields.set(kind, { value, line });
      task.lastField = kind;
    });
  };

  for (const line of lines) {
    if (line.text === "" || PAGE_NUMBER.test(line.text)) continue;

    const sectionMatch = matchStyle(SECTION, line.text);
    if (sectionMatch) {
      if (sectionStyle !== null && sectionMatch.style !== sectionStyle) fail(line, "部分标题格式与前文不一致(不支持两级部分标题)");
      sectionStyle = sectionMatch.style;
      const no = chineseNumber(sectionMatch.number);
      if (no !== sections.length + 1) fail(line, `部分编号应为${sections.length + 1}`);
      closeSection(sectionLine, sections, fail);
      sections.push({ no, title: sectionMatch.rest });
      sectionLines.push(line);
      sectionLine = line;
      current = null;
      continue;
    }

    const taskMatch = matchStyle(TASK, line.text);
    const expected = (drafts.at(-1)?.no ?? 0) + 1;
    // A marker in the other style ("(1)" inside a "1." document) is an item within the task text.
    if (taskMatch && (taskStyle === null || taskMatch.style === taskStyle) && !isDecimalContinuation(line.text, expected, current)) {
      if (sections.length === 0) fail(line, "任务出现在第一个部分标题(如\"一、…\")之前");
      taskStyle = taskMatch.style;
      const no = Number(taskMatch.number);
      if (no !== expected) fail(line, taskNumberProblem(no, expected, drafts, sections.length));
      closeSection(sectionLine, sections, fail);
      sectionLine = null;
      current = { no, section: sections.length, line, text: "", fields: new Map(), lastField: null };
      drafts.push(current);
      addText(line, taskMatch.rest);
      continue;
    }

    addText(line, line.text);
  }

  // A plain line (or the rest of a task line): header, title continuation, task text, fields.
  function addText(line: Line, content: string) {
    const labelAt = content.search(LABEL);
    const body = (labelAt >= 0 ? content.slice(0, labelAt) : content).trim();
    if (body) {
      if (sections.length === 0) {
        // Only a line that is nothing but a 文号 counts: the seed's preamble has a stray page
        // header "许昌市人民政府文件许政〔2020〕21号" inside its text.
        const doc = DOC_NO.exec(body);
        if (doc && header.docNo === null) {
          header.docNo = `${doc[1]}〔${doc[2]}〕${doc[3]}号`;
          header.docYear = Number(doc[2]);
        } else if (header.title === null && TITLE.test(body) && !body.includes("。") && body.length <= 80) {
          header.title = body;
        } else {
          header.text.push(body); // addressee and preamble: accepted, not kept
        }
      } else if (sectionLine) {
        const section = sections.at(-1)!;
        section.title = joinLines(section.title, body);
      } else if (current && current.fields.size === 0) {
        current.text = joinLines(current.text, body);
      } else if (current && isListField(current.lastField) && continuesList(current, body)) {
        const field = current.fields.get(current.lastField!)!;
        field.value = joinLines(field.value, body);
      } else {
        fail(line, "无法识别的行");
      }
    }
    if (labelAt >= 0) addFields(line, content.slice(labelAt));
  }

  closeSection(sectionLine, sections, fail);
  if (drafts.length === 0) fail(null, "文档中没有找到任务(如\"1.…\")");
  for (const d of drafts) if (!d.text) fail(d.line, `第${d.no}项没有任务内容`);

  const warnings: ImportWarning[] = [];
  const { docNo, docYear, title } = header;
  const year = opts.year ?? docYear ?? yearIn([title ?? "", ...header.text]);
  if (year === null) return fail(null, "无法确定年份: 文中没有文号或\"XXXX年\", 请指定年份");
  if (opts.year !== undefined && docYear !== null && opts.year !== docYear)
    warnings.push({ line: 0, task: null, message: `指定的年份${opts.year}与文号${docNo}的年份不同` });
  for (const [i, s] of sections.entries())
    if (!drafts.some((d) => d.section === s.no))
      warnings.push({ line: sectionLines[i]!.no, task: null, message: `第${s.no}部分"${s.title}"没有任务` });

  const units: UnitName[] = [];
  const resolver = new UnitResolver(opts.directory, units, warnings);
  const tasks: ParsedTask[] = drafts.map((d) => {
    const assigned = resolver.assign(d);
    const deadlineField = d.fields.get("deadline");
    let deadline: string | null = null;
    if (deadlineField) {
      const raw = deadlineField.value.replace(/[;,。]+$/, "");
      deadline = parseDeadline(raw, year);
      if (deadline === null && !isOpenEnded(raw)) warnings.push({ line: deadlineField.line.no, task: d.no, message: `第${d.no}项的完成时限"${raw}"无法识别为日期` });
    }
    return { no: d.no, section: d.section, text: d.text, ...assigned, deadline, indicators: extractIndicators(d.text) };
  });

  return { plan: { title, docNo, year, sections, tasks, units }, warnings };
}

/** Assigns a task's units: lead / cooperating / county scope, each resolved through the directory. */
class UnitResolver {
  constructor(
    private readonly directory: UnitDirectory,
    private readonly units: UnitName[],
    private readonly warnings: ImportWarning[],
  ) {}

  assign(d: Draft): Pick<ParsedTask, "lead" | "cooperating" | "counties"> {
    const lead: UnitName[] = [];
    const cooperating: UnitName[] = [];
    const named: UnitName[] = [];
    let scope: "all" | "relevant" | null = null;

    const take = (kind: FieldKind, into: (names: UnitName[]) => void) => {
      const field = d.fields.get(kind);
      if (!field) return;
      const municipal: UnitName[] = [];
      for (const item of splitUnits(field.value)) {
        const phrase = ALL_COUNTIES.exec(item);
        if (phrase) {
          // "all" covers "relevant": a list naming both means every county.
          scope = scope === "all" || !phrase[1] ? "all" : "relevant";
          // "各有关县(市、区)政府(禹州市、长葛市)": the relevant ones, named in brackets.
          if (phrase[1]) named.push(...countiesNamedIn(item, this.directory));
          continue;
        }
        const { name, county } = this.resolve(item, d, field.line);
        (county ? named : municipal).push(name);
      }
      into(municipal);
    };
    // "责任单位": the first unit leads, the others cooperate, unless a separate 配合单位 field
    // says who cooperates; then every 责任单位 leads.
    const separateCooperating = d.fields.has("cooperating");
    take("units", (names) => {
      if (separateCooperating) lead.push(...names);
      else {
        lead.push(...names.slice(0, 1));
        cooperating.push(...names.slice(1));
      }
    });
    take("lead", (names) => lead.push(...names));
    take("cooperating", (names) => cooperating.push(...names));

    if (!d.fields.has("units") && !d.fields.has("lead") && !d.fields.has("cooperating"))
      this.warnings.push({ line: d.line.no, task: d.no, message: `第${d.no}项没有责任单位` });
    else if (lead.length === 0)
      this.warnings.push({ line: d.line.no, task: d.no, message: `第${d.no}项没有市级牵头单位` });

    const leadSet = new Set(lead);
    // "relevant" and names in the same list: the names say which are relevant.
    const counties: CountyScope = scope === "all" ? "all" : named.length ? unique(named) : scope;
    return { lead: unique(lead), cooperating: unique(cooperating.filter((n) => !leadSet.has(n))), counties };
  }

  /** The canonical name (or the name as written, with a warning); county-level or not. */
  private resolve(item: string, d: Draft, line: Line): { name: UnitName; county: boolean } {
    // "禹州高新区" in a unit list: a park or place of one county-level unit stands for it.
    const place = PLACE_LIKE.test(item) ? countiesNamedIn(item, this.directory) : [];
    const known = this.directory.resolve(item) ?? (place.length === 1 ? place[0]! : null);
    const name = known ?? item;
    if (!this.units.includes(name)) this.units.push(name);
    if (known) return { name, county: this.directory.kindOf(known) === "county" };
    const suggestions = this.directory.suggest(item);
    const hint = suggestions.length ? `; 相近的单位: ${suggestions.join("、")}` : "";
    this.warnings.push({
      line: line.no,
      task: d.no,
      message: `第${d.no}项: 单位"${item}"不在单位目录中, 已按原文保留${hint}`,
      suggestions,
    });
    return { name, county: COUNTY_LIKE.test(item) };
  }
}

function matchStyle(patterns: RegExp[], text: string): { style: number; number: string; rest: string } | null {
  for (const [style, re] of patterns.entries()) {
    const m = re.exec(text);
    if (m) return { style, number: m[1]!, rest: m[2]!.trim() };
  }
  return null;
}

function closeSection(sectionLine: Line | null, sections: ParsedSection[], fail: (l: Line, p: string) => never): void {
  if (sectionLine && !sections.at(-1)?.title) fail(sectionLine, "部分标题为空");
}

// Numbering is global (1..N through the whole document, as in the seed): the number is how
// people refer to a task in chats and reports. A document that restarts at 1 in each section is
// rejected rather than silently renumbered, so "第3项" never means different tasks in the
// document and in the bot.
function taskNumberProblem(no: number, expected: number, drafts: Draft[], section: number): string {
  if (no === 1 && drafts.length > 0 && drafts.at(-1)!.section !== section)
    return `任务编号在新的部分重新从1开始; 任务须全文连续编号(此处应为${expected})`;
  if (drafts.some((d) => d.no === no)) return `任务编号重复: 第${no}项已出现过(此处应为${expected})`;
  return `任务编号不连续: 此处应为${expected}, 实为${no}`;
}

/**
 * "4.5%以下。" after "…失业率控制在": a line starting with a decimal number continues the task
 * when the number is not the next task's, or when the task's sentence is unfinished (task
 * texts end with "。"). Otherwise "3.2020年底前…" is task 3.
 */
function isDecimalContinuation(text: string, expected: number, current: Draft | null): boolean {
  const decimal = DECIMAL_START.exec(text);
  if (!decimal) return false;
  if (Number(decimal[1]) !== expected) return true;
  return current !== null && current.fields.size === 0 && !SENTENCE_END.test(current.text);
}

function isListField(kind: FieldKind | null): boolean {
  return kind === "units" || kind === "lead" || kind === "cooperating";
}

/** A line after a unit list continues it only when the list visibly runs on. */
function continuesList(d: Draft, body: string): boolean {
  return LIST_SEPARATOR_END.test(d.fields.get(d.lastField!)!.value) || LIST_CONTINUES.test(body);
}

/** Lines broken inside Chinese text join without a space; two Latin words keep one. */
function joinLines(a: string, b: string): string {
  if (!a) return b;
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

function chineseNumber(s: string): number {
  const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === "十") (total += (cur || 1) * 10), (cur = 0);
    else if (ch === "百") (total += (cur || 1) * 100), (cur = 0);
    else cur = digits[ch] ?? 0;
  }
  return total + cur;
}

function yearIn(texts: string[]): number | null {
  for (const t of texts) {
    const m = /((?:19|20)\d{2})年/.exec(t);
    if (m) return Number(m[1]);
  }
  return null;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * A completion deadline as YYYY-MM-DD: "2021年6月底前" → 2021-06-30, "6月底前" and "年底前" in
 * the plan year, "2020年9月30日前", "上半年", "三季度末", "2020.9.30". When several dates
 * appear ("6月底前完成方案, 年底前建成") the latest is the task's deadline. Null if none.
 */
export function parseDeadline(raw: string, planYear: number): string | null {
  const text = normalizeText(raw);
  const found: string[] = [];
  const y = (s: string | undefined) => (s ? Number(s) : planYear);
  const add = (year: number, month: number, day?: number) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > last))) return;
    found.push(`${year}-${String(month).padStart(2, "0")}-${String(day ?? last).padStart(2, "0")}`);
  };
  for (const m of text.matchAll(/((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})/g)) add(y(m[1]), Number(m[2]), Number(m[3]));
  for (const m of text.matchAll(/(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/g))
    add(y(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
  for (const m of text.matchAll(/((?:19|20)\d{2})?\s*年(?:底|末)/g)) add(y(m[1]), 12);
  for (const m of text.matchAll(/(?:((?:19|20)\d{2})\s*年\s*)?(上|下)半年/g)) add(y(m[1]), m[2] === "上" ? 6 : 12);
  for (const m of text.matchAll(/(?:((?:19|20)\d{2})\s*年\s*)?第?([一二三四1-4])季度/g))
    add(y(m[1]), 3 * ("一二三四".indexOf(m[2]!) + 1 || Number(m[2])));
  return found.length ? found.sort().at(-1)! : null;
}
