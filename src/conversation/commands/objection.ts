// 异议 (issue 22): a unit contests a 退回 of one of its tasks ("异议 12 …") or its line in the
// latest 通报 ("异议 …"); the supervision group gets it with the number to answer by, and a
// supervisor's "答复异议 N …" is recorded with it and sent to the unit's group. Each step is
// in the audit trail. Without a text, or with nothing to contest, nothing is stored.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { enqueue } from "../../delivery/outbox";
import type { Objection } from "../../generated/sqlite/client";
import { periodLabel } from "../../reporting/period-label";
import { parsePeriodKey } from "../../reporting/periods";
import { command } from "../command";
import { readObjection, readObjectionAnswer, type ObjectionWords } from "../reader/extension-words";
import { reply, say, unitNames, type Turn } from "../turn";
import { shortTime } from "./task-detail";

function subjectOf(turn: Turn, o: Pick<Objection, "subject" | "taskNo" | "period">): string {
  if (o.subject === "return") return say(turn, "objection.subject_return", { no: o.taskNo ?? "" });
  const period = o.period ? parsePeriodKey(o.period) : null;
  return say(turn, "objection.subject_tongbao", { period: period ? periodLabel(turn.templates.t, period) : "" });
}

export const objectionRaise = command({
  name: "objection",
  access: "member",
  parse: (_text, original) => readObjection(original),
  async run(turn, args: ObjectionWords) {
    // One unit speaks: a liaison of several says it in that unit's group.
    if (turn.actingUnits.length !== 1) return reply(say(turn, "objection.which_unit", { units: unitNames(turn.actingUnits) }));
    const unit = turn.actingUnits[0]!;
    let about: { subject: string; taskId: number | null; taskNo: number | null; period: string | null };
    if (args.no !== undefined) {
      if (!turn.plan) return reply(say(turn, "no_plan"));
      const task = await turn.tx.task.findUnique({ where: { planId_no: { planId: turn.plan.id, no: args.no } } });
      if (!task) return reply(say(turn, "task.not_found", { no: args.no, planYear: turn.plan.year, total: turn.plan.taskCount }));
      const assignment = await turn.tx.assignment.findUnique({ where: { taskId_unitId: { taskId: task.id, unitId: unit.id } } });
      if (!assignment?.returnedAt) return reply(say(turn, "objection.not_returned", { no: args.no, unit: unit.name }));
      if (!args.text) return reply(say(turn, "objection.need_text", { no: args.no }));
      about = { subject: "return", taskId: task.id, taskNo: task.no, period: null };
    } else {
      const published = await turn.tx.auditEvent.findFirst({ where: { action: "tongbao.published" }, orderBy: [{ at: "desc" }, { id: "desc" }] });
      if (!published) return reply(say(turn, "objection.no_tongbao"));
      if (!args.text) return reply(say(turn, "objection.need_text_tongbao"));
      about = { subject: "tongbao", taskId: null, taskNo: null, period: published.period };
    }
    const m = turn.message;
    // Sent again (no reply seen yet, a resend): one 异议, not a second one in the supervision group.
    const same = await turn.tx.objection.findFirst({ where: { ...about, unitId: unit.id, text: args.text, answer: null }, orderBy: { id: "asc" } });
    if (same) return reply(say(turn, "objection.already_raised", { id: same.id, time: shortTime(turn.templates.t, same.createdAt) }));
    const o = await turn.tx.objection.create({ data: { ...about, unitId: unit.id, platform: m.platform, userId: m.senderId, userName: m.senderName ?? null, text: args.text, createdAt: turn.now } });
    const subject = subjectOf(turn, o);
    await recordAudit(turn.tx, { action: "objection.raised", actor: messageActor(m), at: turn.now, ...(o.taskId !== null ? { taskId: o.taskId, taskNo: o.taskNo! } : {}), unitId: unit.id, unitName: unit.name, ...(o.period ? { period: o.period } : {}), detail: { objectionId: o.id, subject: o.subject, text: o.text } });
    const groups = await turn.tx.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
    const notice = say(turn, "objection.supervision_notice", { id: o.id, unit: unit.name, user: m.senderName ?? m.senderId, subject, text: o.text });
    await enqueue(
      turn.tx,
      groups.map((g) => ({
        key: `objection:${o.id}:raised:group:${g.id}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: say(turn, "reminder.supervision_subject"),
        message: { text: notice, format: "text" as const },
      })),
    );
    const notified = groups.length ? say(turn, "objection.notified_supervision") : "";
    return reply(say(turn, "objection.raised", { id: o.id, subject, text: o.text, notified }));
  },
});

export const objectionAnswer = command({
  name: "objectionAnswer",
  access: "supervisor",
  actionName: "答复异议",
  parse: (_text, original) => readObjectionAnswer(original),
  async run(turn, args: { id: number; text: string }) {
    const o = await turn.tx.objection.findUnique({ where: { id: args.id } });
    if (!o) return reply(say(turn, "objection.not_found", { id: args.id }));
    if (o.answer !== null) return reply(say(turn, "objection.already_answered", { id: o.id, time: shortTime(turn.templates.t, o.answeredAt!), user: o.answeredByName ?? o.answeredBy ?? "", answer: o.answer }));
    if (!args.text) return reply(say(turn, "objection.need_answer", { id: o.id }));
    const s = turn.message;
    await turn.tx.objection.update({ where: { id: o.id }, data: { answer: args.text, answeredBy: s.senderId, answeredByName: s.senderName ?? null, answeredAt: turn.now } });
    const unit = await turn.tx.unit.findUnique({ where: { id: o.unitId } });
    const subject = subjectOf(turn, o);
    await recordAudit(turn.tx, { action: "objection.answered", actor: messageActor(s), at: turn.now, ...(o.taskId !== null ? { taskId: o.taskId, taskNo: o.taskNo! } : {}), unitId: o.unitId, ...(unit ? { unitName: unit.name } : {}), ...(o.period ? { period: o.period } : {}), detail: { objectionId: o.id, subject: o.subject, answer: args.text } });
    const groups = await turn.tx.chatGroup.findMany({ where: { unitId: o.unitId }, orderBy: { id: "asc" } });
    const text = say(turn, "objection.unit_notice", { id: o.id, subject, answer: args.text });
    await enqueue(
      turn.tx,
      groups.map((g) => ({
        key: `objection:${o.id}:answered:group:${g.id}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        ...(unit ? { subject: unit.name } : {}),
        message: { text, format: "text" as const },
      })),
    );
    const notified = groups.length && unit ? say(turn, "objection.notified_unit", { unit: unit.name }) : "";
    return reply(say(turn, "objection.answered", { id: o.id, unit: unit?.name ?? "", subject, answer: args.text, notified }));
  },
});

/** The 异议 lines of 任务 N: each objection to a 退回 of the task, with its answer when there is one. */
export async function objectionLines(turn: Turn, taskId: number): Promise<string[]> {
  const rows = await turn.tx.objection.findMany({ where: { taskId }, orderBy: { id: "asc" } });
  const units = turn.model.directory.units;
  const t = turn.templates.t;
  return rows.flatMap((o) => [
    say(turn, "objection.task_line", { id: o.id, unit: units.get(o.unitId)?.name ?? "", time: shortTime(t, o.createdAt), text: o.text }),
    ...(o.answer !== null ? [say(turn, "objection.task_answer", { user: o.answeredByName ?? o.answeredBy ?? "", time: shortTime(t, o.answeredAt!), answer: o.answer })] : []),
  ]);
}
