import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../src/logger";
import { startDingtalkStream } from "../../../src/platforms/dingtalk/stream";
import type { InboundMessage, MessageHandler } from "../../../src/platforms/message";
import { startFakeDingtalk, type FakeDingtalk } from "../../fakes/dingtalk-api";
import { startFakeStreamGateway, TOPIC_ROBOT, type FakeStreamGateway } from "../../fakes/dingtalk-stream";

const APP = { clientId: "dingappkey", clientSecret: "robot-app-secret" };
let api: FakeDingtalk;
let gateway: FakeStreamGateway;
let stream: { stop(): Promise<void> } | undefined;
let calls: InboundMessage[];
const handle: MessageHandler = async (m) => {
  calls.push(m);
  return { text: `已收到：${m.text.trim()}` };
};

let counter = 0;
function robotMessage(name = "group-text", overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body = JSON.parse(readFileSync(`test/fixtures/dingtalk/${name}.json`, "utf8")) as Record<string, unknown>;
  counter += 1;
  return { ...body, msgId: `stream-${counter}`, sessionWebhook: api.sessionWebhook(`s-${counter}`), sessionWebhookExpiredTime: Date.now() + 5_400_000, ...overrides };
}

function start(extra: { gatewayUrl?: string; keepAliveMs?: number } = {}) {
  stream = startDingtalkStream({
    config: { robot: { appKey: APP.clientId, appSecret: APP.clientSecret, mode: "stream" }, apiBase: gateway.base, oapiBase: api.base },
    handle,
    log: createLogger("silent"),
    reconnectDelayMs: 10,
    ...extra,
  });
  return stream;
}

beforeAll(async () => {
  // dingtalk-stream writes "connect success" to the console on every connection.
  vi.spyOn(console, "info").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  api = await startFakeDingtalk();
});
afterAll(async () => {
  await api?.close();
  vi.restoreAllMocks();
});
beforeEach(async () => {
  calls = [];
  gateway = await startFakeStreamGateway(APP);
});
afterEach(async () => {
  await stream?.stop();
  stream = undefined;
  await gateway.close();
  api.requests.length = 0;
});

describe("DingTalk Stream mode", () => {
  it("opens a connection through the gateway with the app's credentials, subscribed to robot messages only", async () => {
    start();
    await gateway.waitForConnections(1);
    expect(gateway.opens[0]).toMatchObject({ clientId: APP.clientId, clientSecret: APP.clientSecret, subscriptions: [{ type: "CALLBACK", topic: TOPIC_ROBOT }] });
  });

  it("acks a robot message, hands it to the handler and replies through its sessionWebhook", async () => {
    start();
    await gateway.waitForConnections(1);
    const messageId = gateway.pushCallback(robotMessage("group-text"));
    const ack = await gateway.waitForAck(messageId);
    expect(ack).toMatchObject({ code: 200, headers: { messageId }, message: "OK" });
    expect(JSON.parse(ack.data!)).toEqual({ response: {} });

    const [reply] = await api.waitFor("session", 1);
    expect(reply!.body).toEqual({ msgtype: "markdown", markdown: { title: "已收到：我的任务", text: "@zhangsan01 已收到：我的任务" }, at: { atUserIds: ["zhangsan01"] } });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ platform: "dingtalk", chatType: "group", senderId: "zhangsan01" });
  });

  it("acks but processes once a message DingTalk pushes again", async () => {
    start();
    await gateway.waitForConnections(1);
    const body = robotMessage("single-text");
    const first = gateway.pushCallback(body);
    const again = gateway.pushCallback(body);
    await gateway.waitForAck(first);
    await gateway.waitForAck(again);
    await api.waitFor("session", 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(1);
    expect(api.requestsTo("session")).toHaveLength(1);
  });

  it("survives junk frames and bad data, and answers the gateway's ping", async () => {
    start();
    await gateway.waitForConnections(1);
    gateway.pushRaw("not json at all");
    const bad = gateway.pushCallback("just a string");
    const wrongShape = gateway.pushCallback({ msgtype: "text" });
    await gateway.waitForAck(bad);
    await gateway.waitForAck(wrongShape);
    gateway.sendSystem("ping", { opaque: "p1" });
    const pong = await gateway.waitForAck("sys-3");
    expect(JSON.parse(pong.data!)).toEqual({ opaque: "p1" });
    const good = gateway.pushCallback(robotMessage());
    await gateway.waitForAck(good);
    await api.waitFor("session", 1);
    expect(calls).toHaveLength(1);
  });

  it("reconnects with a fresh ticket after the server drops the socket, and carries on", async () => {
    start();
    await gateway.waitForConnections(1);
    gateway.dropConnection();
    await gateway.waitForConnections(2);
    expect(gateway.opens).toHaveLength(2);
    const messageId = gateway.pushCallback(robotMessage());
    await gateway.waitForAck(messageId);
    await api.waitFor("session", 1);
    expect(calls).toHaveLength(1);
  });

  it("closes and replaces a connection that stops answering pings", async () => {
    start({ keepAliveMs: 20 });
    await gateway.waitForConnections(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(gateway.connections).toBe(1); // pongs arrive: the connection is kept
    gateway.silenceConnection();
    await gateway.waitForConnections(2);
    const messageId = gateway.pushCallback(robotMessage());
    await gateway.waitForAck(messageId);
  });

  it("retries a refused handshake one attempt at a time (the SDK's own reconnect doubles them)", async () => {
    start();
    await gateway.waitForConnections(1);
    gateway.refuseHandshakes(3);
    gateway.dropConnection();
    await gateway.waitForConnections(2);
    await new Promise((r) => setTimeout(r, 80));
    // One open for the first connection, then 3 refused attempts and 1 that succeeded.
    expect(gateway.opens).toHaveLength(5);
    expect(gateway.connections).toBe(2);
  });

  it("keeps retrying while the gateway refuses the credentials, and stop() ends it", async () => {
    start({ gatewayUrl: `${gateway.base}/nowhere` });
    await new Promise((r) => setTimeout(r, 60));
    await stream!.stop();
    stream = undefined;
    expect(gateway.connections).toBe(0);
  });

  it("stops: the socket is closed and no reconnect follows", async () => {
    start();
    await gateway.waitForConnections(1);
    await stream!.stop();
    stream = undefined;
    await new Promise((r) => setTimeout(r, 60));
    expect(gateway.connections).toBe(1);
    expect(gateway.opens).toHaveLength(1);
  });
});
