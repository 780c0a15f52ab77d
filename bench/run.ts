// `npm run bench`: figures as ratios against a baseline measured in the same run, so they
// mean the same on a slow CI machine and a fast laptop.
//
// - parse: parseDocument() on the seed ÷ the baseline of reading the same text line by line
//   with normalizeText() (the least any parser must do).
// - import: a first import of the seed into a fresh SQLite file through Prisma ÷ the
//   baseline of inserting the same rows with raw better-sqlite3 prepared statements in one
//   transaction (the floor for writing that many rows).
// - re-import: importing the unchanged document again ÷ the same raw-insert baseline.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { importPlanFile } from "../src/plan/import-file";
import { normalizeText } from "../src/plan/normalize-text";
import { parseDocument } from "../src/plan/parse-document";
import { loadUnitDirectory } from "../src/plan/unit-directory";
import type { ParsedPlan } from "../src/plan/types";

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

function report(name: string, ms: number, baselineMs: number, note: string): void {
  console.log(`${name.padEnd(12)} ${(ms / baselineMs).toFixed(2).padStart(8)}× baseline   (${ms.toFixed(2)} ms vs ${baselineMs.toFixed(2)} ms; ${note})`);
}

async function main(): Promise<void> {
  const text = readFileSync(SEED, "utf8");
  const directory = loadUnitDirectory(UNITS);

  const parseMs = timeIt(50, () => void parseDocument(text, { directory, sourceName: SEED }));
  const scanMs = timeIt(50, () => void text.split("\n").map(normalizeText));
  report("parse", parseMs, scanMs, "baseline: split + normalizeText");

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
  // Baseline: the same number of rows through raw prepared statements, one transaction.
  const rawSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const file = fresh();
    await migrate(`file:${file}`);
    rawSamples.push(rawInsert(file, directory.entries.length + plan.units.length, plan, assignmentRows));
  }
  const raw = median(rawSamples);

  const firstSamples: number[] = [];
  const againSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const url = `file:${fresh()}`;
    await migrate(url);
    const database = openDatabase(url);
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
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
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
