// What both transports (HTTP callback, Stream) do with a verified, decoded message once
// DingTalk has its answer: drop a redelivery, ask the conversation layer, reply through the
// sessionWebhook. Runs after the 200/ack, so DingTalk never waits on our database.
import type { Card } from "../../cards/card";
import type { SendResult } from "../../delivery/channel";
import type { Logger } from "../../logger";
import type { MessageHandler, Reply } from "../message";
import type { DecodedMessage } from "./decode";
import { RecentIds } from "./recent-ids";

export interface InboundDeps {
  handle: MessageHandler;
  log: Logger;
  reply: (decoded: DecodedMessage, reply: Reply) => Promise<SendResult>;
  /**
   * Delivers a reply's card into the same chat (issue 22), after the text: set when the robot
   * has a card template. The session webhook carries no interactive cards.
   */
  card?: (decoded: DecodedMessage, card: Card) => Promise<SendResult>;
  now: () => Date;
  recent?: RecentIds;
}

export interface InboundProcessor {
  /** "duplicate" when this msgId was seen lately (nothing is done); else starts the work. */
  accept(decoded: DecodedMessage): "duplicate" | "accepted";
  /** Resolves when all accepted work has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export function createInboundProcessor(deps: InboundDeps): InboundProcessor {
  const recent = deps.recent ?? new RecentIds();
  const pending = new Set<Promise<void>>();

  async function work(decoded: DecodedMessage): Promise<void> {
    const { message } = decoded;
    const log = deps.log.child({ msgId: message.messageId, chatType: message.chatType });
    let reply: Reply;
    try {
      reply = await deps.handle(deps.card ? { ...message, canShowCards: true } : message);
    } catch (err) {
      // Nothing was answered: should DingTalk deliver it again, it gets another try.
      recent.forget(message.messageId);
      log.error({ err }, "handler failed; no reply sent");
      return;
    }
    if (!reply.text.trim()) return;
    const sent = await deps.reply(decoded, reply);
    if (sent.ok) log.debug("reply sent");
    else log.warn({ code: sent.code, retryable: sent.retryable, reason: sent.error }, "reply through sessionWebhook failed");
    if (reply.card && deps.card) {
      const delivered = await deps.card(decoded, reply.card);
      if (!delivered.ok) log.warn({ code: delivered.code, reason: delivered.error }, "card delivery failed");
    }
  }

  return {
    accept(decoded) {
      if (recent.checkAndAdd(decoded.message.messageId, deps.now().getTime())) return "duplicate";
      const job = work(decoded).catch((err) => deps.log.error({ err }, "dingtalk message processing failed"));
      pending.add(job);
      void job.finally(() => pending.delete(job));
      return "accepted";
    },
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}

/** The chat a decoded message came from, as a card destination: the group, or the sender 1:1. */
export function cardDestination(decoded: DecodedMessage): string {
  const m = decoded.message;
  return m.chatType === "group" ? `group:${m.chatId}` : `user:${m.senderId}`;
}
