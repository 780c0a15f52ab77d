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
  /**
   * Changes to single milestones ("节点2改为10月底前建成站点100个"): the rest of the plan is kept.
   * Null when the 时间节点 is a list (or absent).
   */
  milestoneEdits: MilestoneEdit[] | null;
  /** "其余不变", "其他内容不变": what the message does not name is kept. */
  restUnchanged: boolean;
  /** "方案 15 整体替换": a resend meant to replace everything, done milestones included. */
  wholeReplace: boolean;
  /** Lines that are no part of the plan ("联系人：…电话…", "完成时限：…"): kept in the stored text only. */
  ignored: string[];
}

export type MilestoneEdit = { position: number; text: string } | { position: number; remove: true } | { position: null; text: string };

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
/** "方案 15 修改", "方案15（调整）", "方案 15 整体替换": a word that says the plan is being changed. */
const REVISION = `(?:\\s*[(（]?\\s*(修改|修订|更正|调整|变更|补充|整体替换|全部替换|重新报送)\\s*[)）]?)?`;
const TAIL = `${REVISION}\\s*[:：,，]?\\s*(?=\\n|$|(?:${LABEL_SOURCE}))`;
const HEAD = [
  new RegExp(`^(?:落实|工作|实施)?方案\\s*[:：]?\\s*第?\\s*(${N})\\s*[项号]?(?:任务)?(?:的)?(?:落实方案)?${TAIL}`),
  new RegExp(`^(?:关于)?第?\\s*(${N})\\s*(?:[项号]|号任务)(?:任务|工作)?(?:的)?(?:落实|工作|实施)?方案${TAIL}`),
  new RegExp(`^任务\\s*(${N})\\s*(?:的)?(?:落实|工作|实施)?方案${TAIL}`),
];

/** The task number when the message opens like a 方案 message, else null. */
export function planHead(text: string): { no: number; rest: string; revision: string | null } | null {
  const folded = foldWidth(text.trimStart());
  for (const re of HEAD) {
    const m = re.exec(folded);
    if (!m) continue;
    const no = toNumber(m[1]!);
    if (no === null) return null;
    return { no, rest: text.trimStart().slice(m[0].length), revision: m[2] ?? null };
  }
  return null;
}

/**
 * Lines a unit's Word plan carries that are no milestone, measure or leader: a contact, a
 * phone, the document's own 完成时限, who filled it in. Read as part of 时间节点 they became
 * milestones ("节点4｜⚠未写时间｜联系人：张三", "节点5｜12月31日｜完成时限：2020年12月底").
 */
const NOT_PLAN_LINE = /^\s*(?:[【\[(（]\s*)?(?:联系人|联系电话|联系方式|电话|手机|座机|邮箱|填报人|填表人|审核人|签发人|报送人|经办人|完成时限|报送时间|报送日期|填报时间|填报日期|备注)\s*(?:[】\])）]\s*)?[:：]/;

/** "其余不变", "其他内容不变", "其它保持不变": what the message does not name stays. */
const REST_UNCHANGED = /[，,。；;\s]*(?:其余|其他|其它|余下|别的)(?:内容|部分|节点|事项)?(?:均|都)?(?:保持)?不变[。.！!]?/g;

/** "改为王某某", "由张某改为王某某", "调整为王某某": the value after the change word. */
const CHANGED_TO = /^(?:[\s\S]*?)(?:改为|改成|调整为|修改为|变更为|更改为|更换为|换成)\s*[:：]?\s*/;

const EDIT_NUM = "[\\d一二三四五六七八九十]{1,3}";
/** "节点2改为10月底前…", "第2个节点调整为…", "节点3延期至11月底": one milestone changed. */
const EDIT = new RegExp(`^(?:时间)?(?:节点\\s*(${EDIT_NUM})|第\\s*(${EDIT_NUM})\\s*个?\\s*(?:时间)?节点)\\s*(?:[:：]\\s*)?(?:由[^，,；;]*?)?(改为|改成|调整为|修改为|变更为|更改为|延期至|延后至|推迟至|提前至|删除|取消|[:：])\\s*([\\s\\S]*)$`);
/** "删除节点3", "取消节点3". */
const REMOVE = new RegExp(`^(?:删除|删去|取消|去掉)\\s*(?:时间)?(?:节点\\s*(${EDIT_NUM})|第\\s*(${EDIT_NUM})\\s*个?\\s*(?:时间)?节点)\\s*[。.]?$`);
/** "新增节点：11月底前完成验收", "增加一个节点：…". */
const ADD = /^(?:新增|增加|添加|补充)(?:一个|1个)?(?:时间)?节点\s*[:：]?\s*([\s\S]+)$/;

/**
 * The 时间节点 as changes to single milestones, when every piece of it is one ("节点2改为…；
 * 删除节点3"), or a "节点N：…" list said to leave the rest unchanged. Null when it is a list.
 */
function milestoneEdits(text: string, restUnchanged: boolean): MilestoneEdit[] | null {
  const pieces = text.split(/[\n；;]+/).map((p) => p.trim()).filter(Boolean);
  const edits: MilestoneEdit[] = [];
  let verbs = 0;
  for (const piece of pieces) {
    const folded = foldWidth(piece);
    const removed = REMOVE.exec(folded);
    if (removed) {
      edits.push({ position: toNumber(removed[1] ?? removed[2]!)!, remove: true });
      verbs++;
      continue;
    }
    const added = ADD.exec(folded);
    if (added) {
      edits.push({ position: null, text: piece.slice(folded.length - added[1]!.length).trim() });
      verbs++;
      continue;
    }
    const m = EDIT.exec(folded);
    if (!m) return null;
    const position = toNumber(m[1] ?? m[2]!);
    if (position === null) return null;
    const verb = m[3]!;
    const value = piece.slice(folded.length - m[4]!.length).trim().replace(/[。.]$/, "");
    if (/^(?:删除|取消)$/.test(verb)) edits.push({ position, remove: true });
    else if (value) edits.push({ position, text: value });
    else return null;
    if (!/^[:：]$/.test(verb)) verbs++;
  }
  // "节点1：…\n节点2：…" alone is how some units number their full list.
  return edits.length && (verbs > 0 || restUnchanged) ? edits : null;
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
  const ignored: string[] = [];
  const restUnchanged = new RegExp(REST_UNCHANGED.source).test(foldWidth(head.rest));
  const lines = head.rest.replace(REST_UNCHANGED, "").replace(LABEL_INSIDE, "$1\n").split("\n");
  // Drop the signature from the end, blank lines between included.
  while (lines.length) {
    const last = foldWidth(lines[lines.length - 1]!).trim();
    if (last === "" || SIGNATURE_DATE.test(last) || SIGNATURE_UNIT.test(last)) lines.pop();
    else break;
  }
  for (const line of lines) {
    const folded = foldWidth(line);
    if (NOT_PLAN_LINE.test(folded)) {
      ignored.push(line.trim());
      current = null;
      continue;
    }
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
  const milestones = joined("milestones", "\n");
  const leader = joined("leader", "；");
  return {
    no: head.no,
    // "责任领导改为王某某", "责任领导由张某某调整为王某某": the new leader.
    leader: leader ? leader.replace(CHANGED_TO, "").trim() || leader : null,
    measures: joined("measures", "\n"),
    milestones,
    unlabeled: unlabeled.length ? unlabeled.join("\n") : null,
    milestoneEdits: milestones ? milestoneEdits(milestones, restUnchanged) : null,
    restUnchanged,
    wholeReplace: head.revision === "整体替换" || head.revision === "全部替换",
    ignored,
  };
}
