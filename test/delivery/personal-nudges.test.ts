// Personal nudges (issue 23) through the outbox to the vendors' fakes, wired as the server wires
// them (createDestinationResolver): WeCom app message/send to a userid, DingTalk robot 1:1
// batchSend to a staffId. Per-person rate limits hold as for group robots; DingTalk's read state
// is recorded; WeCom app messages have none.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import type { Db } from "../../src/db/client";
import { createDeliveryWorker } from "../../src/delivery/delivery-worker";
import { enqueue } from "../../src/delivery/outbox";
import { createLogger } from "../../src/logger";
import { recordReadReceipts } from "../../src/platforms/dingtalk/read-receipts";
import { createDestinationResolver, dingtalkRobotClient } from "../../src/platforms/push-channels";
import { startFakeDingtalk, type FakeDingtalk } from "../fakes/dingtalk-api";
import { startFakeWecomApi, type FakeWecomApi } from "../fakes/wecom-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let db: Db;
let wecom: FakeWecomApi;
let dingtalk: FakeDingtalk;
const WINDOW = { perWindow: 20, windowMs: 1_000 };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database.drop());
beforeEach(async () => {
  await db.outboxMessage.deleteMany();
  await db.lease.deleteMany();
  wecom = await startFakeWecomApi({ corpId: "corp", secret: "app-secret", userLimit: WINDOW });
  dingtalk = await startFakeDingtalk();
  dingtalk.userLimit = WINDOW;
});
afterEach(async () => {
  await wecom.close();
  await dingtalk.close();
});

function config() {
  return loadConfig({
    WECOM_CORP_ID: "corp",
    WECOM_TOKEN: "QDG6eK",
    WECOM_ENCODING_AES_KEY: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    WECOM_AGENT_ID: "1000002",
    WECOM_SECRET: "app-secret",
    WECOM_API_BASE: wecom.base,
    DINGTALK_APP_KEY: "dingappkey",
    DINGTALK_APP_SECRET: "app-secret",
    DINGTALK_API_BASE: dingtalk.base,
  });
}

function worker() {
  return createDeliveryWorker({ db, log: createLogger("silent"), resolve: createDestinationResolver(db, config()), windowMs: WINDOW.windowMs, ratePerWindow: WINDOW.perWindow, heartbeatMs: 300 });
}

const nudges = (destination: string, platform: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `ladder:blue:test:${destination}:${i}`, platform, destination, message: { text: `【蓝色督办】您单位还有3项未报 #${i}#`, format: "text" as const } }));

describe("personal nudges", () => {
  it("reach a WeCom member through the app's message/send, never over the per-person rate, each once, in order", async () => {
    await enqueue(db, [...nudges("wecom-user:zhangsan", "wecom", 25), ...nudges("wecom-user:lisi", "wecom", 3)]);
    const w = worker();
    const r = await w.drainUntilIdle(10_000);
    await w.stop();
    expect(r.sent).toBe(28);
    const sends = wecom.requestsTo("/cgi-bin/message/send");
    const toZhang = sends.filter((x) => x.body.touser === "zhangsan").map((x) => Number(/#(\d+)#/.exec(x.body.text.content)![1]));
    expect(toZhang).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(sends.every((x) => x.body.agentid === 1000002 && x.body.msgtype === "text")).toBe(true);
    expect(wecom.rateLimited()).toBe(0);
    // No read receipt for WeCom app messages.
    expect(await db.outboxMessage.count({ where: { OR: [{ receipt: { not: null } }, { readAt: { not: null } }] } })).toBe(0);
  });

  it("reach a DingTalk member through the robot's 1:1 batchSend, within the per-person rate, and record when they read it", async () => {
    await enqueue(db, nudges("dingtalk-user:0009", "dingtalk", 25));
    const w = worker();
    const r = await w.drainUntilIdle(10_000);
    await w.stop();
    expect(r.sent).toBe(25);
    const batches = dingtalk.requestsTo("batch");
    expect(batches).toHaveLength(25);
    expect(batches.every((b) => JSON.stringify((b.body as { userIds: string[] }).userIds) === '["0009"]')).toBe(true);
    expect(dingtalk.flowControlled).toBe(0);
    const rows = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.every((x) => x.status === "sent" && /^pqk-\d+$/.test(x.receipt ?? ""))).toBe(true);

    const client = dingtalkRobotClient(config())!;
    expect(await recordReadReceipts(db, client)).toEqual({ asked: 25, read: 0 });
    const readAt = new Date("2026-12-07T02:00:00Z");
    dingtalk.markRead("0009", readAt);
    expect(await recordReadReceipts(db, client)).toEqual({ asked: 25, read: 25 });
    expect((await db.outboxMessage.findFirstOrThrow()).readAt).toEqual(readAt);
    // Read is read: not asked again.
    expect((await recordReadReceipts(db, client)).asked).toBe(0);
    expect(dingtalk.requestsTo("readStatus").every((q) => q.query.get("robotCode") === "dingappkey")).toBe(true);
  });

  it("a person DingTalk throttles is retried, not dropped", async () => {
    dingtalk.flowControlledUsers.add("0010");
    await enqueue(db, nudges("dingtalk-user:0010", "dingtalk", 1));
    const w = worker();
    await w.drainOnce();
    await w.stop();
    expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "pending", lastError: expect.stringContaining("flowControlled") });
  });
});
