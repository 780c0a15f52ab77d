// The 落实方案 message a lead unit sends: a first line naming the task ("方案 12", "方案12",
// "落实方案 12", "第12项方案", "方案十二", "12号任务落实方案"), then labelled parts in any
// order — 责任领导, 主要措施, 时间节点 — with or without "：", a label's value on its own line or
// on the lines after it, measures over several lines, several labels on one line separated
// by "；". Matched on the width-folded text; values are cut from the original as typed.
import { foldWidth } from "../conversation/prepare-text";
import { NUMBER_SOURCE, toNumber } from "../conversation/task-number";

export type PlanPart = "leader" | "measures" | "milestones";

export interface PlanMessage {
  no: number;
  leader: string | null;
  measures: string | null;
  /** The 时间节点 text, not yet split. */
  milestones: string | null;
  /** Text before any label: with no label at all, the message is not understood, never dropped. */
  unlabeled: string | null;
}

/**
 * Label words per part. The document asks for 责任领导/主要措施/时间节点, but units copy
 * their own plan's headings, which name the same things otherwise: the leader as 分管/牵头/
 * 主管/负责 领导 or 责任人; measures as 工作/具体/推进/落实 措施 or 举措; the schedule as 节点安排,
 * 时间安排, 进度安排, 时间进度, 推进计划. "完成时限" is left out: it is the document's own
 * deadline for the task (read by the importer), not the unit's milestones. Longest first, so
 * "主要措施" is not read as "措施" plus text.
 */
const LABELS: Record<PlanPart, string[]> = {
  leader: ["责任领导", "分管领导", "牵头领导", "主管领导", "负责领导", "包抓领导", "责任人", "负责人"],
  measures: ["主要措施", "工作措施", "具体措施", "推进措施", "落实措施", "保障措施", "主要举措", "工作举措", "具体举措", "措施"],
  milestones: ["时间节点", "节点安排", "时间安排", "进度安排", "时间进度", "推进计划", "进度计划", "工作节点", "节点"],
};
const ALL = (Object.entries(LABELS) as [PlanPart, string[]][]).flatMap(([part, words]) => words.map((w) => ({ part, w }))).sort((a, b) => b.w.length - a.w.length);
const LABEL_SOURCE = ALL.map((l) => l.w).join("|");
/**
 * A label at the start of a line, after the outline number a Word plan gives it ("一、责任领导",
 * "（三）时间节点", "2. 主要措施"). Two-character labels ("措施", "节点") need a colon or the
 * line's end after them: "措施到位" starting a line of measures is text, not a label.
 */
const OUTLINE = `(?:[一二三四五六七八九十]{1,2}\\s*[、.．]|[(（]\\s*[一二三四五六七八九十\\d]{1,2}\\s*[)）]|\\d{1,2}\\s*[、.．](?!\\d))`;
const LABEL_AT_START = new RegExp(`^\\s*(?:${OUTLINE}\\s*)?(?:[【\\[(（]\\s*)?(${LABEL_SOURCE})\\s*(?:[】\\])）]\\s*)?(?:[:：]\\s*|(?=\\s|$))?`);
/** A label later in a line, after "；" or "。": "责任领导：王某某；主要措施：…". Needs its colon. */
const LABEL_INSIDE = new RegExp(`([；;。])\\s*(?=(?:${LABEL_SOURCE})\\s*[:：])`, "g");

const N = NUMBER_SOURCE;
/**
 * After the head comes the end of the line or a label: "12项工作方案已印发" is a report that a
 * plan was issued, not a plan.
 */
const TAIL = `\\s*[:：,，]?\\s*(?=\\n|$|(?:${LABEL_SOURCE}))`;
const HEAD = [
  new RegExp(`^(?:落实|工作|实施)?方案\\s*[:：]?\\s*第?\\s*(${N})\\s*[项号]?(?:任务)?(?:的)?(?:落实方案)?${TAIL}`),
  new RegExp(`^(?:关于)?第?\\s*(${N})\\s*(?:[项号]|号任务)(?:任务|工作)?(?:的)?(?:落实|工作|实施)?方案${TAIL}`),
  new RegExp(`^任务\\s*(${N})\\s*(?:的)?(?:落实|工作|实施)?方案${TAIL}`),
];

/** The task number when the message opens like a 方案 message, else null. */
export function planHead(text: string): { no: number; rest: string } | null {
  const folded = foldWidth(text.trimStart());
  for (const re of HEAD) {
    const m = re.exec(folded);
    if (!m) continue;
    const no = toNumber(m[1]!);
    if (no === null) return null;
    return { no, rest: text.trimStart().slice(m[0].length) };
  }
  return null;
}

/**
 * A signature pasted with the plan from its Word document: the unit's name (possibly 盖章) and
 * the date, on the last lines. Read as part of the last label they would become a milestone
 * "2020年3月24日" due that day (reminded, 逾期 the next) or an undated one "市商务局".
 */
const SIGNATURE_DATE = /^(?:(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*)?[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日$|^\d{4}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}$/;
/** Only a name ending like a unit: "市商务局", "许昌市商务局办公室（盖章）". No list number, no verb. */
const SIGNATURE_UNIT = /^(?![一二三四五六七八九十]+[是、.])(?!.*(?:成立|建立|设立|组建|完成|出台|印发))[\u4e00-\u9fa5]{2,20}(?:局|委|委员会|办|办公室|政府|管委会|中心|公司|厅|院)(?:[(（]\s*(?:盖章|章)\s*[)）])?$/;

/** The parts of a 方案 message, or null when it does not open like one. */
export function parsePlanMessage(original: string): PlanMessage | null {
  const head = planHead(original.replace(/\r\n?/g, "\n"));
  if (!head) return null;
  const parts: Record<PlanPart, string[]> = { leader: [], measures: [], milestones: [] };
  let current: PlanPart | null = null;
  const unlabeled: string[] = [];
  const lines = head.rest.replace(LABEL_INSIDE, "$1\n").split("\n");
  // Drop the signature from the end, blank lines between included.
  while (lines.length) {
    const last = foldWidth(lines[lines.length - 1]!).trim();
    if (last === "" || SIGNATURE_DATE.test(last) || SIGNATURE_UNIT.test(last)) lines.pop();
    else break;
  }
  for (const line of lines) {
    const folded = foldWidth(line);
    const m = LABEL_AT_START.exec(folded);
    const label = m ? ALL.find((l) => l.w === m[1]) : undefined;
    const short = label !== undefined && label.w.length <= 2 && !/[:：]/.test(m![0]) && folded.slice(m![0].length).trim() !== "";
    if (label && !short) {
      current = label.part;
      const value = line.slice(m![0].length).trim();
      if (value) parts[current].push(value);
      continue;
    }
    // Text before any label (a greeting, a title) is kept in the stored message only.
    if (current && line.trim()) parts[current].push(line.trim());
    else if (line.trim()) unlabeled.push(line.trim());
  }
  const joined = (p: PlanPart, sep: string) => {
    // The same part pasted twice ("several messages' worth" in one) counts once.
    const values = [...new Set(parts[p])];
    return values.length ? values.join(sep).replace(/[；;。\s]+$/, "") : null;
  };
  return {
    no: head.no,
    leader: joined("leader", "；"),
    measures: joined("measures", "\n"),
    milestones: joined("milestones", "\n"),
    unlabeled: unlabeled.length ? unlabeled.join("\n") : null,
  };
}
