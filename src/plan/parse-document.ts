// Parses a "重点工作任务分解" document (plain text) into a ParsedPlan. Pure: no database, no I/O.
//
// The genre, line by line (after normalizeText, so full-width forms need no special case):
//   header      文号 "许政〔2020〕20号", a title "…重点工作任务分解", the addressee line and
//               preamble paragraphs: everything before the first section. A notice whose own
//               body is numbered "一、二、三、" before its attachment ("附件", or a second
//               title) is header too: the plan starts after the last such line.
//   section     "一、标题" or "(一)标题"; with both, "一、" are the sections and "(一)" the
//               headings inside them (a heading "(一)张某某副市长牵头…" names the leader of
//               the tasks under it). A document without any is one section.
//   task        "1.文字" / "1、文字" / "(1)文字", numbered 1..N through the whole document;
//               or "(一)文字" when no digit numbers a task (numbered again in each section);
//               the text may continue over the following lines
//   fields      a label at the start of a line, or after a separator — never inside a word, so
//               "责任单位:" in "牵头责任单位:" or "省牵头单位:" is not one — then its value, on
//               its own line or together on one line:
//                 责任单位 / 责任部门             the first leads, the others cooperate
//                 牵头(责任)单位 / 主办单位 …      lead; then 责任单位 names those under the lead
//                 配合 / 协同(责任) / 协办单位 …   cooperating
//                 部门分工 "A牵头, B、C配合"       lead and cooperating in one sentence
//                 责任领导 / 分管(省/市)领导 …     the task's leader, kept as a field
//                 完成时限 / 完成时间 / 时间节点   the deadline
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

type FieldKind = "units" | "lead" | "cooperating" | "division" | "leader" | "deadline";
/** Labels, longest first where one ends another ("牵头责任单位" before "责任单位"). */
const FIELD_LABELS: [string, FieldKind][] = [
  ["牵头责任单位", "lead"],
  ["主要责任单位", "lead"],
  ["协同责任单位", "cooperating"],
  ["配合责任单位", "cooperating"],
  ["责任单位", "units"],
  ["责任部门", "units"],
  ["牵头单位", "lead"],
  ["牵头部门", "lead"],
  ["主办单位", "lead"],
  ["主责单位", "lead"],
  ["配合单位", "cooperating"],
  ["配合部门", "cooperating"],
  ["协办单位", "cooperating"],
  ["协同单位", "cooperating"],
  ["参与单位", "cooperating"],
  ["部门分工", "division"],
  ["牵头负责领导", "leader"],
  ["分管省领导", "leader"],
  ["分管市领导", "leader"],
  ["分管区领导", "leader"],
  ["分管县领导", "leader"],
  ["分管领导", "leader"],
  ["责任领导", "leader"],
  ["牵头领导", "leader"],
  ["联系领导", "leader"],
  ["完成时限", "deadline"],
  ["完成时间", "deadline"],
  ["时间节点", "deadline"],
];
const FIELD_KIND = new Map(FIELD_LABELS);
/**
 * A label is anchored: at the start of the line or after a separator or bracket, never after
 * another character of a word ("牵头责任单位", "省牵头单位"); a colon follows it.
 */
const LABEL = new RegExp(`(?<![\\p{Script=Han}A-Za-z0-9])(${FIELD_LABELS.map(([l]) => l).join("|")})\\s*:`, "gu");

interface Draft {
  no: number;
  /** The number as the document writes it: "(二)" when tasks are numbered again in each section. */
  written: number;
  section: number;
  line: Line;
  text: string;
  fields: Map<FieldKind, { value: string; line: Line; label: string }>;
  /** The field the latest line filled: a wrapped unit list continues it. */
  lastField: FieldKind | null;
  /** The leader a heading above the task names ("(一)张某某副市长牵头…"). */
  headingLeader: string | null;
}

const DOC_NO = /^(\S+?)\s*[[【〔(]\s*((?:19|20)\d{2})\s*[\]】〕)]\s*第?\s*(\d+)\s*号$/;
const TITLE = /关于印发.+的通知$|(?:任务|责任)分解(?:表|方案|清单)?$|(?:任务|工作)(?:责任)?分工(?:表|方案|清单)?$|(?:任务|责任)清单$/;
/** "附件", "附件1", "附件:": the attachment that holds the plan starts here. */
const ATTACHMENT = /^附件\s*\d*\s*:?$/;
type Style = "H1" | "H2" | "D1" | "D2";
const MARKERS: [Style, RegExp][] = [
  ["H1", /^([一二三四五六七八九十百零〇两]+)、\s*(.*)$/],
  ["H2", /^\(([一二三四五六七八九十百零〇两]+)\)\s*(.*)$/],
  ["D1", /^(\d+)(?:\.|、)\s*(.*)$/],
  ["D2", /^\((\d+)\)\s*(.*)$/],
];
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
/** A collective name that stands for no unit in particular: "各街道", "各有关部门", "各相关单位". */
export const GROUP_LIKE = /^(?:全市|全区|全县|全省)?(?:各|有关|相关|其他)|(?:有关|相关|各)(?:单位|部门|机构)$|直属机构$|成员单位$|各(?:工作)?专班$/;
const LIST_SEPARATOR_END = /[、,;]$/;
const LIST_CONTINUES = /^(?:[、,;]|等|及)/;
/**
 * A heading that names who leads the work under it: "王宏副市长牵头重点工作", "潘东旭市长负责
 * 事项(共9项)", "戴建平常务副市长牵头…". The leader is the name; the post is not kept.
 */
const LEADER_HEADING =
  /^(\p{Script=Han}{2,4}?)(?:同志)?(?:常务)?(?:副)?(?:省长|市长|区长|县长|州长|旗长|书记|秘书长|主任|部长|主席)(?:同志)?(?:牵头|负责|分管|领衔|联系)/u;

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

  const layout = planLayout(lines);
  const header = { docNo: null as string | null, docYear: null as number | null, title: null as string | null, text: [] as string[] };
  type Section = ParsedSection & { leader: string | null; parent: Section | null };
  const sections: Section[] = [];
  let topSections = 0;
  let topSection: Section | null = null;
  const sectionLines: Line[] = [];
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  // The latest heading line, while its title may still continue on the next line.
  let heading: { line: Line; title: string; set: (title: string) => void } | null = null;
  let subNo = 0;

  const addFields = (line: Line, fieldText: string) => {
    if (!current) return fail(line, "责任单位等字段前面没有任务");
    const matches = [...fieldText.matchAll(LABEL)];
    matches.forEach((m, i) => {
      const label = m[1]!;
      const kind = FIELD_KIND.get(label)!;
      const next = matches[i + 1];
      let value = fieldText.slice(m.index + m[0].length, next?.index ?? fieldText.length).trim();
      // A field in brackets after the task text: "(牵头单位:市商务局)".
      value = dropUnbalancedCloser(value);
      // Between two fields on one line, ";" separates fields. At the end of the line a trailing
      // separator is kept: it shows that the unit list runs on to the next line.
      if (next) value = value.replace(/[;,。\s]+$/, "");
      const task = current!;
      if (task.fields.has(kind)) fail(line, `第${task.no}项已有"${task.fields.get(kind)!.label}"`);
      task.fields.set(kind, { value, line, label });
      task.lastField = kind;
    });
  };

  for (const [index, line] of lines.entries()) {
    if (line.text === "" || PAGE_NUMBER.test(line.text)) continue;
    const marker = index >= layout.start ? markerOf(line.text) : null;

    if (marker && marker.style === layout.section) {
      const no = chineseNumber(marker.number);
      if (no !== topSections + 1) fail(line, `部分编号应为${topSections + 1}`);
      topSections = no;
      closeHeading(heading, fail);
      const section = { no: sections.length + 1, title: marker.rest, leader: null as string | null, parent: null };
      topSection = section;
      sections.push(section);
      sectionLines.push(line);
      heading = { line, title: marker.rest, set: (t) => (section.title = t) };
      current = null;
      subNo = 0;
      continue;
    }
    // "(一)" under "一、": a section of its own (the plan has one level of sections), numbered
    // on through the plan; its numeral counts again from (一) under each "一、".
    if (marker && marker.style === layout.sub) {
      const no = chineseNumber(marker.number);
      if (no !== subNo + 1) fail(line, `小标题编号应为(${chineseNumeral(subNo + 1)})`);
      subNo = no;
      closeHeading(heading, fail);
      const section = { no: sections.length + 1, title: marker.rest, leader: null as string | null, parent: topSection };
      sections.push(section);
      sectionLines.push(line);
      heading = { line, title: marker.rest, set: (t) => (section.title = t) };
      current = null;
      continue;
    }

    const expected = (drafts.at(-1)?.no ?? 0) + 1;
    // A marker in another style ("(1)" inside a "1." document) is an item within the task text.
    if (marker && marker.style === layout.task && !isDecimalContinuation(line.text, expected, current)) {
      if (sections.length === 0) {
        if (layout.section !== null) fail(line, "任务出现在第一个部分标题(如\"一、…\")之前");
        // No headings anywhere: the whole plan is one section, named after the document.
        sections.push({ no: 1, title: header.title ?? source, leader: null, parent: null });
        sectionLines.push(line);
      }
      closeHeading(heading, fail);
      heading = null;
      let no: number;
      let written: number;
      if (layout.task === "H2" || layout.task === "H1") {
        // "(一)(二)…" number the tasks within each section: the plan numbers them on.
        written = chineseNumber(marker.number);
        const inSection = drafts.filter((d) => d.section === sections.length).length;
        // Under a (一) heading the tasks may be numbered 1., but never (一) again: see planLayout.
        if (written !== inSection + 1) fail(line, `任务编号应为(${chineseNumeral(inSection + 1)})`);
        no = expected;
      } else {
        no = written = Number(marker.number);
        if (no !== expected) fail(line, taskNumberProblem(no, expected, drafts, sections.length));
      }
      current = { no, written, section: sections.length, line, text: "", fields: new Map(), lastField: null, headingLeader: null };
      drafts.push(current);
      addText(line, marker.rest);
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
      } else if (heading) {
        heading.title = joinLines(heading.title, body);
        heading.set(heading.title);
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

  closeHeading(heading, fail);
  if (drafts.length === 0) fail(null, "文档中没有找到任务(如\"1.…\")");
  for (const d of drafts) if (!d.text) fail(d.line, `第${d.no}项没有任务内容`);
  for (const s of sections) s.leader = leaderOf(s.title);
  for (const d of drafts) {
    const s = sections[d.section - 1]!;
    d.headingLeader = s.leader ?? s.parent?.leader ?? null;
  }

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
    // "王 健": a two-character name padded to the width of three; the person is 王健.
    const leaderField = d.fields
      .get("leader")
      ?.value.replace(/[;,。]+$/, "")
      .replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, "")
      .trim();
    const leader = leaderField || d.headingLeader || null;
    return { no: d.no, section: d.section, text: d.text, leader, ...assigned, deadline, indicators: extractIndicators(d.text) };
  });

  return { plan: { title, docNo, year, sections: sections.map(({ no, title: t }) => ({ no, title: t })), tasks, units }, warnings };
}

/**
 * Where the plan starts and which marker style is what. The plan starts after the last
 * attachment line or title that comes before the first field (a notice's own "一、二、三、"
 * are header). Tasks: the first digit style; without digits, "(一)" when those lines carry
 * fields (else "一、"). Sections: "一、" if tasks are not, else "(一)"; with tasks in digits
 * and both heading styles, "(一)" are headings inside the sections.
 */
function planLayout(lines: Line[]): { start: number; section: Style | null; sub: Style | null; task: Style | null } {
  const firstField = lines.findIndex((l) => LABEL.test(l.text) && ((LABEL.lastIndex = 0), true));
  LABEL.lastIndex = 0;
  let start = 0;
  const end = firstField < 0 ? lines.length : firstField;
  for (let i = 0; i < end; i++) {
    const t = lines[i]!.text;
    if (ATTACHMENT.test(t) || (TITLE.test(t) && !t.includes("。") && t.length <= 80)) {
      // Only a restart of the numbering makes it a new start: a title above "一、" changes nothing.
      if (lines.slice(0, i).some((l) => markerOf(l.text))) start = i + 1;
    }
  }
  const styles: Style[] = [];
  for (const l of lines.slice(start)) {
    const m = markerOf(l.text);
    if (m && !styles.includes(m.style)) styles.push(m.style);
  }
  const digit = styles.find((s) => s === "D1" || s === "D2") ?? null;
  let task: Style | null = digit;
  if (!task) {
    const carries = (style: Style) =>
      lines.some((l, i) => {
        if (i < start || markerOf(l.text)?.style !== style) return false;
        for (let j = i; j < lines.length; j++) {
          if (j > i && markerOf(lines[j]!.text)) return false;
          if (hasLabel(lines[j]!.text)) return true;
        }
        return false;
      });
    task = styles.includes("H2") && carries("H2") ? "H2" : styles.includes("H1") ? "H1" : null;
  }
  const headings = (["H1", "H2"] as Style[]).filter((s) => s !== task && styles.includes(s));
  // Headings are only those above the first task: "(一)" after "1." stays an item of the text.
  return { start, section: headings[0] ?? null, sub: headings[1] ?? null, task };
}

function hasLabel(text: string): boolean {
  LABEL.lastIndex = 0;
  const found = LABEL.test(text);
  LABEL.lastIndex = 0;
  return found;
}

function markerOf(text: string): { style: Style; number: string; rest: string } | null {
  for (const [style, re] of MARKERS) {
    const m = re.exec(text);
    if (m) return { style, number: m[1]!, rest: m[2]!.trim() };
  }
  return null;
}

function leaderOf(title: string): string | null {
  return LEADER_HEADING.exec(title)?.[1] ?? null;
}

/** "市商务局)" after "(牵头单位:" or "…开发区]" after "[牵头单位:": the bracket closes the field. */
function dropUnbalancedCloser(value: string): string {
  const opens = (value.match(/[(（[【]/g) ?? []).length;
  const closes = (value.match(/[)）\]】]/g) ?? []).length;
  return closes > opens ? value.replace(/[)）\]】]\s*[。;,]?\s*$/, "") : value;
}

/**
 * "市商务局牵头, 市财政局、各县(市、区)配合": lead and cooperating in one sentence (also
 * "A、B分别牵头"). Null when a clause is neither, so an ordinary unit list stays one.
 */
export function splitDivision(value: string): { lead: string[]; cooperating: string[] } | null {
  const clauses: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of value) {
    if (/[(（[【〔]/.test(ch)) depth++;
    else if (/[)）\]】〕]/.test(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && /[,;。]/.test(ch)) {
      if (cur.trim()) clauses.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) clauses.push(cur.trim());
  const lead: string[] = [];
  const cooperating: string[] = [];
  let verbs = 0;
  for (const c of clauses) {
    const l = /^(.+?)(?:分别|共同)?(?:牵头|负责|主办)(?:落实|实施|推进)?$/.exec(c);
    const k = /^(.+?)(?:等(?:单位|部门)?)?(?:配合|协同|协助|参与|协办)(?:落实|实施|推进)?$/.exec(c);
    if (l) lead.push(l[1]!), verbs++;
    else if (k) cooperating.push(k[1]!), verbs++;
    else return null;
  }
  return verbs ? { lead, cooperating } : null;
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

    const take = (list: string, line: Line, into: (names: UnitName[]) => void) => {
      const municipal: UnitName[] = [];
      for (const item of splitUnits(list)) {
        const phrase = ALL_COUNTIES.exec(item);
        if (phrase) {
          // "all" covers "relevant": a list naming both means every county.
          scope = scope === "all" || !phrase[1] ? "all" : "relevant";
          // "各有关县(市、区)政府(禹州市、长葛市)": the relevant ones, named in brackets.
          if (phrase[1]) named.push(...countiesNamedIn(item, this.directory));
          continue;
        }
        const { name, county } = this.resolve(item, d, line);
        (county ? named : municipal).push(name);
      }
      into(municipal);
    };
    const field = (kind: FieldKind, into: (names: UnitName[]) => void) => {
      const f = d.fields.get(kind);
      if (!f) return;
      // "市商务局牵头, 市财政局配合" in any unit field: the sentence says who does what.
      const division = splitDivision(f.value);
      if (division) {
        for (const l of division.lead) take(l, f.line, (names) => lead.push(...names));
        for (const c of division.cooperating) take(c, f.line, (names) => cooperating.push(...names));
      } else take(f.value, f.line, into);
    };
    // "责任单位": the first unit leads, the others cooperate, unless a separate 配合单位 field
    // says who cooperates; then every 责任单位 leads. Beside a 牵头单位, 责任单位 names the
    // units working under the lead: they cooperate.
    const hasLead = d.fields.has("lead");
    const separateCooperating = d.fields.has("cooperating");
    field("lead", (names) => lead.push(...names));
    field("units", (names) => {
      if (hasLead) cooperating.push(...names);
      else if (separateCooperating) lead.push(...names);
      else {
        lead.push(...names.slice(0, 1));
        cooperating.push(...names.slice(1));
      }
    });
    field("division", (names) => {
      lead.push(...names.slice(0, 1));
      cooperating.push(...names.slice(1));
    });
    field("cooperating", (names) => cooperating.push(...names));

    if (!["units", "lead", "cooperating", "division"].some((k) => d.fields.has(k as FieldKind)))
      this.warnings.push({ line: d.line.no, task: d.no, message: `第${d.no}项没有责任单位` });
    else if (lead.length === 0)
      this.warnings.push({ line: d.line.no, task: d.no, message: `第${d.no}项没有市级牵头单位` });

    // Beside "各县(市、区)", a development zone or park the directory does not count among the
    // counties (经开区管委会) is kept: it cooperates, rather than vanish into "all".
    if (scope === "all") {
      const counties = new Set(this.directory.counties());
      cooperating.push(...named.filter((n) => !counties.has(n)));
    }
    const leadSet = new Set(lead);
    // "relevant" and names in the same list: the names say which are relevant.
    const counties: CountyScope = scope === "all" ? "all" : named.length ? unique(named) : scope;
    return { lead: unique(lead), cooperating: unique(cooperating.filter((n) => !leadSet.has(n))), counties };
  }

  /** The canonical name (or the name as written, with a warning); county-level or not. */
  private resolve(item: string, d: Draft, line: Line): { name: UnitName; county: boolean } {
    // "禹州高新区" in a unit list: a park or place of one county-level unit stands for it.
    const place = PLACE_LIKE.test(item) ? countiesNamedIn(item, this.directory) : [];
    // "市商务局(市粮食和物资储备局)", "县发改局(粮食局)": one body with its second name in
    // brackets is the first name, unless the directory knows the whole ("…(市供热办)").
    const bare = !GROUP_LIKE.test(item) ? item.replace(/\((\p{Script=Han}+(?:局|委|办|厅|中心|室))\)$/u, "") : item;
    const known = this.directory.resolve(item) ?? this.directory.resolve(bare) ?? (place.length === 1 ? place[0]! : null);
    const name = known ?? bare;
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
    return { name, county: COUNTY_LIKE.test(item) && !GROUP_LIKE.test(item) };
  }
}

function closeHeading(heading: { line: Line; title: string } | null, fail: (l: Line, p: string) => never): void {
  if (heading && !heading.title) fail(heading.line, "部分标题为空");
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

export function chineseNumeral(n: number): string {
  const digits = "零一二三四五六七八九";
  if (n < 10) return digits[n]!;
  return `${n >= 20 ? digits[Math.floor(n / 10)] : ""}十${n % 10 ? digits[n % 10] : ""}`;
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
