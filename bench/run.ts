// `npm run bench`: figures as ratios against a baseline measured in the same run, so they
// mean the same on a slow CI machine and a fast laptop, and absolute figures beside the goals
// of issue 11 (✓/✗). Prints a table and writes bench/results.json.
//
//   npm run bench                       everything (a few minutes)
//   npm run bench -- webhook query      only those groups; groups: parse, import, fanout,
//                                       report, pages, webhook, pg, query, process
//   npm run bench -- --markdown         also prints the table as markdown (the README's rows)
//   npm run bench -- webhook --profile  also writes a V8 CPU profile of the server under the
//                                       closed-loop read (a separate run; path printed)
//   DUBAN_BENCH_PG_URL=…                the PostgreSQL server for `pg` (default
//                                       postgresql://postgres@127.0.0.1:5432/test; a database
//                                       of its own is created and dropped)
//
// - parse: parseDocument() on the seed ÷ the baseline of reading the same text line by line
//   with normalizeText() (the least any parser must do).
// - import: a first import of the seed into a fresh SQLite file through Prisma ÷ the
//   baseline of inserting the same rows with raw better-sqlite3 prepared statements in one
//   transaction (the floor for writing that many rows).
// - re-import: importing the unchanged document again ÷ the same raw-insert baseline.
// - fan-out: 1,000 group notices through the outbox worker to a fake WeCom API on loopback
//   (in a process of its own) that enforces the robots' rate (20 per window, 45009 beyond) ÷
//   the rate-limit bound, the least time any sender could take: (⌈messages per robot ÷ 20⌉ − 1)
//   windows. The window is 1 s and 3 s instead of WeCom's 60 s so the run takes seconds;
//   duplicates, losses and refusals are counted.
// - report build / md / xlsx / docx / dashboard: the bureau's report of a period over three
//   years of reports (see bench/report-bench.ts).
// - pages: each dashboard page over three years of every version (see bench/page-bench.ts).
// - webhook, pg: the WeCom app callback under load (see bench/webhook-bench.ts).
// - query: `我的任务` and `任务 N` through the conversation handler, 0 and 3 years of history
//   (see bench/query-bench.ts).
// - process: idle RSS and start-to-healthy of `npm start` (see bench/process-bench.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { importPlanFile } from "../src/plan/import-file";
import { normalizeText } from "../src/plan/normalize-text";
import { parseDocument } from "../src/plan/parse-document";
import { loadUnitDirectory } from "../src/plan/unit-directory";
import type { ParsedPlan } from "../src/plan/types";
import { createDeliveryWorker } from "../src/delivery/delivery-worker";
import { groupDestinationResolver } from "../src/delivery/group-destination";
import { enqueue } from "../src/delivery/outbox";
import { createLogger } from "../src/logger";
import { robotWebhookChannel } from "../src/platforms/wecom/robot-webhook";
import { benchPages } from "./page-bench";
import { benchProcess } from "./process-bench";
import { benchQuery } from "./query-bench";
import { benchReports } from "./report-bench";
import { markdownTable, printTable, type Row } from "./table";
import { benchWebhook } from "./webhook-bench";

const SEED = "seeds/xuchang-2020-key-tasks.txt";
const UNITS = "seeds/units.yaml";

function timeIt(runs: number, fn: () => void): number {
  for (let i = 0; i < Math.min(5, runs); i++) fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rows: Row[] = [];
let group = "";

function report(name: string, ms: number, baselineMs: number, note: string): void {
  const row: Row = { group, name, value: ms, unit: "ms", baseline: baselineMs, ratio: ms / baselineMs, note: `baseline ${baselineMs.toFixed(2)} ms; ${note}` };
  rows.push(row);
  console.log(printTable([row]).split("\n")[1]);
}

function add(more: Row[]): void {
  rows.push(...more);
  if (more.length) console.log(printTable(more).split("\n").slice(1).join("\n"));
}

const GROUPS = ["parse", "import", "fanout", "report", "pages", "webhook", "pg", "query", "process"] as const;
const args = process.argv.slice(2);
const chosen = args.filter((a) => !a.startsWith("--"));
for (const g of chosen) if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`unknown bench group ${g}; groups: ${GROUPS.join(", ")}`);
const wants = (g: (typeof GROUPS)[number]) => {
  if (chosen.length && !chosen.includes(g)) return false;
  group = g;
  return true;
};

async function main(): Promise<void> {
  // Other work on the machine skews every absolute figure (the ratios less): recorded beside them.
  const loadBefore = loadavg()[0]!;
  const text = readFileSync(SEED, "utf8");
  const directory = loadUnitDirectory(UNITS);

  if (wants("parse")) {
    const parseMs = timeIt(50, () => void parseDocument(text, { directory, sourceName: SEED }));
    const scanMs = timeIt(50, () => void text.split("\n").map(normalizeText));
    report("parse", parseMs, scanMs, "baseline: split + normalizeText");
  }

  const { plan } = parseDocument(text, { directory, sourceName: SEED });
  const counties = directory.counties();
  const assignmentRows = plan.tasks.reduce(
    (n, t) => n + t.lead.length + t.cooperating.length + (t.counties === "all" ? counties.length : Array.isArray(t.counties) ? t.counties.length : 0),
    0,
  );

  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), "duban-bench-"));
    dirs.push(d);
    return join(d, "duban.db");
  };
  if (wants("import")) await benchImport(fresh, plan, directory.entries.length, assignmentRows);

  // The same fan-out at two time scales: per-message work (two outbox writes and one HTTP
  // call, ~2 ms here) is fixed, so its share shrinks as the window grows toward WeCom's 60 s.
  if (wants("fanout")) {
    await fanOut(fresh(), 1_000);
    await fanOut(fresh(), 3_000);
  }
  if (wants("report")) await benchReports(fresh(), report);
  if (wants("pages")) await benchPages(fresh(), report);
  const work = mkdtempSync(join(tmpdir(), "duban-bench-"));
  dirs.push(work);
  const webhook = wants("webhook");
  const pgToo = wants("pg");
  if (webhook || pgToo) {
    const cpuProfDir = args.includes("--profile") ? join(tmpdir(), `duban-cpu-prof-${Date.now()}`) : undefined;
    add(await benchWebhook({ dir: work, sqlite: webhook, pg: pgToo, ...(cpuProfDir && { cpuProfDir }) }));
    if (cpuProfDir) console.log(`CPU profile of the server under the closed-loop read: ${cpuProfDir}`);
  }
  if (wants("query")) add(await benchQuery(work));
  if (wants("process")) add(await benchProcess(work));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });

  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "?",
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
  };
  console.log(`\n${machine.nproc} cores (${machine.cpu}), node ${machine.node}, load average ${loadBefore.toFixed(1)} before, ${machine.loadAverage.after.toFixed(1)} after\n`);
  console.log(printTable(rows));
  if (args.includes("--markdown")) console.log(`\n${markdownTable(rows)}`);
  const out = "bench/results.json";
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2)}\n`);
  console.log(`\nwritten to ${out}`);
}

async function benchImport(fresh: () => string, plan: ParsedPlan, unitCount: number, assignmentRows: number): Promise<void> {
  // Baseline: the same number of rows through raw prepared statements, one transaction.
  const rawSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const file = fresh();
    await migrate(`file:${file}`);
    rawSamples.push(rawInsert(file, unitCount + plan.units.length, plan, assignmentRows));
  }
  const raw = median(rawSamples);

  const firstSamples: number[] = [];
  const againSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const url = `file:${fresh()}`;
    await migrate(url);
    const database = await openDatabase(url);
    let t = process.hrtime.bigint();
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    firstSamples.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await importPlanFile(database.db, SEED, { unitsFile: UNITS });
    againSamples.push(Number(process.hrtime.bigint() - t) / 1e6);
    await database.close();
  }
  report("import", median(firstSamples), raw, `baseline: raw inserts of ${plan.tasks.length} tasks + ${assignmentRows} assignments`);
  report("re-import", median(againSamples), raw, "unchanged document: hash check, no writes");
}

async function fanOut(file: string, WINDOW_MS: number): Promise<void> {
  const ROBOTS = 10;
  const MESSAGES = 1_000;
  const PER_WINDOW = 20;
  const fake = await startFakeProcess(ROBOTS, PER_WINDOW, WINDOW_MS);
  const url = `file:${file}`;
  await migrate(url);
  const database = await openDatabase(url);
  const db = database.db;
  const groups: { id: number }[] = [];
  for (let i = 0; i < ROBOTS; i++) {
    groups.push(await db.chatGroup.create({ data: { platform: "wecom", chatId: `wr${i}`, webhookUrl: `${fake.base}/cgi-bin/webhook/send?key=robot${i}` } }));
  }
  await enqueue(
    db,
    Array.from({ length: MESSAGES }, (_, i) => ({
      key: `bench:${i}`,
      platform: "wecom",
      destination: `group:${groups[i % ROBOTS]!.id}`,
      message: { text: `【督办提醒】#${i}#`, format: "text" as const },
    })),
  );
  const channel = robotWebhookChannel({ apiBase: fake.base });
  const worker = createDeliveryWorker({
    db,
    log: createLogger("silent"),
    resolve: groupDestinationResolver(db, { webhook: { wecom: () => channel }, byChatId: {} }),
    ratePerWindow: PER_WINDOW,
    windowMs: WINDOW_MS,
    concurrency: ROBOTS,
  });
  const t = process.hrtime.bigint();
  await worker.drainUntilIdle();
  const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
  await worker.stop();

  const stats = (await (await fetch(fake.stats)).json()) as { perMessage: Record<string, number>; rateLimited: number };
  fake.stop();
  const counts = Object.values(stats.perMessage);
  const delivered = await db.outboxMessage.count({ where: { status: "sent" } });
  const duplicates = counts.reduce((n, c) => n + c - 1, 0);
  const lost = MESSAGES - Math.min(delivered, counts.length);
  const bound = (Math.ceil(MESSAGES / ROBOTS / PER_WINDOW) - 1) * WINDOW_MS;
  report(
    `fan-out ${WINDOW_MS / 1000}s`,
    elapsed,
    bound,
    `bound: ${MESSAGES} notices to ${ROBOTS} robots at ${PER_WINDOW}/${WINDOW_MS} ms; duplicates ${duplicates}, lost ${lost}, refused by the rate limit ${stats.rateLimited}`,
  );
  await database.close();
}

async function startFakeProcess(robots: number, perWindow: number, windowMs: number): Promise<{ base: string; stats: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/fake-wecom-process.ts", String(robots), String(perWindow), String(windowMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`fake WeCom exited with ${code}`)));
  });
  const [base, stats] = line.split(" ") as [string, string];
  return { base, stats, stop: () => child.kill() };
}

/** Inserts rows shaped like an import with raw better-sqlite3; returns milliseconds. */
function rawInsert(file: string, unitCount: number, plan: ParsedPlan, assignmentRows: number): number {
  const sqlite = new Database(file);
  const t = process.hrtime.bigint();
  const insUnit = sqlite.prepare(`INSERT INTO "Unit" (name, kind) VALUES (?, 'municipal')`);
  const insPlan = sqlite.prepare(`INSERT INTO "Plan" (year, sourceName, sourceHash, updatedAt) VALUES (2020, 's', 'h', 0)`);
  const insSection = sqlite.prepare(`INSERT INTO "Section" (planId, no, title) VALUES (1, ?, ?)`);
  const insTask = sqlite.prepare(`INSERT INTO "Task" (planId, sectionId, no, text) VALUES (1, ?, ?, ?)`);
  const insAssign = sqlite.prepare(`INSERT INTO "Assignment" (taskId, unitId, role, position) VALUES (?, ?, 'lead', ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < unitCount; i++) insUnit.run(`u${i}`);
    insPlan.run();
    plan.sections.forEach((s) => insSection.run(s.no, s.title));
    plan.tasks.forEach((tk) => insTask.run(tk.section, tk.no, tk.text));
    for (let i = 0; i < assignmentRows; i++) insAssign.run((i % plan.tasks.length) + 1, Math.floor(i / plan.tasks.length) + 1, i);
  })();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  sqlite.close();
  return ms;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
