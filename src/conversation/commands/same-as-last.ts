// "同上季 12" (issue 22): nothing new this quarter. Last quarter's current report of the unit is
// filed as this quarter's, marked 同上季，无新进展 so the bureau reading it knows it was copied
// and not written anew. Only this verb-first form copies: "12 同上季度" or a lone "同上季度"
// stays a pointer (nothing stored), since a wrong copy is a report nobody wrote.
// Refused, storing nothing, when there is no last-quarter report, this quarter is already
// reported, or the task is 销号 for the unit. The 同上季 button of a card sends exactly this.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { currentReport } from "../../reporting/current-report";
import { periodLabel as labelOf } from "../../reporting/period-label";
import { isOverdue } from "../../reporting/periods";
import { previousPeriod } from "../../reporting/plan-status";
import { command } from "../command";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { reply, say, unitNames, type Turn } from "../turn";

const SAME_AS_LAST = new RegExp(`^同上季(?!度)\\s*[:：]?\\s*第?\\s*(${NUMBER_SOURCE})\\s*[项号]?$`);

export function parseSameAsLast(text: string): { no: number } | null {
  const m = SAME_AS_LAST.exec(text.trim());
  const no = m ? toNumber(m[1]!) : null;
  return no === null ? null : { no };
}

export const sameAsLast = command({
  name: "sameAsLast",
  access: "member",
  parse: (text) => parseSameAsLast(text),
  async run(turn: Turn, { no }: { no: number }) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    const t = turn.templates.t;
    const task = turn.model.plan.task(plan.id, no);
    if (!task) return reply(say(turn, "same_as_last.task_missing", { no, planYear: plan.year }));
    const assignments = turn.model.plan.assignmentsFor(task.id);
    const units = turn.actingUnits.filter((u) => assignments.some((a) => a.unitId === u.id));
    if (!units.length) return reply(say(turn, "same_as_last.not_assigned", { no, unit: unitNames(turn.actingUnits) }));
    if (units.length > 1) return reply(say(turn, "same_as_last.two_units", { no, units: unitNames(units) }));
    const unit = units[0]!;
    const own = assignments.find((a) => a.unitId === unit.id)!;
    if (own.closure === "closed" || task.closure === "closed") return reply(say(turn, "same_as_last.closed", { no, unit: unit.name }));
    const previous = previousPeriod(plan.period);
    if (!previous) return reply(say(turn, "same_as_last.first_quarter", { no, period: labelOf(t, plan.period) }));
    const now = await currentReport(turn.tx, { taskId: task.id, unitId: unit.id, period: plan.period.key });
    if (now) return reply(say(turn, "same_as_last.already_reported", { no, unit: unit.name, period: labelOf(t, plan.period) }));
    const before = await currentReport(turn.tx, { taskId: task.id, unitId: unit.id, period: previous.key });
    if (!before) return reply(say(turn, "same_as_last.no_previous", { no, unit: unit.name, previous: labelOf(t, previous) }));
    // A copy of a copy keeps one mark: the text is last quarter's own words, marked once.
    const marked = say(turn, "same_as_last.text", { text: "" });
    const words = before.text.startsWith(marked) ? before.text.slice(marked.length) : before.text;
    const text = say(turn, "same_as_last.text", { text: words });
    const late = isOverdue(plan.period, turn.now);
    const row = await turn.tx.report.create({
      data: {
        taskId: task.id,
        unitId: unit.id,
        period: plan.period.key,
        text,
        late,
        platform: turn.message.platform,
        userId: turn.message.senderId,
        userName: turn.message.senderName ?? null,
        messageId: turn.message.messageId,
        createdAt: turn.now,
      },
    });
    await recordAudit(turn.tx, {
      action: "report.created",
      actor: messageActor(turn.message),
      at: turn.now,
      taskId: task.id,
      taskNo: no,
      unitId: unit.id,
      unitName: unit.name,
      period: plan.period.key,
      detail: { reportId: row.id, late, text, sameAsLast: before.id },
    });
    return reply(say(turn, "same_as_last.stored", { no, unit: unit.name, period: labelOf(t, plan.period), previous: labelOf(t, previous) }));
  },
});
