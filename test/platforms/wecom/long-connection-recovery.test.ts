// The WeCom long connection never stays down: against a fake WeCom that accepts and never
// answers, refuses a right secret for a while, or stops answering pings; and it closes cleanly.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger";
import { createConnectionBoard, REPLACED, type ConnectionBoard, type ConnectionState } from "../../../src/platforms/connection-state";
import { startWecomLongConnection, type WecomLongConnection } from "../../../src/platforms/wecom/long-connection";
import { startFakeWecomWs, type FakeWecomWs } from "../../fakes/wecom-ws";

const BOT_ID = "aib-duban-test";
const SECRET = "bot-secret";

let server: FakeWecomWs;
let conn: WecomLongConnection | undefined;
let board: ConnectionBoard;
let seen: ConnectionState[];

beforeEach(async () => {
  server = await startFakeWecomWs({ botId: BOT_ID, secret: SECRET });
  board = createConnectionBoard();
  seen = [];
  board.onChange((s) => seen.push(s));
});
afterEach(async () => {
  await conn?.stop();
  conn = undefined;
  await server.close();
});

function start(o: { wsUrl?: string; heartbeatInterval?: number; connectTimeoutMs?: number } = {}) {
  conn = startWecomLongConnection({
    config: { botId: BOT_ID, secret: SECRET, wsUrl: o.wsUrl ?? server.url },
    handle: async () => ({ text: "好" }),
    log: createLogger("silent"),
    sdkOptions: { heartbeatInterval: o.heartbeatInterval ?? 10_000 },
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    backoff: { baseMs: 5, capMs: 40 },
    tracker: board.track("wecom"),
  });
  return conn;
}

const until = async (test: () => boolean) => {
  while (!test()) await new Promise((r) => setTimeout(r, 5));
};

describe("WeCom long connection recovery", () => {
  it("drops a socket whose subscribe WeCom never answers at the deadline, and connects once WeCom answers", async () => {
    server.ignoreSubscribes(2);
    start({ connectTimeoutMs: 500 });
    await server.authenticated(1);
    expect(server.connections()).toBe(3);
    // The two silent sockets were closed by us, not left open.
    await server.closed(2);
    expect(seen.filter((s) => s.state === "backing-off").map((s) => s.lastError)).toEqual([
      "no answer to aibot_subscribe within 500 ms",
      "no answer to aibot_subscribe within 500 ms",
    ]);
    await until(() => board.all()[0]?.state === "open");
    expect(board.all()[0]).toMatchObject({ state: "open", attempt: 0, reconnects: 2 });
  });

  it("drops a connection that never gets past the TCP accept, and says so", async () => {
    // A server that takes the TCP connection and never answers the WebSocket upgrade.
    const held: Socket[] = [];
    let dropped = 0;
    const black: Server = createServer((s) => {
      held.push(s);
      s.resume(); // read, so that the client closing it is seen
      s.on("close", () => dropped++);
    });
    await new Promise<void>((r) => black.listen(0, "127.0.0.1", r));
    try {
      start({ wsUrl: `ws://127.0.0.1:${(black.address() as AddressInfo).port}`, connectTimeoutMs: 150 });
      await until(() => seen.filter((s) => s.state === "backing-off").length >= 2);
      expect(board.all()[0]).toMatchObject({ state: expect.stringMatching(/backing-off|connecting/), lastError: "no answer to WebSocket open within 150 ms" });
      // The sockets of the attempts given up on were closed by us, not left open.
      await until(() => dropped >= 2);
    } finally {
      await conn?.stop();
      conn = undefined;
      for (const s of held) s.destroy();
      await new Promise((r) => black.close(r));
    }
  });

  it("keeps retrying through seven refused secrets (the SDK alone gives up after five) and connects", async () => {
    server.refuseSubscribes(7);
    start();
    await server.authenticated(1);
    expect(server.connections()).toBe(8);
    const backingOff = seen.filter((s) => s.state === "backing-off");
    expect(backingOff.map((s) => s.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(backingOff[6]?.lastError).toContain("40001");
  });

  it("notices a connection that stops answering pings after one unanswered ping, and reconnects", async () => {
    start({ heartbeatInterval: 250 });
    await server.authenticated(1);
    await until(() => board.all()[0]?.state === "open");
    server.silence();
    await server.authenticated(2);
    // The SDK alone waits for two unanswered pings at 30 s each.
    expect(server.ignoredPings()).toBe(1);
    expect(server.closeCodes).toEqual([1006]);
  });

  it("does not take the bot back from another connection that took it over, and reports that", async () => {
    start();
    await server.authenticated(1);
    await until(() => board.all()[0]?.state === "open");
    server.pushEvent({ msgid: "ev1", aibotid: BOT_ID, create_time: 1, msgtype: "event", event: { eventtype: "disconnected_event" } });
    await until(() => board.all()[0]?.state === "stopped");
    expect(board.all()[0]?.lastError).toBe(REPLACED);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.connections()).toBe(1);
  });

  it("stops with a close frame 1000 that WeCom sees, and is then reported stopped", async () => {
    start();
    await server.authenticated(1);
    await conn!.stop();
    conn = undefined;
    await server.closed(1);
    expect(server.closeCodes).toEqual([1000]);
    expect(board.all()[0]?.state).toBe("stopped");
    expect(server.connections()).toBe(1);
  });
});
