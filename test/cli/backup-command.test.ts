// `duban backup` while the database is being written, `duban restore` refused while anything has
// it open and done once nothing does: every report committed before the backup is back, the
// copy is one consistent state, and the database it replaced is kept (issue 21 item 5).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, sqlitePath } from "../../src/db/client";
import { startBackupSchedule } from "../../src/db/backup-schedule";
import { createLogger } from "../../src/logger";
import { runDuban } from "../helpers/cli";
import { createEmptyDatabaseUrl, testDatabaseProvider } from "../helpers/test-database";

// Another process writing reports as fast as it can, one transaction each, saying after each
// commit how many it has committed.
const WRITER = `
import Database from "better-sqlite3";
const db = new Database(process.argv[1], { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
const task = db.prepare('SELECT id FROM "Task" ORDER BY id LIMIT 1').get().id;
const unit = db.prepare('SELECT id FROM "Unit" ORDER BY id LIMIT 1').get().id;
const insert = db.prepare('INSERT INTO "Report" ("taskId", "unitId", "period", "text", "platform", "userId") VALUES (?, ?, ?, ?, ?, ?)');
let n = 0;
const one = db.transaction(() => insert.run(task, unit, "2020Q1", "load " + (n + 1), "wecom", "loader"));
for (;;) {
  one();
  n++;
  process.stdout.write(n + "\\n");
  if (n % 20 === 0) await new Promise((r) => setImmediate(r));
}
`;

const provider = testDatabaseProvider();

describe.skipIf(provider !== "sqlite")("duban backup / restore (SQLite)", () => {
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let dir: string;
  let dbFile: string;
  let writer: ChildProcess | undefined;

  beforeAll(async () => {
    const made = await createEmptyDatabaseUrl();
    drop = made.drop;
    dbFile = sqlitePath(made.url);
    dir = mkdtempSync(join(tmpdir(), "duban-backup-"));
    env = { DATABASE_URL: made.url, LOG_LEVEL: "silent" };
    // Migrated, with the seed plan: what a server leaves behind.
    expect((await runDuban(env, "units", "--kind", "county")).code).toBe(0);
  });
  afterAll(async () => {
    writer?.kill("SIGKILL");
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const reports = (file: string) => {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return (db.prepare('SELECT id, text FROM "Report" WHERE "userId" = \'loader\' ORDER BY id').all() as { id: number; text: string }[]).map((r) => r.text);
    } finally {
      db.close();
    }
  };

  const stopWriter = async () => {
    const w = writer;
    writer = undefined;
    if (!w || w.exitCode !== null) return;
    const gone = new Promise((r) => w.once("exit", r));
    w.kill("SIGTERM");
    await gone;
  };

  it("backs up during a write load and restores every report committed before it", async () => {
    try {
      await backupUnderLoad();
    } finally {
      await stopWriter();
    }
  });

  const backupUnderLoad = async () => {
    writer = spawn(process.execPath, ["--input-type=module", "-e", WRITER, dbFile], { stdio: ["ignore", "pipe", "pipe"] });
    let committed = 0;
    let writerErr = "";
    writer!.stdout!.on("data", (d: Buffer) => {
      const last = d.toString().trim().split("\n").pop();
      if (last) committed = Number(last);
    });
    writer!.stderr!.on("data", (d: Buffer) => (writerErr += d.toString()));
    const waitFor = async (n: number) => {
      const end = Date.now() + 20_000;
      while (committed < n) {
        if (Date.now() > end) throw new Error(`writer stuck at ${committed}: ${writerErr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await waitFor(300);

    const before = committed;
    const out = join(dir, "manual.db");
    const backup = await runDuban(env, "backup", "--out", out);
    expect(backup.err).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(`已备份到 ${out}`);
    // What the database holds once the backup is done (the writer's own count lags its commits).
    const atEnd = reports(dbFile).length;
    // The writer kept committing after it.
    await waitFor(committed + 200);

    const copy = reports(out);
    // Every report committed before the backup began is in it; it is one consistent state: the
    // reports in it are exactly the first N the writer committed, in order, no gap, none torn.
    expect(copy.length).toBeGreaterThanOrEqual(before);
    expect(copy).toEqual(Array.from({ length: copy.length }, (_, i) => `load ${i + 1}`));
    expect(copy.length).toBeLessThanOrEqual(atEnd);

    // Restore refuses while another process has the database open, and changes nothing.
    const refused = await runDuban(env, "restore", out);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("正在使用中");
    await stopWriter();
    const live = reports(dbFile);
    expect(live.length).toBeGreaterThan(copy.length);

    const restored = await runDuban(env, "restore", out);
    expect(restored.err).toBe("");
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(`已从 ${out} 恢复数据库`);
    expect(reports(dbFile)).toEqual(copy);
    // The replaced database is kept, whole.
    const kept = readdirSync(join(dbFile, "..")).find((n) => n.startsWith("duban.db.replaced-"));
    expect(kept).toBeDefined();
    expect(reports(join(dbFile, "..", kept!))).toEqual(live);

    // duban itself opens the restored database and sees the plan and the reports.
    const database = await openDatabase(env.DATABASE_URL!);
    try {
      expect(await database.db.task.count()).toBe(115);
      expect(await database.db.report.count({ where: { userId: "loader" } })).toBe(copy.length);
    } finally {
      await database.close();
    }
    const tasks = await runDuban(env, "units", "--kind", "county");
    expect(tasks.code).toBe(0);
  };

  it("refuses a file that is not a duban database, and a missing one, changing nothing", async () => {
    const junk = join(dir, "notes.db");
    writeFileSync(junk, "not a database at all, just some text that is long enough to look like a file");
    const before = reports(dbFile);
    const r = await runDuban(env, "restore", junk);
    expect(r.code).toBe(1);
    expect(r.err).toContain("不能用于恢复");
    const missing = await runDuban(env, "restore", join(dir, "nope.db"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("文件不存在");
    expect(reports(dbFile)).toEqual(before);
  });

  it("the scheduled snapshot writes a named backup and keeps only the newest `keep`", async () => {
    const snapDir = join(dir, "snapshots");
    const log = createLogger("silent", "test");
    const schedule = startBackupSchedule({ dbFile, time: "02:30", keep: 2, dir: snapDir, log });
    try {
      // Files the schedule did not write are never pruned.
      mkdirSync(snapDir);
      writeFileSync(join(snapDir, "notes.txt"), "x");
      writeFileSync(join(snapDir, "duban-before-upgrade.db"), "x");
      for (const at of ["2026-12-01T18:30:00Z", "2026-12-02T18:30:00Z", "2026-12-03T18:30:00Z"]) await schedule.run(new Date(at));
    } finally {
      await schedule.stop();
    }
    expect(readdirSync(snapDir).sort()).toEqual(["duban-20261202T183000Z.db", "duban-20261203T183000Z.db", "duban-before-upgrade.db", "notes.txt"]);
    expect(reports(join(snapDir, "duban-20261203T183000Z.db"))).toEqual(reports(dbFile));
  });
});

describe.skipIf(provider !== "postgresql")("duban backup on PostgreSQL", () => {
  it("points to pg_dump instead of pretending", async () => {
    const made = await createEmptyDatabaseUrl();
    try {
      const r = await runDuban({ DATABASE_URL: made.url, LOG_LEVEL: "silent" }, "backup");
      expect(r.code).toBe(1);
      expect(r.err).toContain("pg_dump");
      expect(existsSync("backups")).toBe(false);
    } finally {
      await made.drop();
    }
  });
});
