// 催一下鄢陵县 (supervisors): sends the unit its unreported list for the period in force — the
// same list "未报 鄢陵县" shows — to every group bound to it, through the outbox, and says in
// the reply what went where. Nothing is sent when the unit owes nothing or has no group; the
// reply says which. One audit row per 催报, so "we were never told" can be answered (留痕).
import { messageActor, recordAudit } from "../../audit/record-audit";
import { enqueue } from "../../delivery/outbox";
import { unitTasksFromModel } from "../../reporting/plan-status";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { shownTurn } from "../shown-turn";
import { periodLabel, reply, say, namedUnit, type Turn } from "../turn";

/** Tasks listed in the notice: one phone screen; the rest are counted. */
const NOTICE_LINES = 10;
/** Task numbers named in the reply to the supervisor. */
const REPLY_NUMBERS = 12;

/** "催一下鄢陵县", "催催禹州市", "催报 鄢陵县", "督促一下鄢陵县报送", "提醒一下鄢陵县". */
const URGE = /^(?:催一下|催一催|催下|催催|催报|催|督促一下|督促|提醒一下)\s*(?<unit>[^\s\d].*?)\s*(?:的未报任务|的未报|尽快报送|抓紧报送|报送|汇报)?[。.!！]?$/;

export const urge = command({
  name: "urge",
  access: "supervisor",
  actionName: "催报",
  parse: (text) => {
    const m = URGE.exec(text);
    return m ? { unit: m.groups!.unit! } : null;
  },
  async run(asked, { unit: named }: { unit: string }) {
    // The same period as 未报 鄢陵县 (shown-period.ts): the list sent is the list shown.
    const turn = shownTurn(asked);
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    const unitNamed = namedUnit(turn, named);
    if ("answer" in unitNamed) return unitNamed.answer;
    const unit = unitNamed.unit;
    const period = periodLabel(turn);
    const due = (await unitTasksFromModel(turn.model, plan, [unit.id], turn.now)).filter((t) => t.status !== "reported" && t.status !== "closed");
    if (!due.length) return reply(say(turn, "urge.none", { unit: unit.name, period }));
    const numbers = numberList(turn, due.map((t) => t.no));
    const groups = await turn.tx.chatGroup.findMany({ where: { unitId: unit.id }, orderBy: { id: "asc" } });
    if (!groups.length) return reply(say(turn, "urge.no_group", { unit: unit.name, period, count: due.length, numbers }));
    const text = notice(turn, unit.name, period, due);
    await enqueue(
      turn.tx,
      groups.map((g) => ({
        key: `urge:${unit.id}:${plan.period.key}:${turn.message.messageId}:group:${g.id}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: unit.name,
        message: { text, format: "text" as const },
      })),
    );
    await recordAudit(turn.tx, { action: "unit.urged", actor: messageActor(turn.message), at: turn.now, unitId: unit.id, unitName: unit.name, period: plan.period.key, detail: { tasks: due.map((t) => t.no), groups: groups.map((g) => g.id) } });
    return reply(say(turn, "urge.sent", { unit: unit.name, groups: groups.length, period, count: due.length, numbers }));
  },
});

function notice(turn: Turn, unit: string, period: string, due: { no: number; text: string; status: string }[]): string {
  const lines = [say(turn, "urge.notice_header", { unit, period, count: due.length, user: turn.message.senderName ?? say(turn, "urge.bureau") })];
  for (const t of due.slice(0, NOTICE_LINES)) lines.push(say(turn, "unreported.unit_line", { no: t.no, title: shortTitle(t.text), overdue: t.status === "overdue" ? say(turn, "unreported.overdue_tag") : "" }));
  if (due.length > NOTICE_LINES) lines.push(say(turn, "urge.notice_more", { count: due.length - NOTICE_LINES }));
  lines.push(say(turn, "unreported.unit_how", { exampleNo: due[0]!.no }));
  return lines.join("\n");
}

function numberList(turn: Turn, nos: number[]): string {
  const shown = nos.slice(0, REPLY_NUMBERS).join("、");
  return nos.length > REPLY_NUMBERS ? say(turn, "urge.numbers_more", { shown }) : shown;
}
