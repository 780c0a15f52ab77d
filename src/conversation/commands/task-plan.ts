// 方案 N: the lead unit's 落实方案 for a task — 责任领导, 主要措施, 时间节点 — sent in one
// message; sent again, it changes what it names and keeps the rest ("方案 15 责任领导改为王某某",
// "时间节点：节点2改为10月底前…"; see merge-plan.ts), the old plan kept in the audit trail. Only a
// member of the task's lead unit sets it: the plan is the lead unit's commitment, so a
// cooperating unit, a county or the bureau is told who leads and nothing is stored. A plan
// without any 时间节点 is incomplete (the milestones are what the bureau supervises): nothing
// is stored and the reply shows the format. "方案 N" alone shows the plan, or how to send one.
import { messageActor } from "../../audit/record-audit";
import { mergePlan, type Changed, type Merged } from "../../task-plans/merge-plan";
import { parsePlanMessage, type PlanMessage } from "../../task-plans/parse-plan-message";
import { truncate } from "../../reporting/short-title";
import { saveTaskPlan } from "../../task-plans/save-task-plan";
import { splitMilestones } from "../../task-plans/split-milestones";
import { command } from "../command";
import { foldWidth } from "../prepare-text";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { planEchoLines } from "../task-plan-lines";
import { reply, say, unitNames, type Turn } from "../turn";
import { shortTime } from "./task-detail";

/** Milestones "方案 N" lists: a few more than the echo, as it has no notes to make room for. */
const SHOW_MILESTONES = 12;

/**
 * A part of a plan sent without its head ("时间节点：6月底前…" after "方案 15\n责任领导：…" in the
 * message before): not understood alone. duban does not hold the first part for minutes to
 * join it with the next (a report sent in between would be joined instead, and the parts of two
 * tasks could cross); it says to send the plan, or just the part that changes, in one message
 * that opens with "方案 N" — which is what the partial update below then makes enough.
 */
const PART_ONLY = /^\s*(?:[【\[]\s*)?(时间节点|节点安排|时间安排|进度安排|责任领导|分管领导)\s*[】\]]?\s*[:：]/;

type Args = PlanMessage | { partOnly: string };

export const taskPlan = command({
  name: "taskplan",
  access: "member",
  /** A part without its head only gets the form: nothing to write. */
  writes: (args: Args) => !("partOnly" in args),
  parse: (_text, original): Args | null => {
    const msg = parsePlanMessage(original);
    if (msg) return msg;
    const part = PART_ONLY.exec(foldWidth(original));
    return part ? { partOnly: part[1]! } : null;
  },
  async run(turn, args: Args) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    if ("partOnly" in args) return reply(say(turn, "taskplan.part_without_head", { label: args.partOnly, no: (await ledTaskNo(turn)) ?? say(turn, "taskplan.no_placeholder") }));
    const msg = args;
    const no = msg.no;
    const task = await turn.tx.task.findUnique({
      where: { planId_no: { planId: plan.id, no } },
      include: { assignments: { include: { unit: { select: { id: true, name: true } } }, orderBy: { position: "asc" } } },
    });
    if (!task) return reply(say(turn, "task.not_found", { no, planYear: plan.year, total: plan.taskCount }));
    const leads = task.assignments.filter((a) => a.role === "lead").map((a) => a.unit);
    const lead = unitNames(leads);
    const labelled = msg.leader || msg.measures || msg.milestones;
    if (!labelled && !msg.unlabeled) return show(turn, task.id, no, lead, task.assignments.map((a) => a.unitId));

    const mine = turn.actingUnits.find((u) => leads.some((l) => l.id === u.id));
    if (!leads.length) return reply(say(turn, "taskplan.no_lead", { no }));
    if (!mine) return reply(say(turn, turn.isSupervisor ? "taskplan.not_lead_supervisor" : "taskplan.not_lead", { no, lead }));
    // A task led by several units (109–115: every department) has one plan: the unit that sent
    // it owns it, and another lead unit's 方案 must not silently overwrite it.
    const existing = await turn.tx.taskPlan.findUnique({ where: { taskId: task.id }, include: { unit: { select: { name: true } }, milestones: { orderBy: { position: "asc" } } } });
    if (existing && existing.unitId !== mine.id) return reply(say(turn, "taskplan.owned_by_other", { no, unit: existing.unit.name }));
    const pasted = await reportLineInside(turn);
    if (pasted) return reply(say(turn, "taskplan.report_inside", { no, line: pasted }));
    if (!existing && msg.milestoneEdits) return reply(say(turn, "taskplan.edit_without_plan", { no }));
    if (!existing && !(msg.milestones && splitMilestones(msg.milestones, plan.year).length)) return reply(say(turn, labelled ? "taskplan.need_milestones" : "taskplan.need_labels", { no }));

    const merged = mergePlan(existing, msg, plan.year);
    if (!merged.ok) return reply(problemText(turn, no, merged));
    if (!merged.milestones.length) return reply(say(turn, "taskplan.need_milestones", { no }));
    const saved = await saveTaskPlan(turn.tx, {
      task: { id: task.id, no },
      unit: mine,
      leader: merged.leader,
      measures: merged.measures,
      text: turn.original,
      milestones: merged.milestones,
      actor: messageActor(turn.message),
      now: turn.now,
    });
    const t = turn.templates.t;
    const stored = await turn.tx.milestone.findMany({ where: { taskId: task.id }, orderBy: { position: "asc" } });
    // A message that names only some parts changed those: say which, and that the rest stayed.
    const partial = existing && (msg.milestoneEdits || !msg.leader || !msg.measures || !msg.milestones);
    const head = partial
      ? say(turn, "taskplan.updated", { no, unit: mine.name, what: changedText(turn, merged.changed) })
      : say(turn, "taskplan.saved", { no, unit: mine.name }) + (saved.replacedAt ? say(turn, "taskplan.replaced_note", { time: shortTime(t, saved.replacedAt) }) : "");
    const lines = [head];
    lines.push(...planEchoLines(t, merged, stored, plan.year));
    if (saved.keptDone.length) lines.push(say(turn, "taskplan.kept_done", { positions: saved.keptDone.join("、") }));
    if (msg.ignored.length) lines.push(say(turn, "taskplan.ignored_lines", { lines: msg.ignored.map((l) => `「${truncate(l, 30)}」`).join("") }));
    const undated = merged.milestones.filter((m) => !m.dueDate).length;
    if (undated) lines.push(say(turn, "taskplan.undated_note", { count: undated, no }));
    lines.push(say(turn, "taskplan.resend_hint", { no }));
    return reply(lines.join("\n"));
  },
});

/** "责任领导、节点2、删除节点3": what a partial update changed. */
function changedText(turn: Turn, changed: Changed[]): string {
  return changed.map((c) => (typeof c === "string" ? say(turn, `taskplan.changed_${c}`) : say(turn, `taskplan.changed_${c.kind}`, { position: c.position }))).join("、");
}

function problemText(turn: Turn, no: number, p: Exclude<Merged, { ok: true }>): string {
  if (p.problem === "no_such_milestone") return say(turn, "taskplan.edit_no_such", { no, position: p.position, count: p.count });
  if (p.problem === "which_milestones") return say(turn, "taskplan.which_milestones", { no });
  return say(turn, "taskplan.drops_done", { no, positions: p.positions.join("、") });
}

/** A task the sender's unit leads, for the example in a reply. */
async function ledTaskNo(turn: Turn): Promise<number | null> {
  const a = await turn.tx.assignment.findFirst({
    where: { role: "lead", unitId: { in: turn.actingUnits.map((u) => u.id) }, task: { planId: turn.plan!.id } },
    select: { task: { select: { no: true } } },
    orderBy: { task: { no: "asc" } },
  });
  return a?.task.no ?? null;
}

/** "13：…" at a line's start, not a time ("12:00"): the way a report line opens. */
const REPORT_LINE = new RegExp(`^\\s*第?\\s*(${NUMBER_SOURCE})\\s*项?\\s*[:：](?!\\s*\\d{2}(?!\\d))`);

/**
 * A line after the plan's head that opens like a report of a task on the sender's list
 * ("13：本季度举办活动3场"): reports pasted with the plan would become undated milestones and
 * never be stored as reports. Asked back rather than split, as the line may be numbering.
 */
async function reportLineInside(turn: Turn): Promise<string | null> {
  const lines = turn.original.split(/\r?\n/).slice(1);
  const hits = lines.flatMap((line) => {
    const m = REPORT_LINE.exec(foldWidth(line));
    const n = m ? toNumber(m[1]!) : null;
    return n === null ? [] : [{ n, line: line.trim() }];
  });
  if (!hits.length) return null;
  const onList = await turn.tx.assignment.findMany({
    where: { unitId: { in: turn.actingUnits.map((u) => u.id) }, task: { planId: turn.plan!.id, no: { in: hits.map((h) => h.n) } } },
    select: { task: { select: { no: true } } },
  });
  return hits.find((h) => onList.some((a) => a.task.no === h.n))?.line ?? null;
}

/** "方案 12": the plan as stored, for anyone the task is assigned to and for the bureau. */
async function show(turn: Turn, taskId: number, no: number, lead: string, assignedUnitIds: number[]) {
  const assigned = turn.actingUnits.filter((u) => assignedUnitIds.includes(u.id));
  if (!assigned.length && !turn.isSupervisor) return reply(say(turn, "taskplan.not_assigned", { no, unit: unitNames(turn.actingUnits) }));
  const stored = await turn.tx.taskPlan.findUnique({ where: { taskId }, include: { unit: true, milestones: { orderBy: { position: "asc" } } } });
  if (!stored) return reply(say(turn, "taskplan.how", { no, lead: lead || "—" }));
  const t = turn.templates.t;
  const lines = [say(turn, "taskplan.current", { no, unit: stored.unit.name, time: shortTime(t, stored.createdAt), user: stored.userName ? `，${stored.userName}` : "" })];
  lines.push(...planEchoLines(t, stored, stored.milestones, turn.plan!.year, SHOW_MILESTONES));
  return reply(lines.join("\n"));
}
