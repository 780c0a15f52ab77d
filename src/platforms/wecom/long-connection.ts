// The AI bot over a long connection (WECOM_BOT_MODE=ws): duban dials out to WeCom with the
// official SDK, so it needs no public callback URL — what a server on a government intranet
// with outbound-only access needs. Messages arrive as frames and are answered with stream
// replies; `channel` pushes proactively into a chat (reminders), by chatid or userid.
// https://developer.work.weixin.qq.com/document/path/101463
import { randomUUID } from "node:crypto";
import { WSClient, type WSClientOptions, type WsFrame } from "@wecom/aibot-node-sdk";
import type { Card } from "../../cards/card";
import type { WecomBotWsConfig } from "../../config";
import type { Channel, SendResult } from "../../delivery/channel";
import type { Logger } from "../../logger";
import type { MessageHandler, Reply } from "../message";
import { splitByBytes } from "../split-bytes";
import { answerMessage } from "./answer-message";
import { decodeBotMessage } from "./decode";
import { createRecentMessages } from "./recent-messages";
import { botCardUpdate, renderTemplateCard } from "./template-card";
import { createPartsProgress, sendParts } from "./send-parts";
import { errcodeFailure } from "./send-result";

const STREAM_CONTENT_BYTES = 20480;
/** Proactive markdown: held to the group robot's 4096-byte limit until WeCom documents its own. */
const SEND_MARKDOWN_BYTES = 4096;

export interface WecomLongConnectionDeps {
  config: WecomBotWsConfig;
  handle: MessageHandler;
  log: Logger;
  /** Wait this long for the handler before answering by proactive send instead; default 3000. */
  replyBudgetMs?: number;
  /**
   * How an answer that missed the reply budget goes out; default: a proactive send at once.
   * The server passes outboxBotSendLater (late-reply-outbox.ts) for retries and the log.
   */
  sendLater?: (late: { chatId: string; reply: Reply }) => Promise<void>;
  /** Extra SDK options (tests shorten the heartbeat and reconnect delays). */
  sdkOptions?: Partial<WSClientOptions>;
}

export interface WecomLongConnection {
  channel: Channel;
  stop(): Promise<void>;
}

/** The SDK logs through console by default; route it into pino, its chatter at debug. */
function sdkLogger(log: Logger): NonNullable<WSClientOptions["logger"]> {
  return {
    debug: (m, ...args) => log.debug({ args }, m),
    info: (m, ...args) => log.debug({ args }, m),
    warn: (m, ...args) => log.warn({ args }, m),
    error: (m, ...args) => log.error({ args }, m),
  };
}

/** sendMessage rejects with the ack frame itself when WeCom refuses, or an Error when the socket fails. */
function fromRejection(err: unknown): SendResult {
  const frame = err as { errcode?: unknown; errmsg?: unknown };
  if (frame && typeof frame.errcode === "number") return errcodeFailure(frame.errcode, typeof frame.errmsg === "string" ? frame.errmsg : undefined);
  return { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
}

export function startWecomLongConnection(deps: WecomLongConnectionDeps): WecomLongConnection {
  const log = deps.log.child({ platform: "wecom", via: "bot-ws" });
  const client = new WSClient({
    botId: deps.config.botId,
    secret: deps.config.secret,
    wsUrl: deps.config.wsUrl,
    // The SDK gives up after 10 reconnects by default; a server should keep trying.
    maxReconnectAttempts: -1,
    logger: sdkLogger(log.child({ component: "aibot-sdk" })),
    ...deps.sdkOptions,
  });
  const progress = createPartsProgress();

  const channel: Channel = {
    async send(chatid, message) {
      if (!client.isConnected) return { ok: false, retryable: true, error: "WeCom long connection is not connected" };
      if (message.card) {
        try {
          // A card (issue 22) in one message: aibot_send_msg with msgtype template_card [101463].
          await client.sendMessage(chatid, { msgtype: "template_card", template_card: renderTemplateCard(message.card) as never });
          return { ok: true };
        } catch (err) {
          return fromRejection(err);
        }
      }
      return sendParts(
        splitByBytes(message.text, SEND_MARKDOWN_BYTES),
        async (content): Promise<SendResult> => {
          try {
            // aibot_send_msg, acked by WeCom: https://developer.work.weixin.qq.com/document/path/101463
            await client.sendMessage(chatid, { msgtype: "markdown", markdown: { content } });
            return { ok: true };
          } catch (err) {
            return fromRejection(err);
          }
        },
        progress,
        message.idempotencyKey,
      );
    },
  };

  const answerDeps = {
    handle: deps.handle,
    log,
    replyBudgetMs: deps.replyBudgetMs ?? 3000,
    recent: createRecentMessages<Reply>(),
    sendLater:
      deps.sendLater ??
      (async (late: { chatId: string; reply: Reply }) => {
        const result = await channel.send(late.chatId, { text: late.reply.text, format: "markdown" });
        if (!result.ok) log.error({ chatId: late.chatId, code: result.code, error: result.error }, "late WeCom AI bot reply failed");
      }),
  };

  async function onMessage(frame: WsFrame): Promise<void> {
    const decoded = decodeBotMessage(frame.body);
    if (decoded.kind === "ignored") return;
    const chatId = decoded.message.chatId;
    const content = await answerMessage(answerDeps, decoded.message, {
      passive(reply) {
        const [first = "", ...rest] = splitByBytes(reply.text, STREAM_CONTENT_BYTES);
        if (reply.card) cards.set(decoded.message.messageId, reply.card);
        return { body: first, ...(rest.length && { rest: { text: rest.join("\n") } }) };
      },
      later: (reply) => ({ chatId, reply }),
    });
    // aibot_respond_msg on the frame's req_id (https://developer.work.weixin.qq.com/document/path/101463):
    // one finished stream, the whole answer at once, nothing left for WeCom to wait for; with
    // the card when the answer has one (我的任务).
    const card = cards.get(decoded.message.messageId);
    cards.delete(decoded.message.messageId);
    if (content && card) await client.replyStreamWithCard(frame, randomUUID(), content, true, { templateCard: renderTemplateCard(card) as never });
    else if (content) await client.replyStream(frame, randomUUID(), content, true);
  }

  /** The card of an answer, between the handler and the frame's reply. */
  const cards = new Map<string, Card>();

  /**
   * A click on one of duban's cards (issue 22): the card is updated in place on the event's
   * req_id within 5 s (aibot_respond_update_msg); everyone's card when its state changed, else
   * only the clicker's, showing the answer.
   */
  async function onCardEvent(frame: WsFrame): Promise<void> {
    const decoded = decodeBotMessage(frame.body);
    if (decoded.kind === "ignored" || !decoded.message.click) return;
    const clicker = decoded.message.senderId;
    const update = await answerMessage(answerDeps, decoded.message, {
      passive: (reply) => ({ body: reply.card ? JSON.stringify(botCardUpdate({ ...reply, card: reply.card }, clicker)) : "" }),
      later: (reply) => ({ chatId: decoded.message.chatId, reply }),
    });
    if (!update) return;
    const body = JSON.parse(update) as { template_card: never; userids?: string[] };
    await client.updateTemplateCard(frame, body.template_card, body.userids);
  }

  client.on("message", (frame) => {
    onMessage(frame).catch((err) => log.error({ err: err instanceof Error ? err : fromRejection(err), reqId: frame.headers?.req_id }, "WeCom AI bot frame not answered"));
  });
  client.on("event.template_card_event", (frame) => {
    onCardEvent(frame as WsFrame).catch((err) => log.error({ err: err instanceof Error ? err : fromRejection(err), reqId: frame.headers?.req_id }, "WeCom card click not answered"));
  });
  client.on("authenticated", () => log.info("WeCom long connection authenticated"));
  client.on("disconnected", (reason) => log.warn({ reason }, "WeCom long connection closed"));
  client.on("reconnecting", (attempt) => log.info({ attempt }, "WeCom long connection reconnecting"));
  client.on("error", (err) => log.error({ err }, "WeCom long connection error (check WECOM_BOT_ID, WECOM_BOT_SECRET, WECOM_BOT_WS_URL)"));
  client.on("event.disconnected_event", () =>
    // WeCom allows one connection per bot; the SDK does not reconnect after being replaced.
    log.error("another connection took over this AI bot: this instance no longer receives its messages"),
  );
  client.connect();

  return {
    channel,
    async stop() {
      client.removeAllListeners();
      client.disconnect();
    },
  };
}
