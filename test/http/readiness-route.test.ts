// GET /readyz: ready when the database answers and has every migration this code ships.
import Router from "@koa/router";
import Koa from "koa";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { migrationsDir } from "../../src/db/migrate";
import { registerReadinessRoute } from "../../src/http/readiness-route";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
const servers: Server[] = [];
let dir: string;

async function serve(deps: Parameters<typeof registerReadinessRoute>[1]): Promise<string> {
  const app = new Koa();
  const router = new Router();
  registerReadinessRoute(router, deps);
  app.use(router.routes());
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "duban-readyz-"));
});
afterAll(async () => {
  for (const s of servers) s.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /readyz", () => {
  it("is ready on a migrated database", async () => {
    const res = await fetch(await serve({ db: database.db, migrationsDir: migrationsDir(database.provider) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });
  });

  it("is not ready while a migration is pending or running", async () => {
    cpSync(migrationsDir(database.provider), dir, { recursive: true });
    mkdirSync(join(dir, "29990101000000_next"));
    writeFileSync(join(dir, "29990101000000_next", "migration.sql"), "SELECT 1;\n");
    let res = await fetch(await serve({ db: database.db, migrationsDir: dir }));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, reason: expect.stringContaining("29990101000000_next") });
    res = await fetch(await serve({ db: database.db, migrationsDir: migrationsDir(database.provider), migrating: () => true }));
    expect(await res.json()).toEqual({ ready: false, reason: "migrations running" });
  });

  it("is not ready when the database does not answer", async () => {
    const down = { $queryRawUnsafe: async () => Promise.reject(new Error("connection refused")) } as unknown as Db;
    const res = await fetch(await serve({ db: down, migrationsDir: migrationsDir(database.provider) }));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, reason: "database unreachable" });
  });
});
