// The dashboard's pages over three years of history at the density issue 11 measured against
// (bench/history.ts: every (task, unit) reported each quarter, 19 versions each, ~350k
// reports): each page's median time over loopback HTTP (the model, the queries, the
// rendering) ÷ its budget of 200 ms, its CPU time and its size. The unit page of a county was 1.8 MB when it
// listed a year of every version (issue 20 item 10); it now shows one period, 50 a page.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { createApp } from "../src/http/create-app";
import { createLogger } from "../src/logger";
import { addHistory, HISTORY_YEARS } from "./history";

const TOKEN = "bench-admin-token-0123456789";
const PAGE_BUDGET_MS = 200;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchPages(file: string, report: (name: string, ms: number, baselineMs: number, note: string) => void): Promise<void> {
  const url = `file:${file}`;
  await migrate(url);
  const database = await openDatabase(url);
  const { db } = database;
  const reports = await addHistory(database);
  const year = HISTORY_YEARS.at(-1)!;
  const key = `${year}Q4`;
  const now = new Date(`${year + 1}-01-05T09:00:00+08:00`);
  const plan = await db.plan.findUniqueOrThrow({ where: { year } });
  // The county and the task with the most reports: the largest unit and task pages.
  const [county] = await db.$queryRawUnsafe<{ name: string; n: number }[]>(
    `SELECT u.name AS name, COUNT(*) AS n FROM "Report" r JOIN "Unit" u ON u.id = r."unitId" JOIN "Task" t ON t.id = r."taskId" WHERE u.kind = 'county' AND t."planId" = ${plan.id} GROUP BY u.name ORDER BY n DESC LIMIT 1`,
  );
  const [task] = await db.$queryRawUnsafe<{ no: number; n: number }[]>(
    `SELECT t.no AS no, COUNT(*) AS n FROM "Report" r JOIN "Task" t ON t.id = r."taskId" WHERE t."planId" = ${plan.id} GROUP BY t.no ORDER BY n DESC LIMIT 1`,
  );

  const app = createApp({ db, provider: "sqlite", log: createLogger("silent"), platforms: {}, dashboard: { adminToken: TOKEN, clock: () => now } });
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pages: [string, string][] = [
    ["overview", `/dashboard?period=${key}`],
    ["overview filtered", `/dashboard?period=${key}&kind=county&light=red&q=${encodeURIComponent("项目")}`],
    [`unit ${county!.name}`, `/dashboard/units/${encodeURIComponent(county!.name)}?period=${key}`],
    [`task ${task!.no}`, `/dashboard/tasks/${task!.no}?period=${key}`],
    ["matrix", `/dashboard/matrix?period=${key}`],
    ["print", `/dashboard/print?period=${key}`],
    ["year", `/dashboard/year?year=${year}`],
  ];
  for (const [name, path] of pages) {
    let bytes = 0;
    const get = async () => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      bytes = (await res.arrayBuffer()).byteLength;
    };
    await get(); // warm-up
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = process.hrtime.bigint();
      const c = process.cpuUsage();
      await get();
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
    const ms = median(samples);
    const extra = name.startsWith("unit") ? `; ${county!.n} reports of this unit in ${year}` : name.startsWith("task") ? `; ${task!.n} reports of this task in ${year}` : "";
    report(`page ${name}`, ms, PAGE_BUDGET_MS, `budget ${PAGE_BUDGET_MS} ms, ${ms < PAGE_BUDGET_MS ? "within" : "OVER"}; CPU ${median(cpu).toFixed(0)} ms (this process: server and client; less moved by other work on the machine than the wall time); ${Math.round(bytes / 1024)} KB; GET ${path.replace(/\?.*/, "")}${extra}; ${reports} reports over ${HISTORY_YEARS.length} years`);
  }
  server.closeAllConnections();
  server.close();
  await database.close();
}
