// A long connection's state where operators look: /readyz (503 when it is the only way in and
// down), /metrics (state gauge, reconnect counter) and `duban doctor` (another process: it
// reads the status row the server writes). Driven by the real WeCom long connection against a
// fake WeCom that refuses the secret, then accepts it.
import Router from "@koa/router";
import Koa from "koa";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMetricsRoute } from "../../src/http/metrics-route";
import { registerReadinessRoute } from "../../src/http/readiness-route";
import { createLogger } from "../../src/logger";
import { createMetrics } from "../../src/metrics";
import { migrationsDir } from "../../src/db/migrate";
import { createConnectionBoard, type ConnectionBoard } from "../../src/platforms/connection-state";
import { startConnectionStatusWriter } from "../../src/platforms/connection-status-writer";
import { startWecomLongConnection, type WecomLongConnection } from "../../src/platforms/wecom/long-connection";
import { startFakeWecomWs, type FakeWecomWs } from "../fakes/wecom-ws";
import { runDuban } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const BOT_ID = "aib-status";
const SECRET = "bot-secret";
let database: TestDatabase;
let fake: FakeWecomWs;
let board: ConnectionBoard;
let conn: WecomLongConnection;
let writer: { stop(): Promise<void> };
const servers: Server[] = [];
let onlyInbound: string;
let withCallback: string;
let metricsUrl: string;

async function serve(register: (r: Router) => void): Promise<string> {
  const app = new Koa();
  const router = new Router();
  register(router);
  app.use(router.routes());
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const until = async (test: () => boolean | Promise<boolean>) => {
  while (!(await test())) await new Promise((r) => setTimeout(r, 10));
};
const doctor = () =>
  runDuban({ DATABASE_URL: database.url, LOG_LEVEL: "silent", WECOM_BOT_MODE: "ws", WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_BOT_WS_URL: fake.url }, "doctor");

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeWecomWs({ botId: BOT_ID, secret: SECRET });
  fake.refuseSubscribes(1_000_000);
  board = createConnectionBoard();
  const metrics = createMetrics(database.db, { defaultMetrics: false });
  metrics.watchConnections(board);
  const dir = migrationsDir(database.provider);
  onlyInbound = `${await serve((r) => registerReadinessRoute(r, { db: database.db, migrationsDir: dir, connections: { board, onlyInbound: true } }))}/readyz`;
  withCallback = `${await serve((r) => registerReadinessRoute(r, { db: database.db, migrationsDir: dir, connections: { board, onlyInbound: false } }))}/readyz`;
  metricsUrl = `${await serve((r) => registerMetricsRoute(r, { registry: metrics.registry }))}/metrics`;
  conn = startWecomLongConnection({
    config: { botId: BOT_ID, secret: SECRET, wsUrl: fake.url },
    handle: async () => ({ text: "好" }),
    log: createLogger("silent"),
    backoff: { baseMs: 20, capMs: 100 },
    tracker: board.track("wecom"),
  });
  writer = startConnectionStatusWriter(database.db, board, { instanceId: "test-instance", onError: (e) => console.error(e) });
});
afterAll(async () => {
  await conn?.stop();
  await writer?.stop();
  for (const s of servers) s.close();
  await fake?.close();
  await database?.drop();
});

describe("long-connection state", () => {
  it("while WeCom refuses the secret: /readyz 503 when it is the only way in, 200 with the state beside a callback; metrics and doctor say so", async () => {
    await until(() => fake.connections() >= 3);
    let res = await fetch(onlyInbound);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { reason: string; connections: { platform: string; state: string; lastError?: string }[] };
    expect(body.reason).toMatch(/^long connection not open: wecom (backing-off|connecting)$/);
    expect(body.connections).toEqual([expect.objectContaining({ platform: "wecom", state: expect.stringMatching(/backing-off|connecting/), lastError: expect.stringContaining("40001") })]);

    res = await fetch(withCallback);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, connections: [{ platform: "wecom", lastError: expect.stringContaining("40001") }] });

    const text = await (await fetch(metricsUrl)).text();
    expect(text).toContain('duban_long_connection_state{platform="wecom",state="open"} 0');
    expect(Number(/duban_long_connection_reconnects_total\{platform="wecom"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(2);

    await until(async () => (await database.db.connectionStatus.count({ where: { state: "backing-off" } })) > 0);
    const r = await doctor();
    expect(r.out).toMatch(/✗ 企业微信智能机器人长连接未连通：(等待重连|正在连接)，已连续失败 \d+ 次，最近错误：.*40001/);
    expect(r.out).toContain("修复：服务会一直自动重连");
    expect(r.code).toBe(1);
  });

  it("once WeCom accepts it: ready, open in metrics, and doctor says it is connected", async () => {
    fake.refuseSubscribes(0);
    await fake.authenticated(1);
    await until(() => board.all()[0]?.state === "open");
    const res = await fetch(onlyInbound);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, connections: [{ platform: "wecom", state: "open", attempt: 0 }] });
    expect(await (await fetch(metricsUrl)).text()).toContain('duban_long_connection_state{platform="wecom",state="open"} 1');
    await until(async () => (await database.db.connectionStatus.count({ where: { state: "open" } })) > 0);
    expect((await doctor()).out).toContain("✓ 企业微信智能机器人长连接已连通");
  });

  it("after the server stops, doctor says no server reported it, without calling it a fault", async () => {
    await conn.stop();
    await writer.stop();
    expect(board.all()[0]?.state).toBe("stopped");
    const r = await doctor();
    expect(r.out).toContain("✓ 两分钟内没有运行中的服务上报企业微信智能机器人长连接状态");
  });
});
