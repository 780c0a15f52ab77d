// The outbox worker against a fake WeCom robot API on loopback: rate limits, retries,
// permanent failures, two workers at once, and a worker killed mid fan-out.
import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { createDeliveryWorker, type DeliveryWorkerOptions } from "../../src/delivery/delivery-worker";
import { groupDestinationResolver } from "../../src/delivery/group-destination";
import { enqueue, type OutboxDraft } from "../../src/delivery/outbox";
import { processInstanceId } from "../../src/instance-id";
import { createLogger } from "../../src/logger";
import { robotWebhookChannel } from "../../src/platforms/wecom/robot-webhook";
import { startFakeWecomApi, type FakeWecomApi } from "../fakes/wecom-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const KEYS = ["r1", "r2", "r3", "r4"];
let database: TestDatabase;
let db: Db;
let fake: FakeWecomApi;
let groupIds: number[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database.drop());
beforeEach(async () => {
  await db.outboxMessage.deleteMany();
  await db.chatGroup.deleteMany();
  await db.lease.deleteMany();
});
afterEach(async () => fake?.close());

async function setup(opts: Partial<Parameters<typeof startFakeWecomApi>[0]> = {}) {
  fake = await startFakeWecomApi({ corpId: "c", secret: "s", webhookKeys: KEYS, robotLimit: { perWindow: 20, windowMs: 1_000 }, ...opts });
  groupIds = [];
  for (const [i, key] of KEYS.entries()) {
    const g = await db.chatGroup.create({ data: { platform: "wecom", chatId: `wr${i}`, webhookUrl: fake.webhookUrl(key) } });
    groupIds.push(g.id);
  }
}

/** A worker with test-sized windows; its channel gives up on a request after `timeoutMs`. */
function worker(extra: Partial<DeliveryWorkerOptions> = {}, timeoutMs = 5_000) {
  const channel = robotWebhookChannel({ apiBase: fake.base, timeoutMs });
  return createDeliveryWorker({
    db,
    log: createLogger("silent"),
    resolve: groupDestinationResolver(db, { webhook: { wecom: () => channel }, byChatId: {} }),
    windowMs: 1_000,
    ratePerWindow: 20,
    backoff: { baseMs: 20, maxMs: 100 },
    breakerMs: 50,
    heartbeatMs: 300,
    ...extra,
  });
}

function drafts(n: number, groups = groupIds): OutboxDraft[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `t:${i}`,
    platform: "wecom",
    destination: `group:${groups[i % groups.length]}`,
    message: { text: `提醒 #${i}#`, format: "text" as const },
  }));
}

/** How many times each message arrived at the fake. */
function arrivals(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of fake.requestsTo("/cgi-bin/webhook/send")) {
    const m = /#(\d+)#/.exec(r.body?.text?.content ?? "");
    if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  return counts;
}

describe("delivery worker", () => {
  it("sends each message once, in order per robot, never over the robot's rate", async () => {
    await setup();
    await enqueue(db, drafts(100)); // 25 per robot: two windows each
    const started = Date.now();
    const r = await worker().drainUntilIdle();
    expect(r).toMatchObject({ sent: 100, failed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(fake.rateLimited()).toBe(0);
    expect([...arrivals().values()].every((c) => c === 1)).toBe(true);
    const toFirst = fake.requestsTo("/cgi-bin/webhook/send").filter((x) => x.query.key === "r1").map((x) => Number(/#(\d+)#/.exec(x.body.text.content)![1]));
    expect(toFirst).toEqual([...toFirst].sort((a, b) => a - b));
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(100);
  });

  it("retries busy answers, 5xx and timeouts with backoff, and gives up on permanent errors with the reason", async () => {
    await setup();
    fake.script("/cgi-bin/webhook/send", { errcode: -1 }, { status: 502 }, "hang", { errcode: 93000, errmsg: "invalid webhook url" });
    await enqueue(db, drafts(4, [groupIds[0]!]));
    const r = await worker({}, 300).drainUntilIdle();
    expect(r.retried).toBe(3);
    const rows = await db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    // The first message met -1, 502 and a timeout, then 93000: failed, with the reason kept.
    expect(rows[0]).toMatchObject({ status: "failed", attempts: 4 });
    expect(rows[0]!.lastError).toContain("93000");
    expect(rows.slice(1).map((x) => x.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("marks a group with no push channel failed, saying what to do", async () => {
    await setup();
    const g = await db.chatGroup.create({ data: { platform: "dingtalk", chatId: "cid-x" } });
    await enqueue(db, drafts(1, [g.id]));
    await worker().drainUntilIdle();
    const row = await db.outboxMessage.findFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("duban group bind --webhook");
  });

  it("puts a message back for a retry when the worker itself fails, instead of leaving it stuck", async () => {
    await setup();
    await enqueue(db, drafts(2, [groupIds[0]!]));
    const channel = robotWebhookChannel({ apiBase: fake.base, timeoutMs: 300 });
    let calls = 0;
    const w = worker({
      resolve: async (destination) => {
        if (++calls === 1) throw new Error("database is down");
        return groupDestinationResolver(db, { webhook: { wecom: () => channel }, byChatId: {} })(destination);
      },
    });
    const r = await w.drainUntilIdle();
    expect(r).toMatchObject({ sent: 2, retried: 1 });
    expect((await db.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((x) => [x.status, x.attempts])).toEqual([
      ["sent", 2],
      ["sent", 1],
    ]);
  });

  it("a send slower than the heartbeat's expiry is not taken over by another live worker", async () => {
    await setup({ webhookLatencyMs: 1_200 });
    await enqueue(db, drafts(1, [groupIds[0]!]));
    const patient = robotWebhookChannel({ apiBase: fake.base, timeoutMs: 5_000 });
    const slow = worker({ heartbeatMs: 100, resolve: groupDestinationResolver(db, { webhook: { wecom: () => patient }, byChatId: {} }) });
    const first = slow.drainUntilIdle();
    await fake.waitFor("/cgi-bin/webhook/send", 1);
    await new Promise((r) => setTimeout(r, 500)); // well past 3 × 100 ms
    const other = await worker({ heartbeatMs: 100 }).drainOnce();
    expect(other).toMatchObject({ sent: 0, reclaimed: 0 });
    expect(await first).toMatchObject({ sent: 1 });
    expect(fake.requestsTo("/cgi-bin/webhook/send")).toHaveLength(1);
    expect((await db.outboxMessage.findFirstOrThrow()).possiblyDuplicated).toBe(false);
    await slow.stop();
  });

  it("two workers sharing the database send each message exactly once", async () => {
    await setup({ webhookLatencyMs: 5 });
    await enqueue(db, drafts(120));
    // Each serves two of the four robots at a time; a robot is served by one worker at a time.
    const [a, b] = [worker({ concurrency: 2 }), worker({ concurrency: 2 })];
    const [ra, rb] = await Promise.all([a.drainUntilIdle(), b.drainUntilIdle()]);
    expect(ra.sent + rb.sent).toBe(120);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    const counts = arrivals();
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(fake.rateLimited()).toBe(0);
  });

  it("after kill -9 mid fan-out, a restarted worker loses nothing and duplicates at most what was in flight", async () => {
    await setup({ webhookLatencyMs: 150 });
    await enqueue(db, drafts(80));
    const child = () =>
      spawn(process.execPath, ["--import", "tsx", "test/helpers/delivery-child.ts"], {
        env: { ...process.env, DATABASE_URL: database.url, FAKE_WECOM_BASE: fake.base },
        stdio: ["ignore", "pipe", "inherit"],
      });
    const first = child();
    await fake.waitFor("/cgi-bin/webhook/send", 20);
    while (fake.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    // In flight at the crash: the rows it had claimed — requests the fake was answering, and
    // any claimed one still on its way there.
    const inFlightAtKill = await db.outboxMessage.count({ where: { status: "sending" } });
    expect(inFlightAtKill).toBeLessThanOrEqual(4); // its lanes

    const second = child();
    try {
      for (let i = 0; i < 400 && (await db.outboxMessage.count({ where: { status: { not: "sent" } } })) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    }
    const counts = arrivals();
    expect(counts.size).toBe(80); // nothing lost
    const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
    const flagged = await db.outboxMessage.count({ where: { possiblyDuplicated: true } });
    expect(flagged).toBeGreaterThanOrEqual(duplicates);
    expect(flagged).toBeLessThanOrEqual(inFlightAtKill);
  }, 60_000);

  it("a restart that reuses the old hostname and pid (a container's pid 1) reclaims what its predecessor left sending", async () => {
    await setup();
    await enqueue(db, drafts(3));
    // The killed process was "box-1" too; its heartbeat has lapsed; it left its rows sending.
    const before = processInstanceId("box", 1);
    await db.outboxMessage.updateMany({ data: { status: "sending", claimedBy: before, claimedAt: new Date(), attempts: 1 } });
    await db.lease.create({ data: { name: `worker:${before}`, holder: before, expiresAt: new Date(Date.now() - 1_000) } });

    const restarted = worker({ instanceId: processInstanceId("box", 1) });
    const r = await restarted.drainUntilIdle(2_000);
    await restarted.stop();
    expect(r).toMatchObject({ sent: 3, reclaimed: 3 });
    expect(await db.outboxMessage.count({ where: { status: "sent", possiblyDuplicated: true } })).toBe(3);
    expect(restarted.instanceId).not.toBe(before);
  });

  it("counts the rate per robot, not per group: 25 units' groups bound to one webhook key never exceed its limit", async () => {
    await setup();
    const shared: number[] = [];
    for (let i = 0; i < 25; i++) shared.push((await db.chatGroup.create({ data: { platform: "wecom", chatId: `wr-county-${i}`, webhookUrl: fake.webhookUrl("r1") } })).id);
    await enqueue(db, drafts(25, shared));
    const started = Date.now();
    const r = await worker().drainUntilIdle();
    expect(r.sent).toBe(25);
    expect(fake.rateLimited()).toBe(0);
    const at = fake.requestsTo("/cgi-bin/webhook/send").map((x) => x.at);
    expect(at).toHaveLength(25);
    // 20 in the first 1 s window, the other 5 in the next one.
    expect(at[20]! - at[0]!).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The robot's key is a secret: the outbox records only a hash of it.
    const robots = await db.outboxMessage.findMany({ distinct: ["robot"], select: { robot: true } });
    expect(robots).toHaveLength(1);
    expect(robots[0]!.robot).toMatch(/^wecom-robot:[0-9a-f]{16}$/);
  });
});
