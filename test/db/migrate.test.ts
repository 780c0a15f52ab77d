import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_PG_SHADOW_URL,
  diffSchemaAgainstMigrations,
  diffSchemaText,
  migrate,
  migrationsDir,
  schemaPath,
} from "../../src/db/migrate";
import type { Provider } from "../../src/db/schema-engine";

const SLOW = { timeout: 60_000 };
const skipPg = process.env.DUBAN_SKIP_PG === "1";
const pgBase = process.env.DUBAN_PG_SHADOW_URL ?? DEFAULT_PG_SHADOW_URL;

/** name → sha256 of migration.sql: what _prisma_migrations must record. */
function committedMigrations(provider: Provider): Map<string, string> {
  const dir = migrationsDir(provider);
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return new Map(
    names.map((e) => [
      e.name,
      createHash("sha256").update(readFileSync(path.join(dir, e.name, "migration.sql"))).digest("hex"),
    ]),
  );
}

function expectRecorded(rows: { migration_name: string; checksum: string; finished_at: unknown }[], provider: Provider) {
  const expected = committedMigrations(provider);
  expect(expected.size).toBeGreaterThan(0);
  expect(new Map(rows.map((r) => [r.migration_name, r.checksum]))).toEqual(expected);
  for (const r of rows) expect(r.finished_at).not.toBeNull();
}

describe("migrate on SQLite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "duban-migrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the folder, applies every migration once, records checksums", SLOW, async () => {
    const file = path.join(dir, "not", "yet", "there.db");
    const url = `file:${file}`;
    const logged: string[] = [];
    const first = await migrate(url, { log: (m) => logged.push(m) });
    expect(first.applied).toEqual([...committedMigrations("sqlite").keys()].sort());
    expect(logged).toHaveLength(first.applied.length);
    expect(await migrate(url)).toEqual({ applied: [] });

    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(["Plan", "Task", "_prisma_migrations"]));
      expectRecorded(db.prepare("SELECT migration_name, checksum, finished_at FROM _prisma_migrations").all() as never, "sqlite");
    } finally {
      db.close();
    }
  });

  it("rejects a URL of another database with a clear message", async () => {
    await expect(migrate("mysql://root@localhost/duban")).rejects.toThrow(/unsupported database URL mysql:/);
  });
});

describe.skipIf(skipPg)("migrate on PostgreSQL", () => {
  const name = `duban_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgBase });
  const url = Object.assign(new URL(pgBase), { pathname: `/${name}` }).toString();

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.end();
  });

  it("applies every migration once and records checksums", SLOW, async () => {
    const first = await migrate(url);
    expect(first.applied).toEqual([...committedMigrations("postgresql").keys()].sort());
    expect(await migrate(url)).toEqual({ applied: [] });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(["Plan", "Task", "_prisma_migrations"]));
      expectRecorded((await client.query("SELECT migration_name, checksum, finished_at FROM _prisma_migrations")).rows, "postgresql");
    } finally {
      await client.end();
    }
  });

  it("names the database that does not exist", SLOW, async () => {
    const missing = Object.assign(new URL(pgBase), { pathname: `/${name}_missing` }).toString();
    await expect(migrate(missing)).rejects.toThrow(new RegExp(`migrating .*${name}_missing failed: .*does not exist`));
  });
});

describe("drift between schema and migrations", () => {
  it("finds none in the committed SQLite files", SLOW, async () => {
    expect(await diffSchemaAgainstMigrations("sqlite")).toMatchObject({ inSync: true });
  });

  it.skipIf(skipPg)("finds none in the committed PostgreSQL files", SLOW, async () => {
    expect(await diffSchemaAgainstMigrations("postgresql")).toMatchObject({ inSync: true });
  });

  it("reports the SQL a new model needs", SLOW, async () => {
    const content = `${readFileSync(schemaPath("sqlite"), "utf8")}\nmodel Extra {\n  id Int @id\n}\n`;
    const diff = await diffSchemaText({
      provider: "sqlite",
      schema: { path: schemaPath("sqlite"), content },
      migrationsDir: migrationsDir("sqlite"),
    });
    expect(diff.inSync).toBe(false);
    expect(diff.script).toMatch(/CREATE TABLE "Extra"/);
  });
});
