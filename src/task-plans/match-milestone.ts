// Which milestone a progress report closes. Two ways, both only when the report claims
// completion ("已完成", "已于6月20日印发", "顺利建成"), never on "正在起草", "计划6月底前出台",
// "已完成80%":
// - by number: "节点2 已完成", "节点二", "第2个节点", "时间节点2";
// - by its words: the report says, in a clause that claims completion, the milestone's key
//   phrase — its text without the date and the leading verb ("6月30日前出台实施意见" →
//   "实施意见"). One such milestone is a match; two, or a clause that shares only some
//   words with one, is not: the caller asks which 节点 instead of guessing.
import { foldWidth } from "../conversation/prepare-text";
import { toNumber } from "../conversation/task-number";
import { resolveDueDate } from "./resolve-due-date";

const NUM = "[\\d一二三四五六七八九十]{1,3}";
/** "节点1、2", "第1、2个节点": a list names each; "节点1，2个项目" does not name 节点2. */
const REF = new RegExp(
  `(?:第\\s*(${NUM}(?:\\s*[、和及与]\\s*${NUM})*)\\s*个?\\s*(?:时间)?节点|(?:时间)?节点\\s*(${NUM}(?![\\d])(?:\\s*[、和及与]\\s*${NUM}(?![\\d个项家场次件]))*))`,
  "g",
);

/** "节点2", "节点二", "第2个节点": the positions a report names. */
export function milestoneRefs(text: string): number[] {
  return milestoneRefParts(text).map((r) => r.position);
}

/**
 * Each 节点 a report names with the part of the text about it: from its reference to the
 * next one ("节点2已完成，节点3正在推进"); a single reference is about the whole text.
 */
export function milestoneRefParts(text: string): { position: number; part: string }[] {
  const hits = [...foldWidth(text).matchAll(REF)].flatMap((m) => (m[1] ?? m[2]!).split(/\s*[、和及与]\s*/).map((n) => ({ n: toNumber(n), at: m.index! })));
  const out: { position: number; part: string }[] = [];
  hits.forEach((h, i) => {
    if (h.n === null || out.some((o) => o.position === h.n)) return;
    // Numbers listed together ("节点1、2已完成") share their part: up to the next other reference.
    const next = hits.slice(i + 1).find((o) => o.at !== h.at)?.at;
    out.push({ position: h.n, part: hits.every((o) => o.at === h.at) ? text : text.slice(h.at, next ?? text.length) });
  });
  return out;
}

/** Verbs that say a thing is finished ("已出台", "已建成", "已召开"). */
const FINISH = "完成|出台|印发|制定|制订|建立|建成|召开|举办|实现|编制|形成|上报|报送|竣工|投用|投运|投产|验收|签订|签约|发布|成立|组建|修订|通过|办结|上线|挂牌|开通";
/**
 * Verbs that say a thing has begun ("已开展摸底调查" is under way, not done). They claim
 * completion only of a milestone that is itself about beginning ("3月底前启动试点").
 */
const BEGIN = "开展|启动|部署|落实|开工|运行|推进|组织";
const VERBS = `${FINISH}|${BEGIN}`;
const claimOf = (verbs: string) =>
  new RegExp(`已经?[^，,。；;！!]{0,14}?(?:${verbs})|(?:${verbs})(?:了|完毕)|(?:全面|全部|顺利|如期|按期|按时|圆满|提前)(?:完成|建成|实现|出台|印发)`);
const CLAIM = claimOf(FINISH);
/**
 * Words that make a clause a plan, a partial result or a negation, not a completion. A
 * negation often sits before 按期/如期/按时 ("未按期出台", "无法如期印发", "没能按期完成"),
 * which alone would read as a claim; a delay ("推迟", "延期") or a wait ("待印发", "尚在审核")
 * is not done either. 未 alone, but not 未来 ("已出台未来三年规划").
 */
const NOT_DONE = /未(?!来)|没|无法|不能|不会|不了|不可能|难以|正在|仍在|尚在|尚需|(?<![接招优善虐期])待|暂缓|暂停|搁置|推迟|延期|延迟|滞后|拟|计划|准备|力争|争取|预计|即将|部分|基本|初步|过半|一半|%|％|确保|将于|下一步|下步/;
/** Words that make a finished thing a step on the way: a draft, a plan for it, its preparation. */
const STEP = /起草|初稿|草案|征求意见|送审|报批|筹备|准备|方案|计划|前期|框架/;
const CLAUSE = /[，,。；;！!？?\n]/;
const LEADING = new RegExp(`^(?:之前|以前|前|以内|内|底|末)?(?:全面|全部|基本|顺利|如期|按期|按时|正式|圆满|初步)?(?:${VERBS})*`);
const GENERIC = new Set(["工作", "任务", "完成", "全面", "推进", "开展", "相关", "有关", "各项", "进一步"]);

function squash(s: string): string {
  return foldWidth(s).replace(/[\s《》“”"'‘’「」【】()（）,，。、；;:：.]/g, "");
}

/** The words that say what the milestone is about: its text without the date and the verb. */
export function keyPhrase(text: string, planYear: number): string {
  const due = resolveDueDate(text, planYear);
  const action = due ? text.slice(0, due.start) + text.slice(due.end) : text;
  return squash(action).replace(LEADING, "").replace(/(?:工作|任务)$/, "");
}

/** The verb a milestone's action starts with, when it is one that says a thing has begun. */
export function beginVerb(text: string, planYear: number): string | null {
  const due = resolveDueDate(text, planYear);
  const action = squash(due ? text.slice(0, due.start) + text.slice(due.end) : text).replace(/^(?:之前|以前|前|以内|内|底|末)?(?:全面|正式)?/, "");
  return new RegExp(`^(?:${BEGIN})`).exec(action)?.[0] ?? null;
}

/**
 * True when the text (or one of its clauses) claims something was done. `begun`: the
 * milestone's own verb when it is about beginning, which then counts as done too.
 */
export function claimsCompletion(text: string, begun: string | null = null): boolean {
  return foldWidth(text).split(CLAUSE).some((c) => isClaim(c, begun));
}

function isClaim(clause: string, begun: string | null): boolean {
  return (begun ? claimOf(`${FINISH}|${begun}`) : CLAIM).test(clause) && !NOT_DONE.test(clause);
}

/** Measure words a milestone counts its target in ("建成村级站点100个", "改造提升2条街区"). */
const MEASURE = "个|座|家|所|条|处|户|人|名|场|次|批|项|套|台|辆|公里|千米|米|亩|万元|亿元|元|件|栋|间|张|份|期|村|镇|街|站|吨|千瓦|兆瓦";
const QUANTITY = new RegExp(`(\\d+(?:\\.\\d+)?|[一二三四五六七八九十百]+)\\s*(${MEASURE})`, "g");
/** What is still left: "剩余40个", "尚有3家未建成", "还差20个". */
const LEFT = new RegExp(`(?:剩余|剩下|尚有|尚余|尚差|还有|还差|仍有|余下|其余)[^，,。；;！!\\d一二三四五六七八九十两几]{0,4}(?:\\d+|[一二三四五六七八九十两几百]+)(?:${MEASURE})?`);
/** The milestone quoted in the report ("节点2（建成村级站点100个）"): its target, not a result. */
const QUOTED = /[(（][^)）]*[)）]|「[^」]*」|“[^”]*”|"[^"]*"|【[^】]*】/g;

function quantities(text: string): { n: number; measure: string }[] {
  return [...foldWidth(text).matchAll(QUANTITY)].flatMap((m) => {
    const n = /^\d/.test(m[1]!) ? Number(m[1]) : toNumber(m[1]!);
    return n === null ? [] : [{ n, measure: m[2]! }];
  });
}

/**
 * A report of progress towards a milestone, not its completion: it counts fewer of the
 * milestone's own measure than the milestone's target ("建成村级站点100个" ← "已完成60个"), or
 * says what is still left ("剩余40个"). Returns what it says ("60个/100个", "剩余40个"), or null.
 */
export function partialProgress(report: string, milestone: string): string | null {
  const said = foldWidth(report).replace(QUOTED, " ").replace(squashSafe(milestone), " ");
  const left = LEFT.exec(said);
  if (left) return left[0];
  const targets = quantities(milestone);
  for (const q of quantities(said)) {
    const target = targets.find((t) => t.measure === q.measure && q.n < t.n);
    if (target) return `${q.n}${q.measure}/${target.n}${target.measure}`;
  }
  return null;
}

/** The milestone's text as a literal to cut from a report that repeats it. */
function squashSafe(text: string): RegExp {
  return new RegExp(foldWidth(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
}

export interface OpenMilestone {
  position: number;
  text: string;
}

export interface MilestoneMatch {
  /** Milestones whose key phrase a completion clause says in full. */
  strong: number[];
  /** Milestones a completion clause shares some words with. */
  weak: number[];
}

export function matchMilestones(report: string, open: OpenMilestone[], planYear: number): MilestoneMatch {
  const clauses = foldWidth(report).split(CLAUSE);
  const strong: number[] = [];
  const weak: number[] = [];
  for (const m of open) {
    // "已建成60个，剩余40个": progress towards it, whatever the words share.
    if (partialProgress(report, m.text)) continue;
    const begun = beginVerb(m.text, planYear);
    const claims = clauses.filter((c) => isClaim(c, begun)).map(squash);
    if (!claims.length) continue;
    const key = keyPhrase(m.text, planYear);
    if ([...key].length < 2) continue; // "12月底前全面完成": nothing to recognise it by
    const saying = claims.filter((c) => c.includes(key));
    // "已完成实施意见起草", "摸底调查方案已印发": a step towards the milestone, not the milestone.
    if (saying.some((c) => !STEP.test(c.replace(key, "")))) strong.push(m.position);
    else if (saying.length) weak.push(m.position);
    else if (bigrams(key).some((b) => claims.some((c) => c.includes(b)))) weak.push(m.position);
  }
  return { strong, weak };
}

function bigrams(s: string): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    if (/^[\u4e00-\u9fff]{2}$/.test(b) && !GENERIC.has(b)) out.push(b);
  }
  return out;
}
