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
//   time with exponential backoff and jitter (reconnect-backoff.ts: 1 s → 60 s, for ever), after
//   a drop or a failed attempt; each step has a deadline — the gateway call (timeoutMs) and the
//   WebSocket handshake (the SDK's _connect waits for good on a server that accepts the TCP
//   connection and never answers the upgrade).
// - keep-alive: the SDK's keepAlive timer is never cleared on reconnect (timers pile up), so it
//   is off and each socket gets its own ping watchdog, cleared when that socket closes.
// The SDK still writes a line to the console on each connect and each socket error.
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from "dingtalk-stream";
import type WebSocket from "ws";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import type { ConnectionTracker } from "../connection-state";
import { createBackoff, type Backoff, type BackoffOptions } from "../reconnect-backoff";
import type { MessageHandler } from "../message";
import { decodeRobotMessage } from "./decode";
import { createInboundProcessor, type InboundProcessor } from "./inbound";
import { dingtalkOrigins, replyBySession } from "./session-reply";

export interface DingtalkStreamDeps {
  config: Config["dingtalk"];
  handle: MessageHandler;
  log: Logger;
  /** The connections/open endpoint; default `${config.apiBase}/v1.0/gateway/connections/open`. */
  gatewayUrl?: string;
  now?: () => Date;
  /** First reconnect delay (doubles per failed attempt up to maxReconnectDelayMs, jittered). */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** A connection up this long starts the backoff over; default 30 000. */
  healthyMs?: number;
  random?: () => number;
  /** How often the connection is pinged; no pong by the next tick means it is dead. */
  keepAliveMs?: number;
  /** Deadline for the gateway call and for the WebSocket handshake, each. */
  timeoutMs?: number;
  /** Where the connection's state is reported (readiness, metrics, doctor). */
  tracker?: ConnectionTracker;
}

interface ClientSettings {
  gatewayUrl: string;
  log: Logger;
  backoff: BackoffOptions;
  keepAliveMs: number;
  timeoutMs: number;
  tracker?: ConnectionTracker;
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
  });

  const client = new StreamClient(robot.appKey, robot.appSecret, {
    gatewayUrl: deps.gatewayUrl ?? `${deps.config.apiBase.replace(/\/+$/, "")}/v1.0/gateway/connections/open`,
    log,
    backoff: { baseMs: deps.reconnectDelayMs ?? 1000, capMs: deps.maxReconnectDelayMs ?? 60_000, healthyMs: deps.healthyMs, random: deps.random },
    keepAliveMs: deps.keepAliveMs ?? 10_000,
    timeoutMs: deps.timeoutMs ?? 10_000,
    tracker: deps.tracker,
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
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Aborts the attempt under way: shutdown() does not wait out its deadlines. */
  private readonly stopping = new AbortController();
  private readonly settings: ClientSettings;

  constructor(clientId: string, clientSecret: string, settings: ClientSettings) {
    super({ clientId, clientSecret, keepAlive: false, debug: false, ua: "duban" });
    this.settings = settings;
    this.backoff = createBackoff(settings.backoff);
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
      signal: AbortSignal.any([AbortSignal.timeout(this.settings.timeoutMs), this.stopping.signal]),
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
    this.settings.tracker?.connecting();
    try {
      await this.getEndpoint();
      await this.handshake();
      // Stopped meanwhile: shutdown() closes this socket (with a close frame) once we return.
      if (this.stopped) return;
      this.backoff.opened();
      this.settings.tracker?.open();
      this.watch(this.ws);
      this.settings.log.info("stream connected");
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.settings.log.warn({ reason }, "stream connection failed");
      this.scheduleReconnect(reason);
    }
  }

  /** The SDK's _connect, given a deadline: past it the half-made socket is dropped. */
  private async handshake(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let onStop: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const giveUp = (why: string) => {
        this.ws?.terminate();
        reject(new Error(why));
      };
      timer = setTimeout(() => giveUp(`stream WebSocket handshake not answered within ${this.settings.timeoutMs} ms`), this.settings.timeoutMs);
      // A handshake about to finish gets a second, so that shutdown() can close it with a
      // close frame; a stalled one is not waited out.
      onStop = () => {
        clearTimeout(timer);
        timer = setTimeout(() => giveUp("stopping"), 1000);
      };
      this.stopping.signal.addEventListener("abort", onStop, { once: true });
    });
    try {
      await Promise.race([this._connect(), deadline]);
    } finally {
      clearTimeout(timer);
      if (onStop) this.stopping.signal.removeEventListener("abort", onStop);
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
    this.stopping.abort();
    // An attempt under way ends by itself (it sees `stopped`); what it opened is closed below.
    await this.attempt;
    const socket = this.ws;
    this.settings.tracker?.stopped();
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
      this.backoff.closed();
      this.scheduleReconnect(`closed (${code})`);
    });
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.backoff.nextDelay();
    this.settings.tracker?.backingOff(this.backoff.attempt, reason);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }
}
