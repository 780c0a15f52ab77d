// The bureau's report at scale: the seed plan (115 tasks, every Xuchang unit) imported for
// three years by bench/history.ts, each quarter reported by 90% of the (task, unit) pairs (some
// late) — about 16,500 reports. Times building the latest period's model and rendering it as md, xlsx and docx, and
// serving its dashboard page over loopback HTTP.
//
// - build/md/xlsx/docx: ÷ the baseline of reading the period's rows with one raw
//   better-sqlite3 SELECT (the least any report must read).
// - page: GET /dashboard?period=… ÷ its budget of 200 ms.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { openDatabase, sqlitePath, type Db } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { createApp } from "../src/http/create-app";
import { createLogger } from "../src/logger";
import { loadReportInput } from "../src/reporting/load-report-input";
import { periodOf } from "../src/reporting/periods";
import { buildReport } from "../src/reporting/report-model";
import { renderReport } from "../src/reporting/render/render-report";
import { addHistory, HISTORY_YEARS } from "./history";

const TOKEN = "bench-admin-token-0123456789";
const PAGE_BUDGET_MS = 200;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

export async function benchReports(file: string, report: (name: string, ms: number, baselineMs: number, note: string) => void): Promise<void> {
  const url = `file:${file}`;
  await migrate(url);
  const database = await openDatabase(url);
  const { db } = database;
  const reports = await addHistory(database, { versions: 1, share: 0.9 });
  const year = HISTORY_YEARS.at(-1)!;
  const period = periodOf(year, 4);
  const now = new Date(`${year + 1}-01-05T09:00:00+08:00`);
  const plan = await db.plan.findUniqueOrThrow({ where: { year } });

  const sqlite = new Database(sqlitePath(url), { readonly: true });
  const select = sqlite.prepare(`SELECT r.* FROM "Report" r JOIN "Task" t ON t.id = r.taskId WHERE r.period = ? AND t.planId = ? ORDER BY r.id`);
  const raw = await timeAsync(10, async () => select.all(period.key, plan.id));
  sqlite.close();

  const build = async () => buildReport(await loadReportInput(db, plan.id, period), now);
  const model = await build();
  const note = `${period.key}: ${model.tasks.length} tasks × ${model.units.length} units, ${model.totals.total} pairs; ${reports} reports over ${HISTORY_YEARS.length} years`;
  report("report build", await timeAsync(5, build), raw, `baseline: one raw SELECT of the period's reports; ${note}`);
  for (const format of ["md", "xlsx", "docx"] as const) {
    report(`report ${format}`, await timeAsync(5, () => renderReport(model, format)), raw, "rendering the built model");
  }

  const app = createApp({ db, provider: "sqlite", log: createLogger("silent"), platforms: {}, dashboard: { adminToken: TOKEN, clock: () => now } });
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = await timeAsync(10, async () => {
    const res = await fetch(`${base}/dashboard?period=${period.key}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
    await res.text();
  });
  report("dashboard", page, PAGE_BUDGET_MS, `budget: ${PAGE_BUDGET_MS} ms for GET /dashboard?period=${period.key} (build + render + HTTP), ${page < PAGE_BUDGET_MS ? "within" : "OVER"} budget`);
  server.closeAllConnections();
  server.close();
  await database.close();
}
