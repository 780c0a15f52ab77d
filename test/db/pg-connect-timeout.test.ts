// A PostgreSQL host that accepts the connection and never answers (a half-configured proxy, a
// wrong port): duban must give up and say so, not hang at start-up (node-postgres waits for
// ever by default). The server below is such a host, on loopback.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { migrate } from "../../src/db/migrate";
import { DEFAULT_PG_CONNECT_TIMEOUT_MS, pgConnectTimeoutMs } from "../../src/db/pg-connect-timeout";

let silent: Server;
const sockets: Socket[] = [];
let url: string;

beforeAll(async () => {
  silent = createServer((s) => {
    sockets.push(s);
    s.on("error", () => undefined);
  }).listen(0, "127.0.0.1");
  await new Promise((r) => silent.once("listening", r));
  url = `postgresql://duban:pw@127.0.0.1:${(silent.address() as AddressInfo).port}/duban?connect_timeout=1`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

describe("a PostgreSQL host that never answers", () => {
  it("fails the server's first query instead of waiting for ever", async () => {
    const database = await openDatabase(url);
    try {
      await expect(database.db.$queryRawUnsafe("SELECT 1")).rejects.toThrow(/timeout/i);
    } finally {
      await database.close().catch(() => undefined);
    }
  });

  it("fails the migrations too (the start-up's child process)", async () => {
    await expect(migrate(url)).rejects.toThrow(/timeout/i);
  });

  it("waits connect_timeout seconds when the URL says, else 10 s", () => {
    expect(pgConnectTimeoutMs("postgresql://h/db?connect_timeout=3")).toBe(3000);
    for (const u of ["postgresql://h/db", "postgresql://h/db?connect_timeout=0", "postgresql://h/db?connect_timeout=x"]) expect(pgConnectTimeoutMs(u)).toBe(DEFAULT_PG_CONNECT_TIMEOUT_MS);
  });
});
