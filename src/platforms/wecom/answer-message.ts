// One decoded message → at most one handler call → an answer within the budget: the passive
// reply when the handler is quick, else an empty 200 now and the reply sent later.
import { DubanError } from "../../errors";
import type { Logger } from "../../logger";
import type { InboundMessage, MessageHandler, Reply } from "../message";
import type { RecentMessages } from "./recent-messages";
import { settleWithin } from "./settle-within";

export interface AnswerDeps<Late> {
  handle: MessageHandler;
  log: Logger;
  replyBudgetMs: number;
  sendLater: (late: Late) => Promise<void>;
  recent: RecentMessages<Reply>;
}

export interface ReplyRendering<Late> {
  /** The answer in the callback's own response, and what did not fit into it (sent later). */
  passive(reply: Reply): { body: string; rest?: Reply };
  /** Where a reply goes when it is not given in the response. */
  later(reply: Reply): Late;
}

/** Returns the response body; "" means an empty 200 (WeCom: received, nothing to say now). */
export async function answerMessage<Late>(deps: AnswerDeps<Late>, message: InboundMessage, render: ReplyRendering<Late>): Promise<string> {
  // Made only when something is logged (a redelivery, a late or failed reply): a pino child
  // with redaction costs ~2% of a read's CPU, and most messages log nothing here.
  const log = () => deps.log.child({ msgId: message.messageId, chatType: message.chatType, chatId: message.chatId });
  const key = message.messageId;
  const seen = deps.recent.get(key);
  if (seen) {
    log().info({ state: seen.state }, "WeCom redelivery answered without calling the handler");
    return seen.state === "answered" && seen.reply.text ? render.passive(seen.reply).body : "";
  }
  deps.recent.set(key, { state: "pending" });
  // Async wrapper: a handler that throws synchronously must not leave the id marked pending.
  const work = (async () => deps.handle(message))();
  let settled;
  try {
    settled = await settleWithin(work, deps.replyBudgetMs);
  } catch (err) {
    // Forget it, so WeCom's retry of this callback gets a fresh attempt.
    deps.recent.forget(key);
    throw new DubanError("message handler failed", { status: 503, expose: false, code: "handler_failed", cause: err });
  }
  if (settled.done) {
    const reply = settled.value;
    deps.recent.set(key, { state: "answered", reply });
    if (!reply.text) return "";
    const { body, rest } = render.passive(reply);
    if (rest) void deps.sendLater(render.later(rest)).catch((err) => log().error({ err }, "sending the rest of a long WeCom reply failed"));
    return body;
  }
  deps.recent.set(key, { state: "sent-later" });
  log().info({ budgetMs: deps.replyBudgetMs }, "handler slower than the reply budget: acknowledged now, replying later");
  void work
    .then((reply) => (reply.text ? deps.sendLater(render.later(reply)) : undefined))
    .catch((err) => log().error({ err }, "late WeCom reply failed"));
  return "";
}
