// "已阅" (issue 22): the member saw the reminder (or a card's task: "已阅 12"). A receipt row
// for the member and the period, the way a read receipt replaces "收到" in a group — never a
// report: nothing here touches Report, and the task stays 未报. Sent twice (typed, or the
// 已阅 button clicked twice), it stays one receipt. The reply says what is still due.
import { unitTasksFromModel } from "../../reporting/plan-status";
import { periodLabel as labelOf } from "../../reporting/period-label";
import { command } from "../command";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { reply, say, type Turn } from "../turn";
import { shortTime } from "./task-detail";

const READ = new RegExp(`^(?:已阅|已读|已阅读)(?:\\s*[:：]?\\s*第?\\s*(${NUMBER_SOURCE})\\s*[项号]?)?[。.!！]?$`);

export function parseReadMark(text: string): { no: number } | null {
  const m = READ.exec(text.trim());
  if (!m) return null;
  const no = m[1] ? toNumber(m[1]) : 0;
  return no === null ? null : { no };
}

export const readMark = command({
  name: "readMark",
  access: "member",
  parse: (text) => parseReadMark(text),
  async run(turn: Turn, { no }: { no: number }) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    const m = turn.message;
    const period = labelOf(turn.templates.t, plan.period);
    const what = no ? say(turn, "read_mark.what_task", { no }) : say(turn, "read_mark.what_all");
    const key = { platform: m.platform, userId: m.senderId, period: plan.period.key, taskNo: no };
    const earlier = await turn.tx.readMark.findUnique({ where: { platform_userId_period_taskNo: key } });
    if (earlier) return reply(say(turn, "read_mark.again", { time: shortTime(turn.templates.t, earlier.createdAt), what, period }));
    await turn.tx.readMark.create({
      data: {
        ...key,
        userName: m.senderName ?? null,
        unitId: turn.actingUnits.length === 1 ? turn.actingUnits[0]!.id : null,
        source: m.click?.cardId ?? "text",
        messageId: m.messageId,
        createdAt: turn.now,
      },
    });
    const tasks = await unitTasksFromModel(turn.model, plan, turn.actingUnits.map((u) => u.id), turn.now);
    const open = tasks.filter((t) => t.status === "unreported" || t.status === "overdue");
    const due = no ? open.find((t) => t.no === no) : open[0];
    return reply(say(turn, "read_mark.stored", { user: m.senderName ?? m.senderId, what, period, due: due ? say(turn, "read_mark.due_note", { no: due.no }) : say(turn, "read_mark.no_due") }));
  },
});
