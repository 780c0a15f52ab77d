// Reports as liaisons type them, on phones and by voice, or pasted from a Word report:
//   "汇报 8 本季度…", "8：…", "8 …", "8. …", "15。…", "12-…", "(12) …", "第8项：…", "12项已完成",
//   "12号任务 已完成", "第十三项：…", "十二 …", "任务12：…", "关于第12项工作的进展情况：…",
//   "第12项本季度举办…" (voice, no punctuation), "12、13 两项均已…" (one text, two tasks),
//   "补报 一季度 11 …", "2020Q1 11 …", "本季度 11 …" (a period named first),
//   "12 [市发展改革委] …" (the unit, for a liaison of several units),
// and several in one message, each line starting like a task line, after an optional heading
// line such as "一季度工作汇报". What is never a task number: a time ("12:00 召开…"), a decimal
// ("8.5亿元"), a date or range ("3月", "12-15日"), a count ("12 3个项目" is one task).
import { planHead } from "../task-plans/parse-plan-message";
import { hasContent } from "./content";
import { foldWidth } from "./prepare-text";
import { askFromMatch, PERIOD_SOURCE, periodAskOf, type PeriodAsk } from "./period-phrase";
import { periodClaimOf } from "./reader/period-words";
import { foldGrammarChars, rewriteHead, type HeadContext } from "./reader/head-forms";
import { readTable } from "./reader/table";
import { textKind, type TextKind } from "./reader/text-kind";
import { dropMarkTag, unwrap } from "./reader/unwrap";
import { ARABIC_SOURCE, CHINESE_SOURCE, isChineseNumeral, toNumber } from "./task-number";

export interface ReportItem {
  no: number;
  text: string;
  /** The period the message names for this item, if it names one. */
  period?: PeriodAsk;
  /** The unit named in brackets ("12 [市发展改革委] …"), for a member of several units. */
  unitName?: string;
  /** The words that named the period ("4月份以来", "补报 一季度", the heading), for the reply. */
  periodWhy?: string;
  /** Set when the item's text is no progress: a question, a promise or a pointer. */
  kind?: TextKindNotContent;
}

/**
 * What the reader made of a message that refers to tasks: progress to store, or something that
 * must not be stored — a question, a promise of a report later, a pointer to an attachment —
 * or a table whose task column cannot be told.
 */
export type Reading =
  | { kind: "report"; items: ReportItem[] }
  | { kind: TextKindNotContent; nos: number[] }
  | { kind: "which_column"; header: string }
  | { kind: "split"; nos: number[] };
type TextKindNotContent = Exclude<TextKind, "content">;

interface ItemHead {
  nos: number[];
  /** Characters at the end of the line that are the report text. */
  textLength: number;
  /** "strong" ("8：", "第8项", "12项", "汇报 8") always starts an item; otherwise the separator used. */
  style: string;
  period?: PeriodAsk;
  unitName?: string;
}

/** Several task numbers, all Arabic or all Chinese: "12、13", "12，13", "12和13", "12 13", "十二、十三". */
const listOfKind = (n: string, max = "") => `(?:${n}(?:\\s*[、,，和及与]\\s*${n}|\\s+${n}){0,${max}})`;
const LIST = `(?:${listOfKind(ARABIC_SOURCE)}|${listOfKind(CHINESE_SOURCE)})`;
const PERIOD_PREFIX = new RegExp(`^(补报\\s*)?(?:${PERIOD_SOURCE})?\\s*(补报)?\\s*[:,，]?\\s*`);
const UNIT_TAG = /^[[【]\s*([^\]】\d一二三四五六七八九十][^\]】]{1,29}?)\s*[\]】]\s*/;
const KEYWORD = /^(?:汇报|报告|报送|上报|补充|补报)\s*[:：]?\s*(?=第\s*[\d一二三四五六七八九十]|\d|[一二三四五六七八九十百](?![下些点会次]))/;
/** Words between the task reference and the separator: "第12项工作的进展情况：". */
const FILLER = /^(?:的)?(?:工作|任务)?(?:的)?(?:进展|落实|推进|完成|进度|办理|工作进展|工作推进)?(?:情况)?(?:的)?(?:汇报|报告|如下)?\s*(?=[:：]|$)/;
const SAME_AS_ABOVE = /^(?:同上|同前|同上条|同上一项)[。.]?$/;
const ACK_PREFIX = /^(?:收到|好的|好|明白|了解|您好|领导好)[，,。.！!～~\s]+/;
/** A count right after a number belongs to the text: "12 3个项目". */
const MEASURE = /^(?:个|家|场|项|次|人|名|万|亿|千|百|元|户|座|条|所|亩|吨|辆|台|套|间|批|期|年|月|日|天|号|%|％|倍|公里|km|米|平方)/;

/**
 * After "N" and a separator comes a digit: is it the report's own first number ("8：186个项目",
 * "12、3场活动", "14：2020年…") rather than a time ("12:00"), a thousands group ("12,000元")
 * or a number that is not followed by what it counts? Content often opens with a figure, and
 * dropping such a report is as wrong as misfiling it.
 */
function contentStartsWithNumber(raw: string[], sep: string, next: string): boolean {
  if (sep === ":" || sep === "：") {
    const hour = Number(raw[raw.length - 1]);
    // "12：11月份发放…", "13:10月以来…": a month or a day after the digits is no clock time.
    const time = /^[0-5]\d(?![\d月日号.])/.test(next) && Number.isInteger(hour) && hour <= 24;
    return !time;
  }
  if (sep === "," && /^\d{3}(?!\d)/.test(next)) return false;
  const figure = /^\d+(?:\.\d+)?\s*/.exec(next)![0];
  return MEASURE.test(next.slice(figure.length));
}

/** The same reference pattern, with a list of at most `count` numbers. */
function listOf(re: RegExp, count: number): RegExp {
  const max = String(count - 1);
  return new RegExp(re.source.replace(LIST, `(?:${listOfKind(ARABIC_SOURCE, max)}|${listOfKind(CHINESE_SOURCE, max)})`));
}

/**
 * After "N项"/"N号" (the "counted" form) these words make N a count or a date, not a task:
 * "三项工作已完成", "十项措施已出台", "12号召开推进会" (the 12th).
 */
const COUNTED_NOUN = /^(?:工作|措施|举措|任务|目标|指标|重点|项目|活动|内容|政策|制度|问题)/;
/** A count or date after "N " (a space, as voice input types it): "3 月举办活动", "2 个项目". */
const COUNT_AFTER_SPACE = /^(?:个|家|场|项(?!目)|次|人|名|万|亿|千|百|元|户|座|条|所|亩|吨|辆|台|套|间|批|期|年|月|日|天|号|%|％|倍|公里|km|米|平方)/;

const REFS: { re: RegExp; style: "strong" | "paren" | "bare" | "counted" }[] = [
  { re: new RegExp(`^关于\\s*第?\\s*(${LIST})\\s*[项号]?(?:任务|工作)?`), style: "strong" },
  { re: new RegExp(`^第\\s*(${LIST})\\s*[项号](?:任务|工作)?`), style: "strong" },
  { re: new RegExp(`^任务\\s*(${LIST})(?![\\d])`), style: "strong" },
  { re: new RegExp(`^(${LIST})\\s*号任务`), style: "strong" },
  { re: new RegExp(`^(${LIST})\\s*[项号](?!目)`), style: "counted" },
  { re: new RegExp(`^\\(\\s*(${LIST})\\s*\\)`), style: "paren" },
  { re: new RegExp(`^[【\\[]\\s*(${LIST})\\s*[项号]?\\s*[】\\]]`), style: "strong" },
  { re: new RegExp(`^(${LIST})`), style: "bare" },
];

function numbersOf(list: string): string[] {
  return list.split(/\s*[、,，和及与]\s*|\s+/).filter(Boolean);
}

/**
 * @param heading the line has lines after it: "第8项" or "24项" alone is then the heading of
 * the report below it, not a look-up.
 */
function headOf(line: string, heading = false): ItemHead | null {
  let rest = line;
  let period: PeriodAsk | undefined;
  let unitName: string | undefined;
  const pre = PERIOD_PREFIX.exec(rest);
  if (pre && pre[0]) {
    const named = pre[3] || pre[4] || pre[5] || pre[6] ? askFromMatch(pre, 1) : null;
    if (named) period = named;
    else if (pre[1] || pre[7]) period = { kind: "previous" };
    rest = rest.slice(pre[0].length);
  }
  let tag = UNIT_TAG.exec(rest);
  if (tag) {
    unitName = tag[1]!;
    rest = rest.slice(tag[0].length);
  }
  const keyword = KEYWORD.exec(rest);
  if (keyword) rest = rest.slice(keyword[0].length);

  for (const { re, style } of REFS) {
    let m = re.exec(rest);
    if (!m) continue;
    let raw = numbersOf(m[1]!);
    // "5、6月份拨付…": a list of months or days, not of tasks.
    if (raw.length > 1 && /[、,，和及与]/.test(m[1]!) && /^\s*(?:月|日|号(?!任务))/.test(rest.slice(m[0].length))) return null;
    // "12 13 已完成" is a list; in "12 3个项目" the 3 is the text's: drop numbers from the end
    // of the list while what follows is a count.
    while (raw.length > 1 && MEASURE.test(rest.slice(m[0].length).trimStart().replace(/^[.．]\d+\s*/, ""))) {
      raw = raw.slice(0, -1);
      m = listOf(re, raw.length).exec(rest);
      if (!m) return null;
    }
    let after = rest.slice(m[0].length);
    let sepStyle: string = style === "bare" ? "" : style;
    if (style === "bare") {
      let sep = /^(?:\s*[:：]|\s*[,，、。)]|\.(?!\d)|-(?!\d)|\s+|$)/.exec(after);
      // A time ("12:00"), a decimal ("8.5"), a range ("12-15日") or a count ("12个") is not a task number.
      if (sep && /^\d/.test(after.slice(sep[0].length)) && !contentStartsWithNumber(raw, sep[0].trim(), after.slice(sep[0].length))) sep = null;
      // "3 月举办活动", "2 个项目已开工": a count or a date typed with a space, not task 3.
      if (sep && sep[0] && !sep[0].trim() && COUNT_AFTER_SPACE.test(after.slice(sep[0].length))) sep = null;
      if (!sep || (!sep[0] && !keyword && !period)) {
        // "8" alone is a lookup, "12个" a count.
        if (!keyword) return null;
      } else {
        const s = sep[0].trim();
        sepStyle = s === "：" || s === ":" ? ":" : s === "" ? " " : s;
        // Chinese numerals stand alone only before a space or a colon: "十二 …", "十二：…";
        // "一、" and "一是" open points of a Word report, not tasks.
        if (raw.some(isChineseNumeral) && !keyword && !/^[: ]$/.test(sepStyle)) return null;
        after = after.slice(sep[0].length);
      }
    } else {
      if (style === "counted") {
        // "12项已完成" is task 12; "三项工作已完成" and "12号召开…" are a count and a date. 号
        // and Chinese numerals need a separator after them; a noun after 项 makes it a count.
        const separated = /^\s*[:：,，、。]|^\s+/.test(after);
        if ((m[0].endsWith("号") || raw.some(isChineseNumeral)) && !separated && !keyword && !period) return null;
        if (COUNTED_NOUN.test(after.trimStart()) && !FILLER.exec(after)) return null;
      }
      const filler = FILLER.exec(after);
      if (filler) after = after.slice(filler[0].length);
      const sep = /^\s*(?:[:：,，、。]|\.(?!\d)|-(?!\d))?\s*/.exec(after)![0];
      // "第8项", "任务 8", "12项" alone are lookups; "第12项：" is a report without its content.
      if (!after.trim() && !sep.trim() && !keyword && !period && !heading) return null;
      after = after.slice(sep.length);
    }
    const nos = raw.map(toNumber);
    if (nos.some((n) => n === null)) return null;
    // "71 [进展顺利] …": a tag that marks the line, not a unit.
    after = dropMarkTag(after);
    tag = UNIT_TAG.exec(after);
    if (tag) {
      unitName ??= tag[1]!;
      after = after.slice(tag[0].length);
    }
    const strong = Boolean(keyword) || period !== undefined || style === "strong" || style === "counted" || sepStyle === ":";
    return {
      nos: [...new Set(nos as number[])],
      textLength: after.trimEnd().length,
      style: strong ? "strong" : sepStyle,
      ...(period ? { period } : {}),
      ...(unitName ? { unitName } : {}),
    };
  }
  return null;
}

const PERIOD_ANYWHERE = new RegExp(PERIOD_SOURCE);
/** Words of a heading line: "一季度工作汇报", "上半年工作小结", "禹州市二季度重点工作进展情况". */
const HEADING_WORDS = /汇报|报告|情况|如下|进展|进度|报送|小结|总结|材料|汇总|落实|推进|工作|清单|台账/;
/** A figure with what it counts: a line with one is content, not a heading ("举办活动3场"). */
const COUNTED_FIGURE = /\d+(?:\.\d+)?\s*(?:个|家|场|项|次|人|名|万|亿|千|元|户|座|条|所|亩|吨|辆|台|套|间|批|%|％|倍|公里)/;
/** A date line under a title: "2020年6月28日", "（2020年6月）". */
const DATE_LINE = /^[（(]?\s*20\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?\s*[）)]?$/;
/** A unit's name alone on a line: "禹州市：", "市发展改革委". */
const UNIT_LINE = /^[^\d\s:：,，。]{2,16}(?:局|委|办|市|县|区|会|中心|政府|管委会|办公室)$/;

/**
 * A line before the first item that only introduces the report: "一季度工作汇报",
 * "现将有关情况汇报如下：", "2020年6月28日", "禹州市". It is not stored; a period it names
 * applies to the items, a unit it names is the unit of the items.
 */
function headingOf(line: string): { period?: PeriodAsk; unitName?: string } | null {
  const l = line.replace(/^[[【［]|[\]】］]$/g, "").replace(/[:：。.!！\s]+$/, "");
  if ([...l].length > 40) return null;
  const alone = periodAskOf(l);
  if (alone) return { period: alone };
  if (DATE_LINE.test(l)) return {};
  if (UNIT_LINE.test(l)) return { unitName: l };
  if (!HEADING_WORDS.test(l) || COUNTED_FIGURE.test(l)) return null;
  const m = PERIOD_ANYWHERE.exec(l);
  const period = m ? askFromMatch(m, 0) : null;
  return period ? { period } : {};
}

export interface ReadContext {
  now: Date;
  planYear: number;
}

/** The report items of a message, or null when it is not a report (kept for its callers). */
export function parseReport(original: string, context?: ReadContext): ReportItem[] | null {
  const r = readReport(original, context);
  return r?.kind === "report" ? r.items : null;
}

/**
 * Reads a message that refers to tasks. The message is matched in its width-folded form; the
 * report text is cut from the original, so "，" stays "，". Returns null when it is not about
 * tasks at all.
 *
 * After the first item, a line starts another item when it is written like a task line: a
 * strong form ("13：", "第13项", "汇报 13"), or the first item's own separator ("12. …" then
 * "13. …"). Numbered points inside a report ("完成以下工作：\n1. …\n2. …") stay in it: they use
 * another separator, or restart at 1 and count up. A task named again ("第12项存在问题：…")
 * adds to its item; a heading that names two tasks is filled by the lines naming each.
 */
export function readReport(original: string, context?: ReadContext): Reading | null {
  const { body } = unwrap(original);
  const lines = body.split("\n").map((l) => l.trim());
  const table = readTable(lines);
  if (table?.kind === "which_column") return table;
  if (table) return classify(table.rows.map((r) => ({ no: r.no, text: r.text })), context);
  const items: ReportItem[] = [];
  // Up to three heading lines, when a task line follows them.
  let first = 0;
  let headingPeriod: PeriodAsk | undefined;
  let headingUnit: string | undefined;
  while (first < 3 && first < lines.length - 1 && !headAt(lines[first]!)) {
    // A heading ("一季度工作汇报") or an acknowledgement ("好的。") before the task lines.
    const heading = headingOf(foldWidth(lines[first]!)) ?? (lines[first] && !hasContent(lines[first]!) ? {} : null);
    if (!heading) break;
    headingPeriod = heading.period ?? headingPeriod;
    headingUnit = heading.unitName ?? headingUnit;
    first++;
  }
  // "收到，12项已完成", "好的。12：…": an acknowledgement before the first task line is dropped.
  if (first < lines.length && !headAt(lines[first]!)) {
    const stripped = lines[first]!.replace(ACK_PREFIX, "");
    if (stripped !== lines[first] && headAt(stripped)) lines[first] = stripped;
  }
  // "8.5亿元社会投资项目签约落地，11项": the task named at the end of a one-line report.
  if (first === lines.length - 1 && !headAt(lines[first]!)) {
    const tail = TRAILING_REF.exec(lines[first]!);
    if (tail && hasContent(lines[first]!.slice(0, tail.index))) lines[first] = `${tail[1]!.replace(/\s+/g, "")}：${lines[first]!.slice(0, tail.index).trim()}`;
  }
  let firstStyle = "";
  let subPoint = 0; // the last number of a numbered list inside the current item
  let current: ReportItem[] = []; // the items the current line continues (one per number)
  const queue = lines.slice(first);
  const sharedHeads: number[][] = [];
  while (queue.length) {
    const line = queue.shift()!;
    // "12：…" then "方案 13" and its labels: a plan pasted after a report is not more of the
    // report (it would be stored as report 12's text, the plan never); the message is no report.
    if (items.length && planHead(line)) return null;
    const start = headAt(line, queue.some((l) => l.trim()));
    const isSubPoint = start && start.style !== "strong" && start.nos.length === 1 && (start.nos[0] === 1 || (subPoint > 0 && start.nos[0] === subPoint + 1));
    if (!items.length ? start : start && !isSubPoint && (start.style === "strong" || start.style === firstStyle)) {
      // "12项 发放消费券3批 13项 培育…": a dictated line naming the next task mid-line.
      const split = splitDictated(line, start!);
      if (split) {
        queue.unshift(split.rest);
      }
      const lineHere = split ? split.head : line;
      const head = split ? headAt(lineHere)! : start!;
      if (!items.length) firstStyle = head.style;
      const made = itemsOf(head, lineHere, headingPeriod, headingUnit);
      if (head.context.lead) for (const item of made) leads.set(item, head.context.lead);
      // "第8项 第9项" or "关于第91项、第96项工作进展情况的报告" over one paragraph: which part is whose?
      if (made.length > 1 && !made[0]!.text) sharedHeads.push(made.map((i) => i.no));
      // "13：同上" repeats the item before it.
      const before = items[items.length - 1];
      if (before) for (const item of made) if (SAME_AS_ABOVE.test(item.text)) item.text = before.text;
      current = [];
      for (const item of made) {
        // A task named again adds to its item: "第12项存在问题：…", or a heading "第12、13项：" then "（一）12项：…".
        const same = items.find((i) => i.no === item.no && i.unitName === item.unitName);
        if (same) {
          if (item.text) same.text = same.text ? `${same.text}\n${item.text}` : item.text;
          same.period ??= item.period;
          current.push(same);
        } else {
          items.push(item);
          current.push(item);
        }
      }
      subPoint = 0;
    } else if (!items.length) {
      return null;
    } else if (line) {
      if (start && isSubPoint) subPoint = start.nos[0]!;
      for (const item of current) item.text = item.text ? `${item.text}\n${line}` : line;
    }
  }
  // A heading naming several tasks whose lines never name them one by one: asking which part is
  // whose beats giving each task the whole paragraph.
  for (const nos of sharedHeads) {
    const texts = nos.map((no) => items.find((i) => i.no === no)?.text ?? "");
    if (texts.every((t) => t && t === texts[0])) return { kind: "split", nos };
  }
  return classify(items, context);
}

/** The head of a line, after the forms that mean the same are brought to the grammar's own. */
function headAt(line: string, heading = false): (ItemHead & { context: HeadContext }) | null {
  const context = rewriteHead(foldWidth(line));
  const head = headOf(context.line, heading);
  return head ? { ...head, ...(context.unitName && !head.unitName ? { unitName: context.unitName } : {}), context } : null;
}

/** A task named at the end, after a space or a comma: "…开工项目9个 8项", "…，第11项". */
const TRAILING_REF = /(?:\s+|[，,；;])\s*(第\s*\d{1,4}\s*项|\d{1,4}\s*项)\s*[。.]?\s*$/;

/** Time words taken off an item's head ("4-6月 8项…"): they date it with its text. */
const leads = new WeakMap<ReportItem, string>();

/** Before a task reference mid-line, these words make it a count: "完成12项 剩余3项 正在推进". */
const COUNT_BEFORE = /(?:完成|剩余|共|计|累计|新增|其中|涉及|包括|全部|已|还有|尚有|另有|余|约|近|超|达|达到|总计|合计|实施|推进|开展|办理|整改|落实)$/;

/**
 * "12项 发放消费券3批 13项 培育夜间经济街区2条" (dictated, no line breaks): the second task
 * reference, when it is written as the first one was, starts the next item.
 */
function splitDictated(line: string, head: ItemHead): { head: string; rest: string } | null {
  if (head.style !== "strong") return null;
  const folded = foldGrammarChars(foldWidth(line));
  const textStart = line.length - head.textLength;
  // "…；13：举办活动3场": after a semicolon, a number and a colon start the next item too.
  const re = /(?:\s+|[，,；;]\s*)(第?\s*\d{1,4}\s*项)(?!目)\s*[:：]?\s*(?=\S)|[；;]\s*(\d{1,4})\s*[:：]\s*(?=\S)/g;
  re.lastIndex = textStart;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const before = folded.slice(textStart, m.index);
    if (!before.trim() || COUNT_BEFORE.test(before.trim().replace(/[，,；;]$/, ""))) continue;
    const no = toNumber((m[1] ?? m[2])!.replace(/^第|项$/g, "").trim());
    if (no === null || head.nos.includes(no)) continue;
    // "完成投资，12项工程开工": a count of works, not task 12.
    if (COUNTED_NOUN.test(folded.slice(m.index + m[0].length)) || /^(?:工程|改革|行动|实事)/.test(folded.slice(m.index + m[0].length))) continue;
    return { head: line.slice(0, m.index).replace(/[，,；;]\s*$/, ""), rest: line.slice(m.index).replace(/^[，,；;\s]+/, "") };
  }
  return null;
}

/**
 * Questions, promises and pointers are not reports: a message whose every item is one of them
 * is read as that; within a report they are marked so the reply can say what is missing.
 * The period each item's own words claim is read here too, with the date.
 */
function classify(items: ReportItem[], context: ReadContext | undefined): Reading | null {
  if (!items.length) return null;
  // Text with nothing in it ("已报送", "👍") is left to the acting step's own refusal.
  const kinds = items.map((i) => (i.text && hasContent(i.text) ? textKind(foldWidth(i.text)) : "content"));
  const notContent = kinds.filter((k) => k !== "content");
  if (notContent.length === items.length && new Set(notContent).size === 1) {
    return { kind: notContent[0] as TextKindNotContent, nos: [...new Set(items.map((i) => i.no))] };
  }
  items.forEach((item, i) => {
    if (kinds[i] !== "content") item.kind = kinds[i] as TextKindNotContent;
    if (!item.period && context && item.text) {
      const claim = periodClaimOf(foldWidth(`${leads.get(item) ?? ""}${item.text}`), context.now, context.planYear);
      if (claim) {
        item.period = claim.ask;
        item.periodWhy = claim.why;
      }
    }
  });
  return { kind: "report", items };
}

function itemsOf(head: ItemHead, line: string, headingPeriod: PeriodAsk | undefined, headingUnit?: string): ReportItem[] {
  const text = line.slice(line.length - head.textLength).trim();
  const period = head.period ?? headingPeriod;
  const unitName = head.unitName ?? headingUnit;
  return head.nos.map((no) => ({ no, text, ...(period ? { period } : {}), ...(unitName ? { unitName } : {}) }));
}

/** Task numbers a quoted reminder lists ("8. 着力抓好…", "第8项"), in order, without repeats. */
export function taskNumbersIn(quoted: string): number[] {
  const found: number[] = [];
  for (const m of quoted.matchAll(/(?:^|\n)\s*(\d{1,4})\s*[.、．:：](?!\d)|第\s*(\d{1,4})\s*项/g)) {
    const n = Number(m[1] ?? m[2]);
    if (!found.includes(n)) found.push(n);
  }
  return found;
}
