// 延期 (issue 22): a liaison of the task's lead unit asks, before the date concerned, to move
// the task's 完成时限 or one milestone's date ("申请延期 12 至6月30日 原因…", "申请延期 12
// 节点2 至…"); the supervision group is told; a supervisor answers "同意延期 12 [至7月15日]"
// or "不同意延期 12 原因". An approval moves Task.deadline or Milestone.dueDate in the same
// transaction, so lights, notices, 对表 and the 通报 read the new date; the Extension row keeps
// the date it replaced, and every step is in the audit trail. Nothing is stored when the date
// or the reason is missing, the date is not later than the one in force or beyond the plan's
// year, or the date concerned has passed (then the bureau decides, not a chat message).
import { dayLabel } from "../../reporting/period-label";
import { messageActor, recordAudit } from "../../audit/record-audit";
import { enqueue } from "../../delivery/outbox";
import type { Extension } from "../../generated/sqlite/client";
import { shanghaiDate } from "../../reporting/periods";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { readExtensionApproval, readExtensionRefusal, readExtensionRequest, type ExtensionDecisionWords, type ExtensionRequestWords } from "../reader/extension-words";
import { extensionNotice } from "../reader/quoted-reply";
import { reply, say, type Turn } from "../turn";
import { shortTime } from "./task-detail";

const planYearOf = (ctx: { now: Date; planYear?: number } | undefined) => ctx?.planYear ?? Number(shanghaiDate(ctx?.now ?? new Date()).slice(0, 4));

/** "6月30日", or "2021年3月31日" outside the plan's year. */
export function extensionDate(turn: Turn, date: string): string {
  return dayLabel(turn.templates.t, date, turn.plan?.year);
}

/** "完成时限" or "节点2". */
export function extensionWhat(turn: Turn, position: number | null | undefined): string {
  return position ? say(turn, "extension.what_milestone", { position }) : say(turn, "extension.what_deadline");
}

async function loadTask(turn: Turn, no: number) {
  return turn.tx.task.findUnique({
    where: { planId_no: { planId: turn.plan!.id, no } },
    include: { assignments: { where: { role: "lead" }, include: { unit: true }, orderBy: { position: "asc" } } },
  });
}
type LoadedTask = NonNullable<Awaited<ReturnType<typeof loadTask>>>;

/** The task, or the reply saying there is none. */
async function findTask(turn: Turn, no: number): Promise<LoadedTask | string> {
  const plan = turn.plan;
  if (!plan) return say(turn, "no_plan");
  return (await loadTask(turn, no)) ?? say(turn, "task.not_found", { no, planYear: plan.year, total: plan.taskCount });
}

/** The date in force for a request: the milestone's or the 完成时限, or the reply why there is none. */
async function dateInForce(turn: Turn, task: LoadedTask, position: number | undefined): Promise<{ current: string; milestoneId: number | null } | string> {
  const no = task.no;
  if (!position) return task.deadline ? { current: task.deadline, milestoneId: null } : say(turn, "extension.no_deadline", { no });
  const m = await turn.tx.milestone.findFirst({ where: { taskId: task.id, position } });
  if (!m) return say(turn, "extension.no_milestone", { no, position });
  if (m.doneAt) return say(turn, "extension.milestone_done", { no, position });
  if (!m.dueDate) return say(turn, "extension.milestone_undated", { no, position });
  return { current: m.dueDate, milestoneId: m.id };
}

export const extensionRequest = command({
  name: "extensionRequest",
  access: "member",
  parse: (_text, original, ctx) => readExtensionRequest(original, planYearOf(ctx)),
  async run(turn, args: ExtensionRequestWords) {
    const { no } = args;
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    if (!task.assignments.length) return reply(say(turn, "extension.no_lead", { no }));
    // In a group bound to one unit a person acts for it only (as for 办结 and reports).
    const leads = task.assignments.filter((a) => turn.actingUnits.some((u) => u.id === a.unitId));
    // Two of the sender's units lead it (a 1:1 chat): the request, its notices and its 批复 go to
    // one unit, and which is not guessed.
    if (leads.length > 1) return reply(say(turn, "extension.which_unit", { no, units: leads.map((a) => a.unit.name).join("、") }));
    const lead = leads[0];
    if (!lead) return reply(say(turn, "extension.not_lead", { no, leads: task.assignments.map((a) => a.unit.name).join("、") }));
    if (task.closure === "closed" || lead.closure === "closed") return reply(say(turn, "extension.closed", { no }));
    const target = await dateInForce(turn, task, args.position || undefined);
    if (typeof target === "string") return reply(target);
    const what = extensionWhat(turn, args.position);
    const current = extensionDate(turn, target.current);
    // On the day itself a unit may still ask; after it, the date is missed, and the bureau decides.
    if (shanghaiDate(turn.now) > target.current) return reply(say(turn, "extension.too_late", { no, what, current }));
    const pending = await turn.tx.extension.findFirst({ where: { taskId: task.id, milestoneId: target.milestoneId, state: "pending" } });
    if (pending) return reply(say(turn, "extension.already_pending", { no, what, time: shortTime(turn.templates.t, pending.createdAt), date: extensionDate(turn, pending.requestedDate) }));
    if (!args.date) return reply(say(turn, "extension.need_date", { no }));
    const date = extensionDate(turn, args.date);
    if (!args.reason) return reply(say(turn, "extension.need_reason", { no, date }));
    if (args.date <= target.current) return reply(say(turn, "extension.not_later", { no, what, current, date }));
    const yearEnd = `${turn.plan!.year}-12-31`;
    if (args.date > yearEnd) return reply(say(turn, "extension.beyond_year", { year: turn.plan!.year, date }));

    const m = turn.message;
    const ext = await turn.tx.extension.create({
      data: {
        taskId: task.id,
        milestoneId: target.milestoneId,
        position: args.position || null,
        unitId: lead.unitId,
        platform: m.platform,
        userId: m.senderId,
        userName: m.senderName ?? null,
        fromDate: target.current,
        requestedDate: args.date,
        reason: args.reason,
        createdAt: turn.now,
      },
    });
    await recordAudit(turn.tx, { action: "extension.requested", actor: messageActor(m), at: turn.now, taskId: task.id, taskNo: no, unitId: lead.unitId, unitName: lead.unit.name, detail: { extensionId: ext.id, position: ext.position, from: target.current, to: args.date, reason: args.reason } });
    const title = shortTitle(task.text);
    const which = args.position ? ` ${what}` : "";
    const groups = await turn.tx.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
    const notice = say(turn, "extension.supervision_notice", { no, title, what, unit: lead.unit.name, user: m.senderName ?? m.senderId, current, date, reason: args.reason, which });
    await enqueue(
      turn.tx,
      groups.map((g) => ({
        key: `extension:${ext.id}:requested:group:${g.id}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: say(turn, "reminder.supervision_subject"),
        message: { text: notice, format: "text" as const },
      })),
    );
    const notified = groups.length ? say(turn, "extension.notified_supervision") : "";
    return reply(say(turn, "extension.requested", { no, title, what, current, date, reason: args.reason, notified }));
  },
});

/** The one pending request a decision is about, or the reply saying there is none or asking which. */
async function pendingFor(turn: Turn, task: LoadedTask, args: ExtensionDecisionWords, verb: "approve" | "refuse"): Promise<Extension | string> {
  const where = { taskId: task.id, state: "pending", ...(args.position === undefined ? {} : { position: args.position || null }) };
  const pending = await turn.tx.extension.findMany({ where, orderBy: { id: "asc" } });
  if (!pending.length) return say(turn, "extension.nothing_pending", { no: task.no });
  if (pending.length === 1) return pending[0]!;
  const names = pending.map((e) => extensionWhat(turn, e.position));
  return say(turn, "extension.which_pending", { no: task.no, count: pending.length, list: names.join("、"), verb: say(turn, `extension.verb_${verb}`), example: names[names.length - 1]! });
}

/** Pushes `text` to the groups of the unit that asked; returns its name, or "" when it has none. */
async function notifyUnit(turn: Turn, ext: Extension, what: string, text: string): Promise<string> {
  const unit = await turn.tx.unit.findUnique({ where: { id: ext.unitId } });
  const groups = await turn.tx.chatGroup.findMany({ where: { unitId: ext.unitId }, orderBy: { id: "asc" } });
  await enqueue(
    turn.tx,
    groups.map((g) => ({
      key: `extension:${ext.id}:${what}:group:${g.id}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      ...(unit ? { subject: unit.name } : {}),
      message: { text, format: "text" as const },
    })),
  );
  return groups.length && unit ? unit.name : "";
}

export const extensionApprove = command({
  name: "extensionApprove",
  access: "supervisor",
  actionName: "批复延期",
  parse: (_text, original, ctx) => readExtensionApproval(original, planYearOf(ctx)),
  async run(turn, args: ExtensionDecisionWords) {
    const { no } = args;
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    const ext = await pendingFor(turn, task, args, "approve");
    if (typeof ext === "string") return reply(ext);
    if (args.unclear) return reply(say(turn, "extension.approve_unclear", { no, date: extensionDate(turn, ext.requestedDate), which: ext.position ? ` ${extensionWhat(turn, ext.position)}` : "" }));
    const granted = args.date ?? ext.requestedDate;
    const what = extensionWhat(turn, ext.position);
    const current = extensionDate(turn, ext.fromDate);
    const date = extensionDate(turn, granted);
    if (granted <= ext.fromDate) return reply(say(turn, "extension.not_later", { no, what, current, date }));
    if (granted > `${turn.plan!.year}-12-31`) return reply(say(turn, "extension.beyond_year", { year: turn.plan!.year, date }));

    // The date itself moves: every reader of it (lights, notices, 对表, 通报) follows.
    if (ext.milestoneId !== null) {
      const m = (await turn.tx.milestone.findUnique({ where: { id: ext.milestoneId } })) ?? (await turn.tx.milestone.findFirst({ where: { taskId: task.id, position: ext.position ?? 0 } }));
      if (m) await turn.tx.milestone.update({ where: { id: m.id }, data: { dueDate: granted } });
    } else {
      await turn.tx.task.update({ where: { id: task.id }, data: { deadline: granted } });
    }
    const s = turn.message;
    await turn.tx.extension.update({ where: { id: ext.id }, data: { state: "approved", approvedDate: granted, decidedBy: s.senderId, decidedByName: s.senderName ?? null, decidedAt: turn.now } });
    const unitName = (await turn.tx.unit.findUnique({ where: { id: ext.unitId } }))?.name;
    await recordAudit(turn.tx, { action: "extension.approved", actor: messageActor(s), at: turn.now, taskId: task.id, taskNo: no, unitId: ext.unitId, ...(unitName ? { unitName } : {}), detail: { extensionId: ext.id, position: ext.position, from: ext.fromDate, requested: ext.requestedDate, to: granted } });
    const title = shortTitle(task.text);
    const unit = await notifyUnit(turn, ext, "approved", say(turn, "extension.unit_approved_notice", { no, title, what, date, current }));
    const notified = unit ? say(turn, "extension.notified_unit", { unit }) : "";
    return reply(say(turn, "extension.approved", { no, title, what, date, current, notified }));
  },
});

export const extensionRefuse = command({
  name: "extensionRefuse",
  access: "supervisor",
  actionName: "批复延期",
  parse: (_text, original) => readExtensionRefusal(original),
  async run(turn, args: ExtensionDecisionWords) {
    const { no } = args;
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    const ext = await pendingFor(turn, task, args, "refuse");
    if (typeof ext === "string") return reply(ext);
    // "不同意" under an older 【延期申请】 of the task (decided since, and asked again for another
    // date) is about the request the supervisor read, not the one now pending: refusing that
    // one would record a decision on words nobody read.
    const read = turn.message.quotedText ? extensionNotice(turn.message.quotedText) : null;
    if (read && read.no === no && read.date !== extensionDate(turn, ext.requestedDate)) {
      return reply(say(turn, "extension.stale_notice", { no, read: read.date, what: extensionWhat(turn, ext.position), date: extensionDate(turn, ext.requestedDate), which: ext.position ? ` ${extensionWhat(turn, ext.position)}` : "" }));
    }
    if (!args.reason) return reply(say(turn, "extension.need_refusal_reason", { no }));
    const s = turn.message;
    await turn.tx.extension.update({ where: { id: ext.id }, data: { state: "refused", decisionReason: args.reason, decidedBy: s.senderId, decidedByName: s.senderName ?? null, decidedAt: turn.now } });
    const unitName = (await turn.tx.unit.findUnique({ where: { id: ext.unitId } }))?.name;
    await recordAudit(turn.tx, { action: "extension.refused", actor: messageActor(s), at: turn.now, taskId: task.id, taskNo: no, unitId: ext.unitId, ...(unitName ? { unitName } : {}), detail: { extensionId: ext.id, position: ext.position, from: ext.fromDate, requested: ext.requestedDate, reason: args.reason } });
    const what = extensionWhat(turn, ext.position);
    const current = extensionDate(turn, ext.fromDate);
    const title = shortTitle(task.text);
    const unit = await notifyUnit(turn, ext, "refused", say(turn, "extension.unit_refused_notice", { no, title, what, current, reason: args.reason }));
    const notified = unit ? say(turn, "extension.notified_unit", { unit }) : "";
    return reply(say(turn, "extension.refused", { no, title, what, current, reason: args.reason, notified }));
  },
});

/** The 延期 lines of 任务 N: each request, and its 批复 when there is one. */
export async function extensionHistoryLines(turn: Turn, taskId: number): Promise<string[]> {
  const rows = await turn.tx.extension.findMany({ where: { taskId }, orderBy: { id: "asc" } });
  if (!rows.length) return [];
  const units = turn.model.directory.units;
  const t = turn.templates.t;
  const lines = [say(turn, "extension.history_header")];
  for (const e of rows) {
    lines.push(
      say(turn, "extension.history_requested", {
        what: extensionWhat(turn, e.position),
        from: extensionDate(turn, e.fromDate),
        date: extensionDate(turn, e.requestedDate),
        unit: units.get(e.unitId)?.name ?? "",
        user: e.userName ?? e.userId,
        time: shortTime(t, e.createdAt),
        reason: e.reason,
      }),
    );
    const who = e.decidedByName ?? e.decidedBy ?? "";
    if (e.state === "pending") lines.push(say(turn, "extension.history_pending"));
    else if (e.state === "approved") lines.push(say(turn, "extension.history_approved", { user: who, time: shortTime(t, e.decidedAt!), date: extensionDate(turn, e.approvedDate!) }));
    else lines.push(say(turn, "extension.history_refused", { user: who, time: shortTime(t, e.decidedAt!), reason: e.decisionReason ?? "" }));
  }
  return lines;
}
