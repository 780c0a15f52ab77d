// `duban report --format json | slow-reader` (issue 20 item 4): the CLI never exits with
// output pending, however slowly the pipe is read (jq, iconv, ssh).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { seedBureauReports } from "../helpers/bureau-fixture";
import { runDuban } from "../helpers/cli";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), "duban-pipe-"));

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", DUBAN_NOW: "2020-04-03T09:00:00+08:00" };
  expect((await runDuban(env, "units")).code).toBe(0); // migrates and imports the seed
  const database = await openDatabase(made.url);
  await seedBureauReports(database.db);
  await database.close();
}, 60_000);
afterAll(async () => drop());

it("writes every byte to a reader that starts reading only after the CLI is done", async () => {
  const out = join(dir, "report.json");
  // The reader sleeps before reading: the CLI fills the 64 KB pipe and must wait for it.
  const shell = spawn("sh", ["-c", `"${process.execPath}" src/bin/duban.js report --period 2020Q1 --format json | (sleep 3; cat > "${out}")`], { env: { ...process.env, ...env }, stdio: "ignore" });
  const code = await new Promise<number | null>((resolve) => shell.once("exit", resolve));
  expect(code).toBe(0);
  const text = readFileSync(out, "utf8");
  expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);
  const model = JSON.parse(text) as { period: { key: string }; tasks: unknown[] };
  expect(model.period.key).toBe("2020Q1");
  expect(model.tasks.length).toBeGreaterThan(100);
}, 60_000);
