// The WeCom self-built app callback under load: the real server (bench/server-process.ts)
// against the bare verify+decrypt+encrypt route (bench/bare-callback-process.ts), each in its
// own process, driven by bench/load-process.ts in a third (the machine has 2 cores: the
// server gets one, the load generator the other; this process only waits).
//
// - read closed: C=50 callers sending `我的任务`, 3 s warm-up then 4 s; requests per second ÷
//   the bare route's (goal ≥ 0.5). The server runs as `npm start` runs it (dist/, its node
//   flags); the warm-up is 3 s because its first seconds are JIT compilation and first loads of
//   each unit's reports (the first 5 s ran at ~75% of the rate after them), which a server that
//   has run for a while no longer pays. The business clock stands still (BENCH_NOW), so each
//   unit's 我的任务 is built once (src/read-model/snapshot-memo.ts) where a real minute would
//   build it again once a minute — at this rate one request in ~1,000 per unit.
// - read open: 200 req/s for 10 s, latency from the scheduled send; p50, p99 (goal < 50 ms),
//   errors (goal 0).
// - write open: `汇报 N …` (the README's phrasing) from the liaisons of the units the task is
//   assigned to, fresh MsgIds, 100 req/s for 10 s; p99 (goal < 100 ms), and the Report rows
//   counted afterwards: every one stored exactly once.
// - burst: 200 report callbacks at once; replies over 3 s (goal 0: past it the reply goes
//   out late, and past 5 s WeCom retries), median and max.
// - pg: the two read figures on PostgreSQL (a database of its own on the local server,
//   dropped afterwards); no goal.
// Every reply is decrypted and checked (one in ten under the closed loop); a reply that is not
// a 200 with the expected text counts as an error and is left out of the latencies.
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { openDatabase, sqlitePath, type Database as Opened } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { importPlanFile } from "../src/plan/import-file";
import { SEED, UNITS } from "./history";
import type { LoadResult, LoadSpec } from "./load-process";
import { startFlagsOfNpmStart, startServer } from "./server-process";
import type { Row } from "./table";

export const PG_BASE = process.env.DUBAN_BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const READ_EXPECT = "共\\d+项：已报\\d+";
const WRITE_EXPECT = "已记录";

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/load-process.ts"], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(JSON.stringify(spec));
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out) as LoadResult;
}

export async function startBare(): Promise<{ base: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/bare-callback-process.ts"], { stdio: ["ignore", "pipe", "inherit"] });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`bare callback exited with ${code}`)));
  });
  return { base, stop: async () => void (child.kill(), await new Promise((r) => child.once("exit", r))) };
}

/** One liaison per unit outside groups (user id u<unitId>), as `duban member add` would. */
export async function registerLiaisons(database: Opened): Promise<void> {
  const units = await database.db.unit.findMany({ where: { kind: { not: "group" } }, select: { id: true } });
  await database.db.member.createMany({ data: units.map((u) => ({ platform: "wecom", userId: `u${u.id}`, name: `联络员${u.id}`, unitId: u.id })) });
}

/** (liaison, task number) for every assignment of the seed year's plan, in assignment order. */
async function assignedPairs(database: Opened): Promise<{ user: string; no: number }[]> {
  const rows = await database.db.assignment.findMany({
    where: { task: { plan: { year: 2020 } }, unit: { kind: { not: "group" } } },
    select: { unitId: true, task: { select: { no: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ user: `u${r.unitId}`, no: r.task.no }));
}

/** A migrated database with the seed and the liaisons. */
export async function prepareDatabase(url: string): Promise<{ pairs: { user: string; no: number }[] }> {
  await migrate(url);
  const database = await openDatabase(url);
  try {
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    await registerLiaisons(database);
    return { pairs: await assignedPairs(database) };
  } finally {
    await database.close();
  }
}

/** A database of its own on the PostgreSQL server; drop() removes it. */
export async function pgDatabase(tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `duban_bench_${tag}_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_BASE });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : NaN);
const errorsNote = (r: LoadResult) => `${r.sent} sent, ${r.errors} errors${r.errors ? ` (${Object.entries(r.errorKinds).map(([k, n]) => `${k} ${n}`).join(", ")})` : ""}${r.empty ? `, ${r.empty} empty (reply sent late)` : ""}, ${r.checked} replies checked${r.firstError ? `; first error: ${r.firstError.slice(0, 120)}` : ""}`;
let prefixSeq = 0;
/** Digits only, like WeCom's MsgIds, and unique across the runs of one bench. */
const msgIdPrefix = () => `${String(Date.now()).slice(-8)}${++prefixSeq}`;

function readMessages(pairs: { user: string }[]): { user: string; text: string }[] {
  const users = [...new Set(pairs.map((p) => p.user))];
  return users.map((user) => ({ user, text: "我的任务" }));
}

async function closedRead(base: string, pairs: { user: string }[], expect = READ_EXPECT): Promise<LoadResult> {
  return runLoad({ url: `${base}/wecom/callback`, mode: "closed", concurrency: 50, warmupMs: 3000, durationMs: 4000, messages: readMessages(pairs), expect, checkEvery: 10, msgIdPrefix: msgIdPrefix() });
}

async function openRead(base: string, pairs: { user: string }[]): Promise<LoadResult> {
  return runLoad({ url: `${base}/wecom/callback`, mode: "open", rate: 200, durationMs: 10_000, messages: readMessages(pairs), expect: READ_EXPECT, msgIdPrefix: msgIdPrefix() });
}

const rps = (r: LoadResult) => (r.ok / r.elapsedMs) * 1000;

/**
 * Waits until every MsgId has its Report (the server goes on with requests the load generator
 * gave up on) or nothing changes for 5 s, then counts: rows, ids stored twice, ids missing.
 */
async function settledStoredOnce(url: string, msgIds: string[]): Promise<{ stored: number; duplicated: number; missing: number }> {
  let last = await storedOnce(url, msgIds);
  let still = 0;
  while (last.missing > 0 && still < 10) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await storedOnce(url, msgIds);
    still = now.stored === last.stored ? still + 1 : 0;
    last = now;
  }
  return last;
}

async function storedOnce(url: string, msgIds: string[]): Promise<{ stored: number; duplicated: number; missing: number }> {
  const counts = new Map<string, number>();
  if (url.startsWith("file:")) {
    const s = new Database(sqlitePath(url), { readonly: true });
    const q = s.prepare(`SELECT messageId, count(*) AS n FROM "Report" WHERE messageId = ? GROUP BY messageId`);
    for (const id of msgIds) counts.set(id, (q.get(id) as { n: number } | undefined)?.n ?? 0);
    s.close();
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ messageId: string; n: string }>(`SELECT "messageId", count(*) AS n FROM "Report" WHERE "messageId" = ANY($1) GROUP BY "messageId"`, [msgIds]);
    for (const id of msgIds) counts.set(id, 0);
    for (const r of rows) counts.set(r.messageId, Number(r.n));
    await c.end();
  }
  const values = [...counts.values()];
  return { stored: values.reduce((a, b) => a + b, 0), duplicated: values.filter((n) => n > 1).length, missing: values.filter((n) => n === 0).length };
}

export interface WebhookOptions {
  dir: string;
  /** Which parts: "webhook" (SQLite read, write, burst) and/or "pg". */
  sqlite: boolean;
  pg: boolean;
  /** Writes a CPU profile of the server during the SQLite read runs into this directory. */
  cpuProfDir?: string;
}

export async function benchWebhook(opts: WebhookOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const sqliteUrlForPairs = `file:${opts.dir}/webhook.db`;
  const { pairs } = await prepareDatabase(sqliteUrlForPairs);
  // The baseline, measured in this run before and after the server's read runs: the machine
  // is shared, and the mean of the two is fairer to a ratio than either alone.
  const bareSamples: number[] = [];
  const measureBare = async () => {
    const bare = await startBare();
    try {
      const r = await closedRead(bare.base, pairs, "我的任务");
      if (r.errors) throw new Error(`the bare route failed: ${r.firstError}`);
      bareSamples.push(rps(r));
    } finally {
      await bare.stop();
    }
  };
  await measureBare();
  let bareRps = bareSamples[0]!;

  const readRows = async (label: string, url: string, group: string, goals: boolean, pairs: { user: string }[]) => {
    const server = await startServer({ databaseUrl: url, launcher: "dist" });
    try {
      const closed = await closedRead(server.base, pairs);
      if (bareSamples.length < 2) {
        await measureBare();
        bareRps = (bareSamples[0]! + bareSamples[1]!) / 2;
      }
      const open = await openRead(server.base, pairs);
      const logs = server.logErrors();
      const r = rps(closed);
      rows.push({
        group,
        name: `read closed C=50 ${label}`,
        value: r,
        unit: "req/s",
        baseline: bareRps,
        ratio: r / bareRps,
        ...(goals && { goal: "≥ 0.5", ok: r / bareRps >= 0.5 && closed.errors === 0 && closed.empty === 0 }),
        note: `我的任务; bare verify+decrypt+encrypt route ${bareRps.toFixed(0)} req/s (${bareSamples.map((b) => b.toFixed(0)).join(" before, ")} after); ${errorsNote(closed)}`,
      });
      const p99 = pct(open.latencies, 99);
      rows.push({
        group,
        name: `read open 200/s p99 ${label}`,
        value: p99,
        unit: "ms",
        ...(goals && { goal: "< 50 ms, 0 errors", ok: p99 < 50 && open.errors === 0 && open.empty === 0 }),
        note: `p50 ${pct(open.latencies, 50).toFixed(1)} ms, max ${open.latencies.at(-1)?.toFixed(0)} ms; ${errorsNote(open)}; server log warnings/errors ${logs.count}`,
      });
      return server;
    } catch (e) {
      await server.stop();
      throw e;
    }
  };

  if (opts.sqlite) {
    const server = await readRows("sqlite", sqliteUrlForPairs, "webhook", true, pairs);
    await server.stop();
    // What `npm start`'s node flags cost or save in throughput: the same read without them.
    const plain = await startServer({ databaseUrl: sqliteUrlForPairs, launcher: "dist", nodeFlags: [] });
    try {
      const r = rps(await closedRead(plain.base, pairs));
      const withFlags = rows.find((row) => row.name === "read closed C=50 sqlite")!.value;
      rows.push({
        group: "webhook",
        name: "read closed, no node flags",
        value: r,
        unit: "req/s",
        baseline: bareRps,
        ratio: r / bareRps,
        note: `node dist/main.js without \`npm start\`'s flags (${startFlagsOfNpmStart().join(" ") || "none"}): with them ${((withFlags / r) * 100).toFixed(0)}% of this rate`,
      });
    } finally {
      await plain.stop();
    }
    if (opts.cpuProfDir) {
      // A separate run for the profile: --cpu-prof costs a little, so it must not touch the figures.
      const profiled = await startServer({ databaseUrl: sqliteUrlForPairs, cpuProfDir: opts.cpuProfDir });
      await closedRead(profiled.base, pairs);
      await profiled.stop();
    }
    const writer = await startServer({ databaseUrl: sqliteUrlForPairs, launcher: "dist" });
    try {
      // The write waits for the server to store every report (also those the load generator
      // gave up on) before the burst, so the burst does not queue behind it.
      // Pairs spread over units: consecutive requests come from different liaisons.
      const spread = [...pairs].sort((a, b) => a.no - b.no);
      const reportMsg = (p: { user: string; no: number }) => ({ user: p.user, text: `汇报 ${p.no} 本季度已完成投资300亿元，项目进展顺利` });
      const write = await runLoad({ url: `${writer.base}/wecom/callback`, mode: "open", rate: 100, durationMs: 10_000, messages: spread.map(reportMsg), expect: WRITE_EXPECT, msgIdPrefix: msgIdPrefix() });
      const once = await settledStoredOnce(sqliteUrlForPairs, write.msgIds);
      const burst = await runLoad({ url: `${writer.base}/wecom/callback`, mode: "burst", concurrency: 200, messages: spread.slice(-200).map(reportMsg), expect: WRITE_EXPECT, msgIdPrefix: msgIdPrefix() });
      const burstOnce = await settledStoredOnce(sqliteUrlForPairs, burst.msgIds);
      const logs = writer.logErrors();
      await writer.stop();
      const p99 = pct(write.latencies, 99);
      rows.push({
        group: "webhook",
        name: "write open 100/s p99 sqlite",
        value: p99,
        unit: "ms",
        goal: "< 100 ms, each stored once",
        ok: p99 < 100 && write.errors === 0 && write.empty === 0 && once.duplicated === 0 && once.missing === 0 && write.msgIds.length === write.sent && write.sent > 0,
        note: `汇报 N …; p50 ${pct(write.latencies, 50).toFixed(1)} ms; ${errorsNote(write)}; Report rows ${once.stored} for ${write.msgIds.length} messages (missing ${once.missing}, duplicated ${once.duplicated}); server log warnings/errors ${logs.count}`,
      });
      const over = burst.latencies.filter((ms) => ms > 3000).length;
      rows.push({
        group: "webhook",
        name: "burst 200 replies > 3 s",
        value: over + burst.empty,
        unit: "",
        goal: "0",
        ok: over + burst.empty === 0 && burst.errors === 0,
        note: `median ${pct(burst.latencies, 50).toFixed(0)} ms, max ${burst.latencies.at(-1)?.toFixed(0)} ms; past 5 s ${burst.latencies.filter((ms) => ms > 5000).length}; ${errorsNote(burst)}; stored ${burstOnce.stored} (missing ${burstOnce.missing}, duplicated ${burstOnce.duplicated})`,
      });
    } catch (e) {
      await writer.stop();
      throw e;
    }
  }

  if (opts.pg) {
    const db = await pgDatabase("webhook");
    try {
      const prepared = await prepareDatabase(db.url);
      const server = await readRows("postgresql", db.url, "pg", false, prepared.pairs);
      await server.stop();
    } finally {
      await db.drop();
    }
  }
  return rows;
}
