// A fresh, migrated database for one test file: a SQLite file in a temp directory, or —
// when DUBAN_TEST_DATABASE_URL names a PostgreSQL server (as .ci/run does) — a new database
// on it, dropped afterwards. Tests run the product's real database path either way.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/db/client";
import { migrate } from "../../src/db/migrate";

export interface TestDatabase extends Database {
  drop(): Promise<void>;
}

export function testDatabaseProvider(): "sqlite" | "postgresql" {
  return process.env.DUBAN_TEST_DATABASE_URL ? "postgresql" : "sqlite";
}

/** A URL for a new empty database; call the returned drop() when done. */
export async function createEmptyDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DUBAN_TEST_DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), "duban-test-"));
    return { url: `file:${join(dir, "duban.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `duban_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createEmptyDatabaseUrl();
  await migrate(url);
  const database = await openDatabase(url);
  return {
    ...database,
    async drop() {
      await database.close();
      await drop();
    },
  };
}
