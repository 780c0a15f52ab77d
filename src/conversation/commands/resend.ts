import { resend } from "../../delivery/delivery-problems";
import { command } from "../command";
import { reply, say } from "../turn";

/** 重发 / 重发 12: after 投递失败, a supervisor puts undelivered messages back in the queue. */
export const resendFailed = command<{ id?: number }>({
  name: "resendFailed",
  access: "supervisor",
  actionName: "重发消息",
  parse: (text) => {
    const m = /^重发\s*#?(\d+)?$/.exec(text);
    return m ? (m[1] ? { id: Number(m[1]) } : {}) : null;
  },
  async run(turn, args) {
    const count = await resend(turn.tx, args.id !== undefined ? { id: args.id } : { status: "failed" });
    return reply(count ? say(turn, "resend.done", { count }) : say(turn, "resend.none"));
  },
});
