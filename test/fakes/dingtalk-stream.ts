// A fake DingTalk Stream gateway on 127.0.0.1: POST /v1.0/gateway/connections/open hands out
// {endpoint, ticket} for the app's credentials, and a WebSocket server at that endpoint accepts
// each ticket once, pushes frames in DingTalk's format and records what the client sends back.
// Frame format (as the dingtalk-stream SDK reads it):
//   down: {specVersion, type: "SYSTEM"|"EVENT"|"CALLBACK", headers: {topic, messageId, …}, data: "<JSON string>"}
//   up (ack): {code: 200, headers: {contentType, messageId}, message: "OK", data: "<JSON string>"}
import { EventEmitter } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export const TOPIC_ROBOT = "/v1.0/im/bot/messages/get";

export interface AckFrame {
  code: number;
  headers: { messageId?: string; contentType?: string };
  message?: string;
  data?: string;
}

export interface FakeStreamGateway {
  base: string;
  /** Bodies POSTed to connections/open. */
  opens: Array<Record<string, unknown>>;
  /** WebSocket connections accepted so far (a reconnect adds one). */
  connections: number;
  acks: AckFrame[];
  /** Refuse the next n WebSocket handshakes (as a flaky network would). */
  refuseHandshakes(n: number): void;
  /** Take the next n upgrade requests and never answer them. */
  stallHandshakes(n: number): void;
  /** Take the next n connections/open calls and never answer them. */
  stallOpens(n: number): void;
  /** Stalled requests whose client has since given up (closed the TCP connection). */
  abandoned: number;
  /** Close codes of client connections that have closed (1006: dropped without a close frame). */
  closeCodes: number[];
  pushCallback(data: unknown, opts?: { messageId?: string; topic?: string }): string;
  pushRaw(text: string): void;
  sendSystem(topic: string, data?: unknown): void;
  /** The live connection stops answering pings (a half-open TCP connection behind a NAT). */
  silenceConnection(): void;
  /** Drops the live connection without a close handshake (like a network failure). */
  dropConnection(): void;
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  waitForAck(messageId: string, timeoutMs?: number): Promise<AckFrame>;
  close(): Promise<void>;
}

export async function startFakeStreamGateway(opts: { clientId: string; clientSecret: string }): Promise<FakeStreamGateway> {
  const events = new EventEmitter();
  const tickets = new Set<string>();
  // Pongs are sent by hand so a connection can be made to go silent.
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  const silent = new WeakSet<WebSocket>();
  let live: WebSocket | undefined;
  let ticketCount = 0;
  let frameCount = 0;
  let refuse = 0;
  let stallUpgrades = 0;
  let stallOpens = 0;
  const held = new Set<import("node:net").Socket>();
  const stalled = (socket: import("node:net").Socket) => {
    held.add(socket);
    // Read, so that the client closing it is seen (the HTTP server's sockets allow half-open).
    socket.resume();
    socket.once("end", () => socket.destroy());
    socket.once("close", () => {
      held.delete(socket);
      gateway.abandoned += 1;
    });
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== "POST" || req.url !== "/v1.0/gateway/connections/open") {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    gateway.opens.push(body);
    if (stallOpens > 0) {
      stallOpens -= 1;
      stalled(req.socket);
      return;
    }
    if (body.clientId !== opts.clientId || body.clientSecret !== opts.clientSecret) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ code: "InvalidAuthentication", message: "bad client" }));
      return;
    }
    ticketCount += 1;
    const ticket = `ticket-${ticketCount}`;
    tickets.add(ticket);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ endpoint: `${gateway.base.replace(/^http/, "ws")}/connect`, ticket }));
  });

  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (stallUpgrades > 0) {
      stallUpgrades -= 1;
      stalled(socket as import("node:net").Socket);
      return;
    }
    if (refuse > 0 || url.pathname !== "/connect" || !tickets.delete(ticket)) {
      if (refuse > 0) refuse -= 1;
      socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      live = ws;
      gateway.connections += 1;
      ws.on("close", (code) => {
        gateway.closeCodes.push(code);
        events.emit("change");
      });
      ws.on("ping", (data) => {
        if (!silent.has(ws)) ws.pong(data);
      });
      ws.on("message", (data) => {
        gateway.acks.push(JSON.parse(String(data)) as AckFrame);
        events.emit("change");
      });
      events.emit("change");
    });
  });

  const send = (frame: unknown) => {
    if (!live || live.readyState !== live.OPEN) throw new Error("fake stream gateway: no live connection");
    live.send(JSON.stringify(frame));
  };
  const waitUntil = <T>(test: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = test();
        if (v === undefined) return false;
        clearTimeout(timer);
        events.off("change", check);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        events.off("change", check);
        reject(new Error(`fake stream gateway: timed out waiting for ${what}`));
      }, timeoutMs);
      if (!check()) events.on("change", check);
    });

  const gateway: FakeStreamGateway = {
    base: "",
    opens: [],
    connections: 0,
    acks: [],
    abandoned: 0,
    closeCodes: [],
    refuseHandshakes(n) {
      refuse = n;
    },
    stallHandshakes(n) {
      stallUpgrades = n;
    },
    stallOpens(n) {
      stallOpens = n;
    },
    pushCallback(data, o = {}) {
      frameCount += 1;
      const messageId = o.messageId ?? `stream-msg-${frameCount}`;
      send({
        specVersion: "1.0",
        type: "CALLBACK",
        headers: { appId: "fake-app", connectionId: "fake-conn", contentType: "application/json", messageId, time: String(Date.now()), topic: o.topic ?? TOPIC_ROBOT },
        data: JSON.stringify(data),
      });
      return messageId;
    },
    pushRaw(text) {
      if (!live) throw new Error("fake stream gateway: no live connection");
      live.send(text);
    },
    sendSystem(topic, data = {}) {
      frameCount += 1;
      send({ specVersion: "1.0", type: "SYSTEM", headers: { topic, messageId: `sys-${frameCount}`, contentType: "application/json" }, data: JSON.stringify(data) });
    },
    silenceConnection() {
      if (live) silent.add(live);
    },
    dropConnection() {
      live?.terminate();
    },
    waitForConnections(n, timeoutMs = 3000) {
      return waitUntil(() => (gateway.connections >= n ? true : undefined), timeoutMs, `${n} connection(s)`).then(() => undefined);
    },
    waitForAck(messageId, timeoutMs = 2000) {
      return waitUntil(() => gateway.acks.find((a) => a.headers?.messageId === messageId), timeoutMs, `ack of ${messageId}`);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      for (const socket of held) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gateway.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return gateway;
}
