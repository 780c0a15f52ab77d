// A 方案 message against the plan already stored: what the message names changes, the rest is
// kept (issue 18 item 13). Pure: the caller saves the result or asks back.
//
// - 责任领导 / 主要措施 not in the message are kept, not wiped ("方案 15 责任领导改为王某某").
// - 时间节点 as changes ("节点2改为10月底前…", "删除节点3", "新增节点：…") change those milestones
//   only; a date alone ("节点2延期至10月底") moves the date and keeps the words.
// - 时间节点 as a list replaces the list, as before — unless it says "其余不变" (which milestones
//   does it replace?) or it would drop a milestone already done: then nothing is stored and
//   the caller asks, unless the head says 整体替换.
import { foldWidth } from "../conversation/prepare-text";
import type { PlanMessage } from "./parse-plan-message";
import { resolveDueDate } from "./resolve-due-date";
import { splitMilestones, type ParsedMilestone } from "./split-milestones";

export interface StoredPlan {
  leader: string | null;
  measures: string | null;
  milestones: { position: number; text: string; dueDate: string | null; dueText: string | null; doneAt: Date | null }[];
}

export type Merged =
  | { ok: true; leader: string | null; measures: string | null; milestones: ParsedMilestone[]; changed: Changed[] }
  | { ok: false; problem: "no_such_milestone"; position: number; count: number }
  | { ok: false; problem: "which_milestones" }
  | { ok: false; problem: "drops_done"; positions: number[] };

/** What the message changed, for the reply: "leader", "measures", "milestones" (the list), or one 节点. */
export type Changed = "leader" | "measures" | "milestones" | { position: number; kind: "changed" | "removed" | "added" };

const sameWords = (s: string) => foldWidth(s).replace(/[\s\p{P}]/gu, "");
/** What may be left of a value once its date is taken out, if it is only a date ("10月底前"). */
const DATE_ONLY = /^[\s,，。.、:：]*(?:之前|以前|前|以内|内|完成)?[\s,，。.、:：]*$/;

export function mergePlan(stored: StoredPlan | null, msg: PlanMessage, planYear: number): Merged {
  const changed: Changed[] = [];
  if (msg.leader) changed.push("leader");
  if (msg.measures) changed.push("measures");
  let milestones: ParsedMilestone[];
  if (msg.milestoneEdits && stored) {
    const edited = applyEdits(stored, msg.milestoneEdits, planYear, changed);
    if (!Array.isArray(edited)) return edited;
    milestones = edited;
  } else if (msg.milestones && !msg.milestoneEdits) {
    // A list said to leave "the rest" unchanged, against a plan with more milestones: which?
    milestones = splitMilestones(msg.milestones, planYear);
    if (stored && msg.restUnchanged && milestones.length < stored.milestones.length) return { ok: false, problem: "which_milestones" };
    changed.push("milestones");
  } else if (stored && !msg.milestones) {
    milestones = stored.milestones.map((m) => ({ position: m.position, text: m.text, dueDate: m.dueDate, dueText: m.dueText }));
  } else {
    // Changes to milestones of a plan that does not exist: nothing to change.
    milestones = [];
  }
  if (stored && !msg.wholeReplace) {
    const kept = new Set(milestones.map((m) => sameWords(m.text)));
    const dropped = stored.milestones.filter((m) => m.doneAt && !kept.has(sameWords(m.text))).map((m) => m.position);
    if (dropped.length) return { ok: false, problem: "drops_done", positions: dropped };
  }
  return { ok: true, leader: msg.leader ?? stored?.leader ?? null, measures: msg.measures ?? stored?.measures ?? null, milestones, changed };
}

function applyEdits(stored: StoredPlan, edits: NonNullable<PlanMessage["milestoneEdits"]>, planYear: number, changed: Changed[]): ParsedMilestone[] | Merged {
  type Item = { text: string; dueDate: string | null; dueText: string | null };
  const list: (Item | null)[] = stored.milestones.map((m) => ({ text: m.text, dueDate: m.dueDate, dueText: m.dueText }));
  const added: Item[] = [];
  for (const e of edits) {
    if (e.position !== null && (e.position < 1 || e.position > list.length)) return { ok: false, problem: "no_such_milestone", position: e.position, count: list.length };
    if ("remove" in e) {
      list[e.position - 1] = null;
      changed.push({ position: e.position, kind: "removed" });
      continue;
    }
    const due = resolveDueDate(e.text, planYear);
    if (e.position === null) {
      const item = { text: e.text, dueDate: due?.date ?? null, dueText: due?.text ?? null };
      list.push(item);
      added.push(item);
      continue;
    }
    const old = list[e.position - 1]!;
    // "节点2延期至10月底", "节点2改为10月底前": the date moves, the milestone's words stay.
    if (due && DATE_ONLY.test(e.text.slice(0, due.start) + e.text.slice(due.end))) {
      const oldDue = resolveDueDate(old.text, planYear);
      // "9月底前" → "10月底": the milestone still reads "…前".
      const when = /前$/.test(oldDue?.text ?? "") && !/前$/.test(due.text) ? `${due.text}前` : due.text;
      const text = oldDue ? old.text.slice(0, oldDue.start) + when + old.text.slice(oldDue.end) : `${when}${old.text}`;
      list[e.position - 1] = { text, dueDate: due.date, dueText: due.text };
    } else {
      list[e.position - 1] = { text: e.text, dueDate: due?.date ?? null, dueText: due?.text ?? null };
    }
    changed.push({ position: e.position, kind: "changed" });
  }
  const kept = list.flatMap((m) => (m ? [m] : []));
  // A new milestone is numbered where it ends up, after any removed before it.
  for (const item of added) changed.push({ position: kept.indexOf(item) + 1, kind: "added" });
  return kept.map((m, i) => ({ position: i + 1, ...m }));
}
