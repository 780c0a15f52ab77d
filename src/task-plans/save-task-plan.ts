// Storing a 落实方案: a new one, or a resend that replaces the task's plan and milestones as a
// whole. Nothing is lost (留痕): the replaced plan, milestones and their state go to the audit
// trail in the same transaction. A milestone already done stays done when the new plan has
// the same milestone (same words, punctuation and spaces aside): resending a plan to fix a
// typo elsewhere must not reopen what the unit already finished.
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Tx } from "../db/client";
import { foldWidth } from "../conversation/prepare-text";
import type { ParsedMilestone } from "./split-milestones";

export interface TaskPlanInput {
  task: { id: number; no: number };
  unit: { id: number; name: string };
  leader: string | null;
  measures: string | null;
  /** The whole message as sent. */
  text: string;
  milestones: ParsedMilestone[];
  actor: AuditActor;
  now: Date;
}

export interface SavedTaskPlan {
  /** When the plan it replaced was sent, if it replaced one. */
  replacedAt: Date | null;
  /** Positions (in the new plan) of milestones kept done from the old one. */
  keptDone: number[];
}

function sameWords(s: string): string {
  return foldWidth(s).replace(/[\s\p{P}]/gu, "");
}

export async function saveTaskPlan(tx: Tx, input: TaskPlanInput): Promise<SavedTaskPlan> {
  const { task, unit, actor, now } = input;
  const old = await tx.taskPlan.findUnique({ where: { taskId: task.id }, include: { milestones: { orderBy: { position: "asc" } } } });
  const data = {
    unitId: unit.id,
    leader: input.leader,
    measures: input.measures,
    text: input.text,
    platform: actor.platform,
    userId: actor.id,
    userName: actor.name ?? null,
    messageId: actor.messageId ?? null,
    createdAt: now,
  };
  let planId: number;
  if (old) {
    await recordAudit(tx, {
      action: "taskplan.replaced",
      actor,
      at: now,
      taskId: task.id,
      taskNo: task.no,
      unitId: old.unitId,
      unitName: unit.name,
      detail: {
        planId: old.id,
        sentAt: old.createdAt.toISOString(),
        userId: old.userId,
        leader: old.leader,
        measures: old.measures,
        text: old.text,
        milestones: old.milestones.map((m) => ({ position: m.position, text: m.text, dueDate: m.dueDate, doneAt: m.doneAt?.toISOString() ?? null, doneReportId: m.doneReportId })),
      },
    });
    await tx.milestone.deleteMany({ where: { taskPlanId: old.id } });
    await tx.taskPlan.update({ where: { id: old.id }, data });
    planId = old.id;
  } else {
    planId = (await tx.taskPlan.create({ data: { taskId: task.id, ...data } })).id;
  }
  const done = new Map((old?.milestones ?? []).filter((m) => m.doneAt).map((m) => [sameWords(m.text), m]));
  const keptDone: number[] = [];
  for (const m of input.milestones) {
    const was = done.get(sameWords(m.text));
    if (was) keptDone.push(m.position);
    await tx.milestone.create({
      data: {
        taskPlanId: planId,
        taskId: task.id,
        position: m.position,
        text: m.text,
        dueDate: m.dueDate,
        dueText: m.dueText,
        ...(was ? { doneAt: was.doneAt, doneBy: was.doneBy, doneReportId: was.doneReportId } : {}),
      },
    });
  }
  await recordAudit(tx, {
    action: "taskplan.set",
    actor,
    at: now,
    taskId: task.id,
    taskNo: task.no,
    unitId: unit.id,
    unitName: unit.name,
    detail: { planId, leader: input.leader, measures: input.measures, milestones: input.milestones.map((m) => ({ position: m.position, text: m.text, dueDate: m.dueDate })), keptDone },
  });
  return { replacedAt: old?.createdAt ?? null, keptDone };
}
