import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../src/http/create-app";
import { createLogger } from "../../src/logger";
import { importPlanFile } from "../../src/plan/import-file";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const app = createApp({ db: database.db, provider: database.provider, log: createLogger("silent"), platforms: { dingtalk: false } });
  app.use((ctx) => {
    if (ctx.path === "/boom") throw new Error("secret internals");
  });
  server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await database?.drop();
});

describe("GET /healthz", () => {
  it("answers ok with no plan, then reports the imported plan", async () => {
    let res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: database.provider, plan: null, platforms: { dingtalk: false } });

    await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
    res = await fetch(`${base}/healthz`);
    expect(await res.json()).toMatchObject({ ok: true, plan: { year: 2020, tasks: 115 } });
  });
});

describe("errors", () => {
  it("answers 404 for unknown paths and hides internal error details behind a 500", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret internals");
    expect(JSON.parse(text)).toEqual({ ok: false, error: "internal", message: "internal error" });
  });
});
