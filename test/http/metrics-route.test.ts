// GET /metrics: Prometheus text with what operators watch, behind ADMIN_TOKEN or localhost only.
import Router from "@koa/router";
import Koa from "koa";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMetricsRoute } from "../../src/http/metrics-route";
import { createMetrics, type Metrics } from "../../src/metrics";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let metrics: Metrics;
const servers: Server[] = [];

async function serve(adminToken?: string): Promise<string> {
  const app = new Koa();
  app.proxy = true;
  const router = new Router();
  registerMetricsRoute(router, { registry: metrics.registry, adminToken });
  app.use(router.routes());
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  database = await createTestDatabase();
  metrics = createMetrics(database.db, { defaultMetrics: false });
});
afterAll(async () => {
  for (const s of servers) s.close();
  await database.drop();
});

describe("GET /metrics", () => {
  it("counts every escalation-ladder message by rung and status (issue 23)", async () => {
    const row = (key: string, status: string) => ({ key, platform: "wecom", channel: "wecom-user", destination: "wecom-user:zhangsan", payload: "{}", status });
    await database.db.outboxMessage.createMany({
      data: [row("ladder:blue:2020-09-23:a:wecom-user:zhangsan:part1", "sent"), row("ladder:blue:2020-09-23:a:wecom-user:xiaoli:part1", "sent"), row("ladder:red:sheet:1:2:3:group:1", "pending"), row("2020Q3:d7:group:1:part1", "sent")],
    });
    const text = await (await fetch(`${await serve()}/metrics`)).text();
    expect(text).toContain('duban_ladder_messages{rung="blue",status="sent"} 2');
    expect(text).toContain('duban_ladder_messages{rung="red",status="pending"} 1');
    expect(text).toContain('duban_ladder_messages{rung="yellow",status="sent"} 0');
    await database.db.outboxMessage.deleteMany();
  });

  it("counts inbound messages and replies, deliveries, retries, outbox depth, leases and scheduler ticks", async () => {
    const handle = metrics.instrument(async () => ({ text: "ok" }));
    await handle({ platform: "wecom", messageId: "1", chatId: "u", chatType: "single", senderId: "u", text: "我的任务" });
    const failing = metrics.instrument(async () => {
      throw new Error("boom");
    });
    await expect(failing({ platform: "dingtalk", messageId: "2", chatId: "u", chatType: "single", senderId: "u", text: "x" })).rejects.toThrow();
    metrics.onDelivery({ kind: "sent", destination: "group:1", platform: "wecom" });
    metrics.onDelivery({ kind: "retry", destination: "group:1", platform: "wecom" });
    metrics.onSchedulerTick({ stage: { period: { key: "2020Q1" }, name: "d7" }, enqueued: 3 });
    await database.db.outboxMessage.create({ data: { key: "m1", platform: "wecom", channel: "group", destination: "group:1", payload: "{}" } });
    await database.db.lease.create({ data: { name: "worker:a", holder: "a", expiresAt: new Date(Date.now() + 60_000) } });

    const res = await fetch(`${await serve()}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('duban_inbound_messages_total{platform="wecom",outcome="answered"} 1');
    expect(text).toContain('duban_inbound_messages_total{platform="dingtalk",outcome="error"} 1');
    expect(text).toMatch(/duban_reply_seconds_count\{platform="wecom"\} 1/);
    expect(text).toContain('duban_deliveries_total{kind="group",result="sent"} 1');
    expect(text).toContain('duban_delivery_retries_total{kind="group"} 1');
    expect(text).toContain('duban_outbox_messages{status="pending"} 1');
    expect(text).toContain('duban_outbox_messages{status="failed"} 0');
    expect(text).toContain('duban_leases_held{kind="worker"} 1');
    expect(text).toContain("duban_scheduler_ticks_total 1");
    expect(text).toContain('duban_reminder_stages_sent_total{stage="d7"} 1');
  });

  it("without ADMIN_TOKEN answers only local clients that did not come through a proxy", async () => {
    const base = await serve();
    expect((await fetch(`${base}/metrics`, { headers: { "x-forwarded-for": "127.0.0.1" } })).status).toBe(403);
  });

  it("with ADMIN_TOKEN asks for it, even from localhost", async () => {
    const base = await serve("admin-secret-123");
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer admin-secret-123" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("duban_outbox_messages");
  });

  it("ignores an ADMIN_TOKEN too short to be safe, as the dashboard does: only local clients then", async () => {
    const base = await serve("admin");
    const remote = { "x-forwarded-for": "198.51.100.7" };
    expect((await fetch(`${base}/metrics`, { headers: { ...remote, authorization: "Bearer admin" } })).status).toBe(403);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });
});
