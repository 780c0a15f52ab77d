// How people write 延期 (issue 22) and 异议 in chat, read into arguments before anything is
// acted on. The rules, in the order they are tried:
//   request  "申请延期 12 至6月30日 原因…", "申请延期 12 节点2 至…", "12项申请延期至6月底，原因是…",
//            "申请将第12项完成时限延至7月15日，因…"
//   approve  "同意延期 12", "同意延期 12 至7月15日", "同意12项延期", "12项延期同意"
//   refuse   "不同意延期 12 原因", "不同意12项延期，…", "12项延期不同意，…"
//   object   "异议 12 …" (a 退回 of 12), "异议 …" / "对通报有异议，…" (the latest 通报),
//            "对第12项退回有异议：…"
//   answer   "答复异议 3 …" (supervisors)
// Dates: 6月30日, 6月底, 二季度末, 6.30, 2020-06-30, 2020年6月30日 (resolve-due-date.ts, the
// 时间节点 reader, plus the numeric forms). Text is kept as typed (full-width punctuation,
// 留痕): the rules run on the width-folded text, whose positions are those of the original.
import { resolveDueDate } from "../../task-plans/resolve-due-date";
import { foldWidth } from "../prepare-text";
import { NUMBER_SOURCE, toNumber } from "../task-number";

export interface ExtensionRequestWords {
  no: number;
  /** "节点2": the milestone's position; 0 when "完成时限" is named; absent when neither is. */
  position?: number;
  /** YYYY-MM-DD; null when no date could be read. */
  date: string | null;
  /** As typed, the 原因 label taken off; "" when none. */
  reason: string;
}

export interface ExtensionDecisionWords {
  no: number;
  /** As for a request: 0 for "完成时限", absent when the supervisor names no date. */
  position?: number;
  /** approve: another date than the one asked for. */
  date?: string;
  /** refuse: why ("" when none). */
  reason: string;
  /**
   * approve: the words carry a date or a term that is not the leading "至…" ("同意，但须在8月底前
   * 完成", "延期一个月"): granting the date asked for would store a date the supervisor did not give.
   */
  unclear?: true;
}

export interface ObjectionWords {
  /** A 退回 of this task; absent: the latest 通报. */
  no?: number;
  text: string;
}

const NOT_MORE_DIGITS = "(?![\\d零〇一二两三四五六七八九十百千])";
/** A count after the number is no task: "异议 3个单位…". */
const NOT_COUNT = "(?!\\s*(?:件|个|起|家|场|次|人|名|户|批|笔|宗|条|万|亿|元|所|座|套|台|月|日|号|%|％))";
const N = `第?\\s*(?<no>${NUMBER_SOURCE})${NOT_MORE_DIGITS}\\s*(?:[项号](?:任务)?|(?=[\\s:：,，、至到节延申同不]|$))`;
const N_OBJECT = `第?\\s*(?<no>${NUMBER_SOURCE})${NOT_MORE_DIGITS}${NOT_COUNT}\\s*(?:[项号](?:任务)?|(?=[\\s:：,，、]|$))`;
/** "节点2", "第二个时间节点"; in a decision also "完成时限", naming the task's own date among several asked about. */
const MS = `(?:\\s*(?:的)?\\s*(?:(?:时间)?节点\\s*(?<pos>${NUMBER_SOURCE})|第\\s*(?<pos2>${NUMBER_SOURCE})\\s*个\\s*(?:时间)?节点|(?<dl>完成时限)(?=\\s*(?:[,，:：\\s]|至|到|延期|$))))?`;
const SEP = "\\s*[:：,，、。;；]?\\s*";
const EXTEND = "(?:延期|延长|推迟|顺延|延)";

const REQUEST = [
  new RegExp(`^(?:申请延期|延期申请)\\s*[:：]?\\s*${N}${MS}${SEP}(?<rest>[\\s\\S]*)$`),
  new RegExp(`^${N}${MS}\\s*(?:的)?\\s*(?:完成时限)?\\s*[,，]?\\s*(?:申请延期|延期申请|申请${EXTEND}(?=\\s*[至到]))(?<rest>[\\s\\S]*)$`),
  new RegExp(`^申请(?:将|把|对)\\s*${N}${MS}\\s*(?:的)?\\s*(?:完成时限|完成时间|时限|时间)?\\s*${EXTEND}(?<rest>[\\s\\S]*)$`),
];
const APPROVE = [
  new RegExp(`^(?:同意|批准|准予|予以)延期(?:申请)?\\s*[:：]?\\s*${N}${MS}${SEP}(?<rest>[\\s\\S]*)$`),
  new RegExp(`^(?:同意|批准|准予)\\s*${N}${MS}\\s*(?:的)?\\s*(?:完成时限)?\\s*延期(?:申请)?${SEP}(?<rest>[\\s\\S]*)$`),
  new RegExp(`^${N}${MS}\\s*[,，]?\\s*(?:(?:同意|批准|准予)延期|延期(?:申请)?\\s*(?:同意|批准|准予))(?:申请)?${SEP}(?<rest>[\\s\\S]*)$`),
];
const REFUSE = [
  new RegExp(`^(?:不同意|不予|不批准|驳回)延期(?:申请)?\\s*[:：]?\\s*${N}${MS}${SEP}(?<rest>[\\s\\S]*)$`),
  new RegExp(`^(?:不同意|不批准)\\s*${N}${MS}\\s*(?:的)?\\s*(?:完成时限)?\\s*延期(?:申请)?${SEP}(?<rest>[\\s\\S]*)$`),
  new RegExp(`^${N}${MS}\\s*[,，]?\\s*(?:延期(?:申请)?\\s*(?:不同意|不予同意|不批准|驳回)|(?:不同意|不予|不批准)延期(?:申请)?)${SEP}(?<rest>[\\s\\S]*)$`),
];
const OBJECT_VERB = new RegExp(`^(?:提出)?异议\\s*[:：]?\\s*(?:${N_OBJECT})?${SEP}(?<rest>[\\s\\S]*)$`);
const OBJECT_RETURN = new RegExp(`^对\\s*${N}\\s*(?:的)?\\s*(?:退回|驳回)(?:意见|决定)?\\s*(?:提出|有)异议${SEP}(?<rest>[\\s\\S]*)$`);
const OBJECT_TONGBAO = /^(?:我(?:单位|们)?)?对\s*(?:本期|上期|这次|此次|这期|最近一期|[一二三四]季度)?\s*(?:的)?\s*通报[\s\S]{0,30}?(?:提出|有)异议/;
const ANSWER = /^(?:答复|回复)异议\s*[:：]?\s*第?\s*(?<id>\d{1,6})\s*号?(?!\d)\s*[:：,，、。;；]?\s*(?<rest>[\s\S]*)$/;

/** After the date, "的请示…", "的报告…", "的事项…": the date names a request spoken of, not made. */
const STATEMENT_AFTER_DATE = /^\s*的/;
/** Right after "延期申请", without a date: "已获批", "已提交", "经市政府同意", "正在办理". */
const STATEMENT = /^(?:已|已经|获|经|被|正在|尚|未|待|还)/;

/** A date or a term anywhere in an approval's words: "8月底", "8.31", "一个月", "两周", "年底", "三季度末". */
export const DATE_OR_TERM = /\d|[一二两三四五六七八九十半]\s*(?:个)?\s*(?:月|周|星期|礼拜|天|日|季度|年)|月底|月末|年底|年末|季度末|季末|[上中下]旬/;

/** "原因：", "原因是", "理由如下：", "延期原因为": labels before the reason, taken off. */
const REASON_LABEL = /^(?:申请)?(?:延期)?(?:原因|理由)(?:是|为|如下)?\s*[:：]?\s*/;
const REFUSAL_LABEL = /^(?:不同意的)?(?:原因|理由)(?:是|为|如下)?\s*[:：]?\s*/;

function exec(res: RegExp[], s: string): RegExpExecArray | null {
  for (const re of res) {
    const m = new RegExp(re.source, "d").exec(s);
    if (m) return m;
  }
  return null;
}

function numberAndPosition(m: RegExpExecArray): { no: number; position?: number } | null {
  const no = toNumber(m.groups!.no!);
  if (no === null) return null;
  const p = m.groups!.pos ?? m.groups!.pos2;
  if (m.groups!.dl) return { no, position: 0 };
  if (p === undefined) return { no };
  const position = toNumber(p);
  return position === null ? null : { no, position };
}

/** The rest as typed: the span of the `rest` group in the original. */
function restOf(m: RegExpExecArray, original: string): string {
  const span = m.indices?.groups?.rest;
  return span ? original.slice(span[0], span[1]) : "";
}

/**
 * A date at the start of `s` (after an optional 延期至 / 至 / 到) and where it ends. Numeric
 * forms first ("2020-06-30", "2020.6.30", "6.30", "6/30"), then the words of a 时间节点.
 */
export function leadingDate(s: string, planYear: number): { date: string | null; end: number; named: boolean } {
  const f = foldWidth(s);
  const lead = new RegExp(`^\\s*(?:${EXTEND}\\s*)?(?:[至到]\\s*)?`).exec(f)![0];
  const named = /[至到]/.test(lead);
  const at = lead.length;
  const rest = f.slice(at);
  const full = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?(?:之前|以前|前)?/.exec(rest);
  if (full) return { date: ymd(Number(full[1]), Number(full[2]), Number(full[3])), end: at + full[0].length, named: true };
  const short = /^(\d{1,2})\s*[./]\s*(\d{1,2})(?![\d.])(?:之前|以前|前)?/.exec(rest);
  if (short) return { date: ymd(planYear, Number(short[1]), Number(short[2])), end: at + short[0].length, named: true };
  const words = resolveDueDate(rest, planYear);
  if (words && words.start === 0) return { date: words.date, end: at + words.end, named: true };
  return { date: null, end: named ? at : 0, named };
}

function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const trimPunct = (s: string) => s.replace(/^[\s:：,，、。;；]+/, "").trim();

export function readExtensionRequest(original: string, planYear: number): ExtensionRequestWords | null {
  const m = exec(REQUEST, foldWidth(original));
  if (!m) return null;
  const ref = numberAndPosition(m);
  if (!ref) return null;
  const rest = restOf(m, original);
  const d = leadingDate(rest, planYear);
  // "12 申请延期至9月30日的请示已报市政府", "12项延期申请已获市政府同意，…": progress that tells of
  // a request (to the city government, or one already made), not a request to the bureau. Read
  // as one, it would be stored and sent to the supervision group with "的请示已报…" as its reason.
  if (STATEMENT_AFTER_DATE.test(foldWidth(rest.slice(d.end))) || (!d.named && STATEMENT.test(foldWidth(trimPunct(rest))))) return null;
  let reason = trimPunct(rest.slice(d.end));
  const label = REASON_LABEL.exec(foldWidth(reason));
  if (label) reason = reason.slice(label[0].length).trim();
  return { ...ref, date: d.date, reason };
}

export function readExtensionApproval(original: string, planYear: number): ExtensionDecisionWords | null {
  const m = exec(APPROVE, foldWidth(original));
  if (!m) return null;
  const ref = numberAndPosition(m);
  if (!ref) return null;
  const rest = restOf(m, original);
  const d = leadingDate(rest, planYear);
  if (!d.date && DATE_OR_TERM.test(foldWidth(rest))) return { ...ref, reason: "", unclear: true };
  return { ...ref, ...(d.date ? { date: d.date } : {}), reason: "" };
}

export function readExtensionRefusal(original: string): ExtensionDecisionWords | null {
  const m = exec(REFUSE, foldWidth(original));
  if (!m) return null;
  const ref = numberAndPosition(m);
  if (!ref) return null;
  let reason = trimPunct(restOf(m, original));
  const label = REFUSAL_LABEL.exec(foldWidth(reason));
  if (label) reason = reason.slice(label[0].length).trim();
  return { ...ref, reason };
}

/** "对通报没有异议", "异议已消除", "异议：无": no objection at all. */
const NO_OBJECTION = /(?:没有?|无|并无|不存在)\s*(?:什么|任何)?\s*异议/;
const NOTHING_CONTESTED = /^(?:无|没有|没|暂无|已(?:经)?(?:消除|撤回|撤销|解决|处理|答复))/;
/**
 * "对通报有异议吗？", "异议怎么提？": asking about 异议, not raising one. A 异议 that ends in a
 * question ("…已报送，为何还算未报？") is still one.
 */
const ASKS = /异议\s*(?:[吗么呢]\s*[?？。.!！]?|[?？])\s*$/;
const ASKS_HOW = /^(?:怎么|如何|怎样|能否|可以|可否|能不能|是否|在哪)/;

export function readObjection(original: string): ObjectionWords | null {
  const f = foldWidth(original);
  // Stored, any of these would reach the supervision group as a 异议 nobody raised.
  if (NO_OBJECTION.test(f) || ASKS.test(f)) return null;
  const ret = new RegExp(OBJECT_RETURN.source, "d").exec(f);
  if (ret) {
    const no = toNumber(ret.groups!.no!);
    return no === null ? null : { no, text: trimPunct(restOf(ret, original)) };
  }
  // "对通报中我单位第12项未报有异议：3月25日已报送": the whole message is the objection.
  if (OBJECT_TONGBAO.test(f)) return { text: original.trim() };
  const m = new RegExp(OBJECT_VERB.source, "d").exec(f);
  if (!m) return null;
  const text = trimPunct(restOf(m, original));
  if (NOTHING_CONTESTED.test(foldWidth(text)) || ASKS_HOW.test(foldWidth(text))) return null;
  if (m.groups!.no === undefined) return { text };
  const no = toNumber(m.groups!.no);
  return no === null ? null : { no, text };
}

export function readObjectionAnswer(original: string): { id: number; text: string } | null {
  const m = new RegExp(ANSWER.source, "d").exec(foldWidth(original));
  if (!m) return null;
  return { id: Number(m.groups!.id), text: trimPunct(restOf(m, original)) };
}
