// Recording progress reports: "8：…" (one or several in a message), a reply quoting a
// reminder, or the answer to "which task?". All-or-nothing per message: if any item is
// wrong, nothing is stored and the reply says what to fix.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { isOverdue } from "../../reporting/periods";
import { reportedPairs } from "../../reporting/plan-status";
import { truncate } from "../../reporting/short-title";
import type { Reply } from "../../platforms/message";
import { command } from "../command";
import { parseReport, taskNumbersIn, type ReportItem } from "../parse-report";
import { periodLabel, reply, say, unitNames, type ActingUnit, type Turn } from "../turn";
import { exampleTaskNo } from "./help";

/** How long duban waits for the answer to "which task is this for?". */
export const QUESTION_TTL_MS = 30 * 60 * 1000;

export const report = command({
  name: "report",
  access: "member",
  parse: (_text, original) => parseReport(original),
  run: (turn, items: ReportItem[]) => recordReports(turn, items),
});

interface Resolved {
  item: ReportItem;
  taskId: number;
  unit: ActingUnit;
}

export async function recordReports(turn: Turn, items: ReportItem[]): Promise<Reply> {
  const plan = turn.plan;
  if (!plan) return reply(say(turn, "no_plan"));
  const tasks = await turn.tx.task.findMany({
    where: { planId: plan.id, no: { in: items.map((i) => i.no) } },
    include: { assignments: { select: { unitId: true } } },
  });
  const problems: string[] = [];
  const resolved: Resolved[] = [];
  for (const item of items) {
    const task = tasks.find((t) => t.no === item.no);
    if (!task) {
      problems.push(say(turn, "report.task_missing", { no: item.no, planYear: plan.year, total: plan.taskCount }));
      continue;
    }
    const units = turn.actingUnits.filter((u) => task.assignments.some((a) => a.unitId === u.id));
    if (!units.length) problems.push(say(turn, "report.not_assigned", { no: item.no, unit: unitNames(turn.actingUnits) }));
    else if (units.length > 1) problems.push(say(turn, "report.ambiguous_unit", { no: item.no, units: unitNames(units) }));
    else if (!item.text) problems.push(say(turn, "report.empty_text", { no: item.no }));
    else resolved.push({ item, taskId: task.id, unit: units[0]! });
  }
  if (problems.length) {
    problems.push(say(turn, "report.nothing_stored", { exampleNo: await exampleTaskNo(turn) }));
    return reply(problems.join("\n"));
  }

  const late = isOverdue(plan.period, turn.now);
  let superseded = false;
  for (const r of resolved) {
    const earlier = await turn.tx.report.count({ where: { taskId: r.taskId, unitId: r.unit.id, period: plan.period.key } });
    superseded ||= earlier > 0;
    const stored = await turn.tx.report.create({
      data: {
        taskId: r.taskId,
        unitId: r.unit.id,
        period: plan.period.key,
        text: r.item.text,
        late,
        platform: turn.message.platform,
        userId: turn.message.senderId,
        userName: turn.message.senderName ?? null,
        messageId: turn.message.messageId,
        createdAt: turn.now,
      },
    });
    await recordAudit(turn.tx, { action: earlier ? "report.superseded" : "report.created", actor: messageActor(turn.message), at: turn.now, taskId: r.taskId, taskNo: r.item.no, unitId: r.unit.id, unitName: r.unit.name, period: plan.period.key, detail: { reportId: stored.id, late, text: r.item.text } });
  }
  const lateTag = late ? say(turn, "report.late_tag") : "";
  const period = periodLabel(turn);
  const units = unitNames([...new Map(resolved.map((r) => [r.unit.id, r.unit])).values()]);
  const lines =
    resolved.length === 1
      ? [say(turn, "report.stored", { no: resolved[0]!.item.no, unit: units, period, late: lateTag, echo: echo(resolved[0]!.item.text) })]
      : [
          say(turn, "report.stored_many", { count: resolved.length, unit: units, period, late: lateTag }),
          ...resolved.map((r) => say(turn, "report.stored_many_line", { no: r.item.no, echo: echo(r.item.text) })),
        ];
  if (superseded) lines.push(say(turn, "report.superseded"));
  return reply(lines.join("\n"));
}

function echo(text: string): string {
  return truncate(text, 30);
}

/**
 * A reply that quotes a reminder and carries no task number: it is for the quoted task when
 * exactly one of the quoted tasks is still due from the sender's unit; otherwise ask.
 */
export async function reportFromQuote(turn: Turn, quoted: string): Promise<Reply> {
  const plan = turn.plan;
  if (!plan) return reply(say(turn, "no_plan"));
  const numbers = taskNumbersIn(quoted);
  const unitIds = turn.actingUnits.map((u) => u.id);
  const assigned = await turn.tx.assignment.findMany({
    where: { unitId: { in: unitIds }, task: { planId: plan.id, no: { in: numbers } } },
    select: { taskId: true, unitId: true, task: { select: { no: true } } },
  });
  const done = await reportedPairs(turn.tx, plan, unitIds);
  const due = unique(assigned.filter((a) => !done.has(`${a.taskId}:${a.unitId}`)).map((a) => a.task.no));
  const all = unique(assigned.map((a) => a.task.no));
  const only = due.length === 1 ? due[0] : due.length === 0 && all.length === 1 ? all[0] : undefined;
  if (only !== undefined) return recordReports(turn, [{ no: only, text: turn.original }]);
  return askWhichTask(turn, due.length ? due : all);
}

export async function askWhichTask(turn: Turn, candidates: number[]): Promise<Reply> {
  const key = { platform: turn.message.platform, chatId: turn.message.chatId, userId: turn.message.senderId };
  const data = { text: turn.original, candidates: JSON.stringify(candidates), messageId: turn.message.messageId, expiresAt: new Date(turn.now.getTime() + QUESTION_TTL_MS) };
  await turn.tx.pendingQuestion.upsert({ where: { platform_chatId_userId: key }, create: { ...key, ...data }, update: data });
  return reply(
    candidates.length
      ? say(turn, "report.ask_which", { candidates: candidates.slice(0, 6).join("、") })
      : say(turn, "report.ask_which_none", { exampleNo: await exampleTaskNo(turn) }),
  );
}

function unique(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
