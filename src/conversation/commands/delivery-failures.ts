import { truncate } from "../../reporting/short-title";
import { command } from "../command";
import { reply, say } from "../turn";
import { shortTime } from "./task-detail";

const SHOWN = 10;

export const deliveryFailures = command({
  name: "deliveryFailures",
  access: "supervisor",
  actionName: "查看投递失败",
  parse: (text) => (/^投递失败$/.test(text) ? {} : null),
  async run(turn) {
    const rows = await turn.tx.outboxMessage.findMany({ where: { status: "failed" }, orderBy: { id: "desc" }, take: SHOWN });
    if (!rows.length) return reply(say(turn, "delivery_failures.none"));
    const total = await turn.tx.outboxMessage.count({ where: { status: "failed" } });
    return reply(
      [
        say(turn, "delivery_failures.header", { count: total }),
        ...rows.map((r) => say(turn, "delivery_failures.line", { time: shortTime(turn.templates.t, r.createdAt), subject: r.subject ?? r.destination, error: truncate(r.lastError ?? "", 40) })),
      ].join("\n"),
    );
  },
});
