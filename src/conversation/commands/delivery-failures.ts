import { deliveryProblems } from "../../delivery/delivery-problems";
import { truncate } from "../../reporting/short-title";
import { command } from "../command";
import { reply, say } from "../turn";
import { shortTime } from "./task-detail";

const SHOWN = 10;

/** 投递失败: what did not get through — failed, dropped as stale, or still retrying — and why. */
export const deliveryFailures = command({
  name: "deliveryFailures",
  writes: false,
  access: "supervisor",
  actionName: "查看投递失败",
  parse: (text) => (/^投递失败$/.test(text) ? {} : null),
  async run(turn) {
    const { rows, total } = await deliveryProblems(turn.tx, SHOWN);
    if (!rows.length) return reply(say(turn, "delivery_failures.none"));
    const t = turn.templates.t;
    const state = (r: (typeof rows)[number]) =>
      r.status === "pending" ? say(turn, "delivery_failures.state_retrying", { next: shortTime(t, r.nextAttemptAt) }) : say(turn, `delivery_failures.state_${r.status === "dropped" ? "dropped" : "failed"}`);
    return reply(
      [
        say(turn, "delivery_failures.header", { count: total }),
        ...rows.map((r) =>
          say(turn, "delivery_failures.line", { id: r.id, time: shortTime(t, r.createdAt), subject: r.subject ?? r.destination, state: state(r), attempts: r.attempts, error: truncate(r.lastError ?? "", 40) }),
        ),
        say(turn, "delivery_failures.how_to_resend"),
      ].join("\n"),
    );
  },
});
