// DingTalk Stream never stays down: against a fake gateway that takes the connections/open call
// or the WebSocket upgrade and never answers; and it closes with a close frame on stop.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../src/logger";
import { createConnectionBoard, type ConnectionBoard, type ConnectionState } from "../../../src/platforms/connection-state";
import { startDingtalkStream } from "../../../src/platforms/dingtalk/stream";
import { startFakeStreamGateway, type FakeStreamGateway } from "../../fakes/dingtalk-stream";

const APP = { clientId: "dingappkey", clientSecret: "robot-app-secret" };
let gateway: FakeStreamGateway;
let stream: { stop(): Promise<void> } | undefined;
let board: ConnectionBoard;
let seen: ConnectionState[];

function start(timeoutMs = 10_000) {
  stream = startDingtalkStream({
    config: { robot: { appKey: APP.clientId, appSecret: APP.clientSecret, mode: "stream" }, apiBase: gateway.base, oapiBase: gateway.base },
    handle: async () => ({ text: "好" }),
    log: createLogger("silent"),
    reconnectDelayMs: 5,
    maxReconnectDelayMs: 40,
    timeoutMs,
    tracker: board.track("dingtalk"),
  });
}

beforeAll(() => {
  // dingtalk-stream writes to the console on every connection and socket error.
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => {
  vi.restoreAllMocks();
});
beforeEach(async () => {
  gateway = await startFakeStreamGateway(APP);
  board = createConnectionBoard();
  seen = [];
  board.onChange((s) => seen.push(s));
});
afterEach(async () => {
  await stream?.stop();
  stream = undefined;
  await gateway.close();
});

const until = async (test: () => boolean) => {
  while (!test()) await new Promise((r) => setTimeout(r, 5));
};

describe("DingTalk Stream recovery", () => {
  it("gives up on a WebSocket handshake never answered at the deadline, and connects once the gateway answers", async () => {
    gateway.stallHandshakes(2);
    start(500);
    await gateway.waitForConnections(1, 10_000);
    await until(() => board.all()[0]?.state === "open");
    const handshakeTimeouts = seen.filter((s) => s.lastError === "stream WebSocket handshake not answered within 500 ms" && s.state === "backing-off");
    expect(handshakeTimeouts).toHaveLength(2);
    // The two stalled upgrades were closed by us, not left open.
    await until(() => gateway.abandoned >= 2);
    expect(board.all()[0]).toMatchObject({ state: "open", attempt: 0 });
  });

  it("gives up on a connections/open call never answered at the deadline, and connects once the gateway answers", async () => {
    gateway.stallOpens(2);
    start(500);
    await gateway.waitForConnections(1, 10_000);
    expect(gateway.opens.length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((s) => s.state === "backing-off").length).toBeGreaterThanOrEqual(2);
    await until(() => gateway.abandoned >= 2);
  });

  it("stops at once in the middle of a stalled gateway call or handshake, without waiting out the deadline", async () => {
    // A deadline longer than the test's own timeout: a stop() that waited it out would fail.
    gateway.stallOpens(1);
    start(120_000);
    await until(() => gateway.opens.length === 1);
    await stream!.stop();
    stream = undefined;
    gateway.stallHandshakes(1);
    start(120_000);
    await until(() => gateway.opens.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    await stream!.stop();
    stream = undefined;
    await until(() => gateway.abandoned >= 2);
    expect(gateway.connections).toBe(0);
    expect(board.all()[0]?.state).toBe("stopped");
  });

  it("stops with a close frame 1000 that the gateway sees, and is then reported stopped", async () => {
    start();
    await gateway.waitForConnections(1);
    await stream!.stop();
    stream = undefined;
    await until(() => gateway.closeCodes.length >= 1);
    expect(gateway.closeCodes).toEqual([1000]);
    expect(board.all()[0]?.state).toBe("stopped");
  });
});
