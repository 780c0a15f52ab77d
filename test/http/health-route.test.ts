// The probes during a database outage: liveness (/livez) stays 200, so an orchestrator does not
// restart every instance for a fault a restart cannot fix; readiness (/readyz) and /healthz say
// the database is down (issue 21 item 6).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { createApp } from "../../src/http/create-app";
import { registerReadinessRoute } from "../../src/http/readiness-route";
import { createLogger } from "../../src/logger";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
const servers: Server[] = [];

async function serve(db: Db): Promise<string> {
  const app = createApp({
    db,
    provider: "sqlite",
    log: createLogger("silent", "test"),
    platforms: {},
    routes: [(router) => registerReadinessRoute(router, { db, migrationsDir: "/nonexistent" })],
  });
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// A database that stopped answering: every query fails, as Prisma's do when PostgreSQL is down.
let queries = 0;
const down = new Proxy({} as Db, {
  get: () =>
    new Proxy(() => undefined, {
      get: () => () => {
        queries++;
        return Promise.reject(new Error("Can't reach database server at 127.0.0.1:5432"));
      },
      apply: () => {
        queries++;
        return Promise.reject(new Error("Can't reach database server at 127.0.0.1:5432"));
      },
    }),
});

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const s of servers) s.close();
  await database.drop();
});

describe("health probes", () => {
  it("/livez answers 200 without touching the database, also while it is down", async () => {
    const base = await serve(down);
    queries = 0;
    const live = await fetch(`${base}/livez`);
    expect(live.status).toBe(200);
    expect(((await live.json()) as { live: boolean }).live).toBe(true);
    expect(queries).toBe(0);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, reason: "database unreachable" });
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
  });

  it("with the database up, /healthz says what this instance serves", async () => {
    const base = await serve(database.db);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, plan: null });
  });
});
