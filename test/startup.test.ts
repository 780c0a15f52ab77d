// The server's start on a database: migrations and the seed import run in a child process
// (their memory leaves with it), and the server opens the prepared database afterwards.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { openPreparedDatabase } from "../src/startup";
import type { Database } from "../src/db/client";
import { createEmptyDatabaseUrl } from "./helpers/test-database";

const log = createLogger("silent", "test");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function emptyDatabase(): Promise<string> {
  const { url, drop } = await createEmptyDatabaseUrl();
  cleanups.push(drop);
  return url;
}

function opened(database: Database): Database {
  cleanups.push(() => database.close());
  return database;
}

describe("openPreparedDatabase", () => {
  it("migrates an empty database and imports the seed plan, then opens it", async () => {
    const url = await emptyDatabase();
    const database = opened(await openPreparedDatabase(loadConfig({ DATABASE_URL: url }), log));
    expect(await database.db.plan.count()).toBe(1);
    expect(await database.db.task.count()).toBe(115);
  }, 120_000);

  it("a seed that cannot be read fails the start with a message and writes no plan", async () => {
    const url = await emptyDatabase();
    const config = loadConfig({ DATABASE_URL: url, DUBAN_SEED_PLAN: "seeds/no-such-plan.txt" });
    await expect(openPreparedDatabase(config, log)).rejects.toThrow(/child process/);
    const database = opened(await openPreparedDatabase(loadConfig({ DATABASE_URL: url, DUBAN_AUTO_IMPORT: "false" }), log));
    expect(await database.db.plan.count()).toBe(0);
  }, 120_000);

  it("a prepared database is opened as it is: the seed file is not read again", async () => {
    const url = await emptyDatabase();
    (await openPreparedDatabase(loadConfig({ DATABASE_URL: url }), log)).close();
    // The seed named now does not exist: had start-up tried to import, it would fail.
    const database = opened(await openPreparedDatabase(loadConfig({ DATABASE_URL: url, DUBAN_SEED_PLAN: "seeds/no-such-plan.txt" }), log));
    expect(await database.db.task.count()).toBe(115);
  }, 120_000);
});
