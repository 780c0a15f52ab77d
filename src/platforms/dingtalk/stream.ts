// Stream mode (DINGTALK_MODE=stream): DingTalk pushes robot messages down a WebSocket we open,
// so no public URL is needed. Built on the official `dingtalk-stream` package (DWClient), which
// speaks the frame protocol: SYSTEM ping replies, CALLBACK dispatch by topic, ack frames.
// https://open.dingtalk.com/document/resourcedownload/introduction-to-stream-mode
// https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description
//
// Three things in dingtalk-stream 2.1.5 are replaced here, by overriding its public methods:
// - getEndpoint(): the SDK POSTs to a hard-coded GATEWAY_URL constant (no option to change it),
//   through axios without a timeout. Ours POSTs to DINGTALK_API_BASE's
//   /v1.0/gateway/connections/open (or deps.gatewayUrl) with fetch and a timeout.
// - connect(): the SDK's reconnect (autoReconnect) retries every 1 s without backoff, and when a
//   WebSocket handshake fails both its error path and its close handler schedule a retry, so the
//   number of parallel connection attempts doubles on every failure. Ours is one attempt at a
//   time with exponential backoff, after a drop or a failed attempt.
// - keep-alive: the SDK's keepAlive timer is never cleared on reconnect (timers pile up), so it
//   is off and each socket gets its own ping watchdog, cleared when that socket closes.
// The SDK still writes a line to the console on each connect and each socket error.
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from "dingtalk-stream";
import type WebSocket from "ws";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import type { MessageHandler } from "../message";
import { decodeRobotMessage } from "./decode";
import { createInboundProcessor, type InboundProcessor } from "./inbound";
import { createDingtalkApiClient } from "./api-client";
import { answerCardCallback, cardDelivery } from "./interactive-card";
import { dingtalkOrigins, replyBySession } from "./session-reply";

export interface DingtalkStreamDeps {
  config: Config["dingtalk"];
  handle: MessageHandler;
  log: Logger;
  /** The connections/open endpoint; default `${config.apiBase}/v1.0/gateway/connections/open`. */
  gatewayUrl?: string;
  now?: () => Date;
  /** First reconnect delay (doubles per failed attempt up to maxReconnectDelayMs). */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** How often the connection is pinged; no pong by the next tick means it is dead. */
  keepAliveMs?: number;
  timeoutMs?: number;
}

interface ClientSettings {
  gatewayUrl: string;
  log: Logger;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  keepAliveMs: number;
  timeoutMs: number;
}

export function startDingtalkStream(deps: DingtalkStreamDeps): { stop(): Promise<void> } {
  const robot = deps.config.robot;
  if (!robot) throw new Error("DingTalk Stream mode needs DINGTALK_APP_KEY and DINGTALK_APP_SECRET");
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child({ platform: "dingtalk", transport: "stream" });
  const processor: InboundProcessor = createInboundProcessor({
    handle: deps.handle,
    log,
    now,
    reply: (decoded, reply) => replyBySession(decoded, reply, { allowedOrigins: dingtalkOrigins(deps.config.oapiBase, deps.config.apiBase), now }),
    ...cardDelivery(deps.config),
  });

  const client = new StreamClient(robot.appKey, robot.appSecret, {
    gatewayUrl: deps.gatewayUrl ?? `${deps.config.apiBase.replace(/\/+$/, "")}/v1.0/gateway/connections/open`,
    log,
    reconnectDelayMs: deps.reconnectDelayMs ?? 1000,
    maxReconnectDelayMs: deps.maxReconnectDelayMs ?? 30_000,
    keepAliveMs: deps.keepAliveMs ?? 10_000,
    timeoutMs: deps.timeoutMs ?? 10_000,
  });

  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    // Ack first: DingTalk pushes an unacknowledged message again within ~60 s, and our work
    // (database, reply) must not hold the connection. A redelivery is dropped by msgId anyway.
    const streamMessageId = frame.headers?.messageId;
    if (streamMessageId) client.socketCallBackResponse(streamMessageId, {});
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      log.warn({ streamMessageId }, "robot frame data is not JSON; ignored");
      return;
    }
    const decoded = decodeRobotMessage(body);
    if (!decoded.ok) {
      log.warn({ streamMessageId, reason: decoded.reason }, "robot frame ignored");
      return;
    }
    if (processor.accept(decoded.value) === "duplicate") {
      log.info({ msgId: decoded.value.message.messageId }, "redelivered message dropped");
    }
  });
  // Card clicks (issue 22), when the robot sends cards: acked at once like robot messages.
  if (robot.cardTemplateId) {
    const cardApi = createDingtalkApiClient({ apiBase: deps.config.apiBase, appKey: robot.appKey, appSecret: robot.appSecret, robotCode: robot.robotCode });
    client.registerCallbackListener(TOPIC_CARD, (frame: DWClientDownStream) => {
      const streamMessageId = frame.headers?.messageId;
      if (streamMessageId) client.socketCallBackResponse(streamMessageId, {});
      let data: unknown;
      try {
        data = JSON.parse(frame.data);
      } catch {
        log.warn({ streamMessageId }, "card frame data is not JSON; ignored");
        return;
      }
      answerCardCallback({ handle: deps.handle, client: cardApi, log }, data).catch((err) => log.error({ err, streamMessageId }, "DingTalk card click not answered"));
    });
  }
  void client.connect();

  return {
    async stop() {
      await client.shutdown();
      await processor.idle();
    },
  };
}

class StreamClient extends DWClient {
  private stopped = false;
  private attempt: Promise<void> | undefined;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly settings: ClientSettings;

  constructor(clientId: string, clientSecret: string, settings: ClientSettings) {
    super({ clientId, clientSecret, keepAlive: false, debug: false, ua: "duban" });
    this.settings = settings;
    this.config.autoReconnect = false;
    // The SDK's default subscribes to every EVENT topic, in an array shared by all DWClients
    // (its defaults are spread shallowly): start from a fresh, empty list.
    this.config.subscriptions = [];
  }

  /** The SDK keeps the socket private; we need it for the watchdog and for closing. */
  private get ws(): WebSocket | undefined {
    return (this as unknown as { socket?: WebSocket }).socket;
  }

  // https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description
  // POST {clientId, clientSecret, ua, subscriptions} → {endpoint, ticket}; the WebSocket URL is
  // endpoint?ticket=…, and a ticket is good for one connection.
  override async getEndpoint(): Promise<this> {
    const res = await fetch(this.settings.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (!res.ok) throw new Error(`stream gateway answered HTTP ${res.status}`);
    const answer = (await res.json()) as { endpoint?: unknown; ticket?: unknown };
    if (typeof answer.endpoint !== "string" || typeof answer.ticket !== "string") throw new Error("stream gateway gave no endpoint and ticket");
    // _connect() opens whatever dw_url holds (a private field of the SDK's).
    (this as unknown as { dw_url: string }).dw_url = `${answer.endpoint}?ticket=${encodeURIComponent(answer.ticket)}`;
    return this;
  }

  override connect(): Promise<void> {
    if (this.stopped || this.connected) return Promise.resolve();
    this.attempt ??= this.tryConnect().finally(() => {
      this.attempt = undefined;
    });
    return this.attempt;
  }

  /** One attempt: a fresh ticket, then the WebSocket. Never throws; a failure schedules the next. */
  private async tryConnect(): Promise<void> {
    try {
      await this.getEndpoint();
      await this._connect();
      if (this.stopped) {
        this.ws?.terminate();
        return;
      }
      this.failures = 0;
      this.watch(this.ws);
      this.settings.log.info("stream connected");
    } catch (err) {
      this.settings.log.warn({ reason: err instanceof Error ? err.message : String(err) }, "stream connection failed");
      this.scheduleReconnect();
    }
  }

  /** A frame the SDK cannot parse would throw inside the socket's event handler and crash us. */
  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (err) {
      this.settings.log.warn({ reason: err instanceof Error ? err.message : String(err) }, "unreadable stream frame ignored");
    }
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    // An attempt under way ends by itself (it sees `stopped` and closes what it opened).
    await this.attempt;
    const socket = this.ws;
    if (!socket || socket.readyState === socket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => socket.terminate(), 1000);
      socket.once("close", () => {
        clearTimeout(force);
        resolve();
      });
      socket.close(1000, "duban stopping");
    });
  }

  private watch(socket: WebSocket | undefined): void {
    if (!socket) return;
    let alive = true;
    const beat = () => {
      alive = true;
    };
    socket.on("pong", beat);
    socket.on("message", beat);
    const timer = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return; // closing: its close event follows
      if (!alive) {
        this.settings.log.warn("stream connection silent; closing it");
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, this.settings.keepAliveMs);
    timer.unref();
    socket.once("close", (code: number) => {
      clearInterval(timer);
      if (this.stopped) return;
      this.settings.log.warn({ code }, "stream connection closed; reconnecting");
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(this.settings.reconnectDelayMs * 2 ** this.failures, this.settings.maxReconnectDelayMs);
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }
}
