// A local stand-in for WeCom's AI bot long-connection endpoint, speaking the frames the
// official SDK (@wecom/aibot-node-sdk) exchanges: `aibot_subscribe` with bot_id + secret, `ping`
// heartbeats, `aibot_msg_callback` / `aibot_event_callback` pushes, and acks
// ({headers:{req_id}, errcode, errmsg}) for `aibot_respond_msg` and `aibot_send_msg`.
// It can misbehave as WeCom has been seen to: refuse a right secret for a while, accept a socket
// and never answer its subscribe, stop answering pings (a half-open connection).
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface Frame {
  cmd?: string;
  headers: { req_id: string; [k: string]: unknown };
  body?: any;
  errcode?: number;
  errmsg?: string;
}

export interface FakeWecomWs {
  url: string;
  /** Frames received from the client, in order. */
  received: Frame[];
  /** Resolves once `count` subscriptions (right bot id and secret) have been accepted in all. */
  authenticated(count?: number): Promise<void>;
  subscriptions(): number;
  /** Pushes a message callback to the subscribed client; returns its req_id. */
  pushMessage(body: Record<string, unknown>): string;
  pushEvent(body: Record<string, unknown>): string;
  /** Resolves with the first received frame (past or future) that matches. */
  waitForFrame(match: (f: Frame) => boolean): Promise<Frame>;
  /** The next aibot_send_msg acks carry these errcodes. */
  failSends(...errcodes: number[]): void;
  /** The next n subscriptions are refused (40001) even with the right secret. */
  refuseSubscribes(n: number): void;
  /** The next n subscribe frames get no answer at all. */
  ignoreSubscribes(n: number): void;
  /** The subscribed connection stops answering pings; `ignoredPings` counts those it got. */
  silence(): void;
  ignoredPings(): number;
  /** WebSocket connections accepted so far. */
  connections(): number;
  /** Close codes of client connections that have closed, in order (1006: dropped without a close frame). */
  closeCodes: number[];
  /** Resolves once `count` connections have closed. */
  closed(count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeWecomWs(opts: { botId: string; secret: string }): Promise<FakeWecomWs> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const received: Frame[] = [];
  const waiters: (() => void)[] = [];
  const sendFailures: number[] = [];
  let subscriber: WebSocket | undefined;
  let subscriptions = 0;
  let seq = 0;
  let refuse = 0;
  let ignore = 0;
  let connections = 0;
  let ignoredPings = 0;
  const silent = new WeakSet<WebSocket>();
  const closeCodes: number[] = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };
  const until = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (ready() ? resolve() : waiters.push(check));
      check();
    });

  const ack = (ws: WebSocket, reqId: string, errcode = 0, errmsg = "ok") => ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));

  wss.on("connection", (ws) => {
    connections++;
    ws.on("close", (code) => {
      closeCodes.push(code);
      notify();
    });
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      received.push(frame);
      const reqId = frame.headers?.req_id ?? "";
      switch (frame.cmd) {
        case "aibot_subscribe":
          if (ignore > 0) ignore--;
          else if (refuse > 0) {
            refuse--;
            ack(ws, reqId, 40001, "invalid bot_id or secret");
          } else if (frame.body?.bot_id === opts.botId && frame.body?.secret === opts.secret) {
            subscriber = ws;
            subscriptions++;
            ack(ws, reqId);
          } else {
            ack(ws, reqId, 40001, "invalid bot_id or secret");
          }
          break;
        case "ping":
          if (silent.has(ws)) ignoredPings++;
          else ack(ws, reqId);
          break;
        case "aibot_respond_msg":
          ack(ws, reqId);
          break;
        case "aibot_send_msg": {
          const errcode = sendFailures.shift() ?? 0;
          ack(ws, reqId, errcode, errcode ? `scripted ${errcode}` : "ok");
          break;
        }
        default:
          ack(ws, reqId, 40008, "unknown cmd");
      }
      notify();
    });
  });

  const push = (cmd: string, body: Record<string, unknown>) => {
    if (!subscriber) throw new Error("no subscribed client");
    const reqId = `fake_${cmd}_${++seq}`;
    subscriber.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  };

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received,
    authenticated: (count = 1) => until(() => subscriptions >= count),
    subscriptions: () => subscriptions,
    pushMessage: (body) => push("aibot_msg_callback", body),
    pushEvent: (body) => push("aibot_event_callback", body),
    async waitForFrame(match) {
      await until(() => received.some(match));
      return received.find(match)!;
    },
    failSends(...errcodes) {
      sendFailures.push(...errcodes);
    },
    refuseSubscribes(n) {
      refuse = n;
    },
    ignoreSubscribes(n) {
      ignore = n;
    },
    silence() {
      if (subscriber) silent.add(subscriber);
    },
    ignoredPings: () => ignoredPings,
    connections: () => connections,
    closeCodes,
    closed: (count = 1) => until(() => closeCodes.length >= count),
    close() {
      for (const c of wss.clients) c.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
