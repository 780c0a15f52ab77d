// The AI bot over a long connection (WECOM_BOT_MODE=ws): duban dials out to WeCom with the
// official SDK, so it needs no public callback URL — what a server on a government intranet
// with outbound-only access needs. Messages arrive as frames and are answered with stream
// replies; `channel` pushes proactively into a chat (reminders), by chatid or userid.
// https://developer.work.weixin.qq.com/document/path/101463
//
// The connection never stays down. @wecom/aibot-node-sdk 1.0.7 waits for good on a socket
// WeCom accepted but never answers (no deadline on the open or on the aibot_subscribe answer),
// gives up for good after 5 refused secrets (maxAuthFailureAttempts) or 10 drops, notices a
// half-open connection only after 60–90 s (30 s heartbeat, two missed), and drops the socket
// without a close frame when disconnected. So here:
// - each attempt is a fresh WSClient with the SDK's own reconnect off (both limits 0: it gives
//   up at the first close, which is ours to handle); the attempt ends at a close or at a
//   deadline on the open or on the subscribe answer, and the next one follows the backoff of
//   reconnect-backoff.ts, for ever;
// - the heartbeat is every 10 s and one unanswered ping is enough (maxMissedPong, a field of
//   the SDK's WsConnectionManager): a dead connection is noticed within 20 s;
// - stop() sends a close frame 1000 on the SDK's socket and waits for WeCom's answer (1 s).
import { randomUUID } from "node:crypto";
import { WSClient, type WSClientOptions, type WsFrame } from "@wecom/aibot-node-sdk";
import type WebSocket from "ws";
import type { WecomBotWsConfig } from "../../config";
import type { Channel, SendResult } from "../../delivery/channel";
import type { Logger } from "../../logger";
import { REPLACED, type ConnectionTracker } from "../connection-state";
import type { MessageHandler, Reply } from "../message";
import { createBackoff, type BackoffOptions } from "../reconnect-backoff";
import { splitByBytes } from "../split-bytes";
import { answerMessage } from "./answer-message";
import { decodeBotMessage } from "./decode";
import { createRecentMessages } from "./recent-messages";
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
  /** Extra SDK options (tests shorten the heartbeat). The SDK's reconnect limits are always 0. */
  sdkOptions?: Partial<WSClientOptions>;
  /** Deadline for the socket to open, and then for WeCom to answer aibot_subscribe; default 10 000 each. */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Where the connection's state is reported (readiness, metrics, doctor). */
  tracker?: ConnectionTracker;
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
  const connectTimeoutMs = deps.connectTimeoutMs ?? 10_000;
  const backoff = createBackoff(deps.backoff);
  /** The attempt's client, or the open one; undefined while backing off and after stop(). */
  let client: WSClient | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Ends the attempt under way without a retry (its deadline timer included). */
  let cancelAttempt: (() => void) | undefined;
  const progress = createPartsProgress();

  const channel: Channel = {
    async send(chatid, message) {
      const c = client;
      if (!c?.isConnected) return { ok: false, retryable: true, error: "WeCom long connection is not connected" };
      return sendParts(
        splitByBytes(message.text, SEND_MARKDOWN_BYTES),
        async (content): Promise<SendResult> => {
          try {
            // aibot_send_msg, acked by WeCom: https://developer.work.weixin.qq.com/document/path/101463
            await c.sendMessage(chatid, { msgtype: "markdown", markdown: { content } });
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

  async function onMessage(c: WSClient, frame: WsFrame): Promise<void> {
    const decoded = decodeBotMessage(frame.body);
    if (decoded.kind === "ignored") return;
    const chatId = decoded.message.chatId;
    const content = await answerMessage(answerDeps, decoded.message, {
      passive(reply) {
        const [first = "", ...rest] = splitByBytes(reply.text, STREAM_CONTENT_BYTES);
        return { body: first, ...(rest.length && { rest: { text: rest.join("\n") } }) };
      },
      later: (reply) => ({ chatId, reply }),
    });
    // aibot_respond_msg on the frame's req_id (https://developer.work.weixin.qq.com/document/path/101463):
    // one finished stream, the whole answer at once, nothing left for WeCom to wait for.
    if (content) await c.replyStream(frame, randomUUID(), content, true);
  }

  function attempt(): void {
    if (stopped) return;
    deps.tracker?.connecting();
    const c = new WSClient({
      botId: deps.config.botId,
      secret: deps.config.secret,
      wsUrl: deps.config.wsUrl,
      heartbeatInterval: 10_000,
      logger: sdkLogger(log.child({ component: "aibot-sdk" })),
      ...deps.sdkOptions,
      // Reconnecting is ours (see the top of this file): the SDK gives up at its first close.
      maxReconnectAttempts: 0,
      maxAuthFailureAttempts: 0,
    });
    // One ping unanswered by the next is a dead connection (the SDK's default waits for two).
    (c as unknown as { wsManager: { maxMissedPong: number } }).wsManager.maxMissedPong = 1;
    client = c;
    let step = "WebSocket open";
    let lastError: string | undefined;
    let replaced = false;
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(deadline);
      c.removeAllListeners();
      // Inside the SDK's close handler this marks the close as manual: no reconnect of its own.
      c.disconnect();
      if (client === c) client = undefined;
      backoff.closed();
      if (stopped) return;
      if (replaced) {
        // WeCom allows one connection per bot: taking it back would only drop the other one,
        // which would take it back in turn.
        deps.tracker?.stopped(REPLACED);
        return;
      }
      const delay = backoff.nextDelay();
      deps.tracker?.backingOff(backoff.attempt, why);
      log.warn({ reason: why, attempt: backoff.attempt, delayMs: delay }, "WeCom long connection down; retrying");
      retryTimer = setTimeout(attempt, delay);
    };
    // Each step gets its own deadline: the socket's open, then WeCom's answer to aibot_subscribe.
    const expire = () => setTimeout(() => end(`no answer to ${step} within ${connectTimeoutMs} ms`), connectTimeoutMs);
    let deadline = expire();
    cancelAttempt = () => {
      ended = true;
      clearTimeout(deadline);
    };

    c.on("message", (frame) => {
      onMessage(c, frame).catch((err) => log.error({ err: err instanceof Error ? err : fromRejection(err), reqId: frame.headers?.req_id }, "WeCom AI bot frame not answered"));
    });
    c.on("connected", () => {
      step = "aibot_subscribe";
      clearTimeout(deadline);
      deadline = expire();
    });
    c.on("authenticated", () => {
      clearTimeout(deadline);
      backoff.opened();
      deps.tracker?.open();
      log.info("WeCom long connection authenticated");
    });
    c.on("disconnected", (reason) => end(lastError ?? `closed: ${reason}`));
    c.on("error", (err) => {
      lastError = err.message;
      log.error({ err }, "WeCom long connection error (check WECOM_BOT_ID, WECOM_BOT_SECRET, WECOM_BOT_WS_URL)");
    });
    c.on("event.disconnected_event", () => {
      replaced = true;
      log.error("another connection took over this AI bot: this instance no longer receives its messages");
    });
    c.connect();
  }
  attempt();

  return {
    channel,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      cancelAttempt?.();
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners();
        // The SDK's disconnect() terminates the socket; WeCom should see a normal close first.
        const ws = (c as unknown as { wsManager: { ws: WebSocket | null } }).wsManager.ws;
        if (ws && ws.readyState === ws.OPEN) {
          await new Promise<void>((resolve) => {
            const force = setTimeout(() => ws.terminate(), 1000);
            ws.once("close", () => {
              clearTimeout(force);
              resolve();
            });
            ws.close(1000, "duban stopping");
          });
        }
        c.disconnect();
      }
      deps.tracker?.stopped();
    },
  };
}
