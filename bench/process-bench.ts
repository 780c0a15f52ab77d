// The server as `npm start` runs it (node dist/main.js): time from spawn
// to the first 200 from GET /healthz, and resident memory of its process tree 2 s later, idle.
// On an empty database (start-up migrates it and imports the seed) and on one with three years
// of history. Goals: healthy < 3 s, idle RSS < 150 MB.
import { join } from "node:path";
import { historyDatabase } from "./query-bench";
import { startServer } from "./server-process";
import type { Row } from "./table";

export async function benchProcess(dir: string): Promise<Row[]> {
  const rows: Row[] = [];
  const history = await historyDatabase(dir);
  for (const [label, url] of [["empty database", `file:${join(dir, "process-empty.db")}`], ["3 years", history.url]] as const) {
    const server = await startServer({ databaseUrl: url, launcher: "dist" });
    try {
      await new Promise((r) => setTimeout(r, 2000));
      const tree = server.processes();
      const mb = (b: number) => b / 2 ** 20;
      const total = mb(tree.reduce((n, p) => n + p.rss, 0));
      const serverOnly = mb(tree.filter((p) => p.name === "server").reduce((n, p) => n + p.rss, 0));
      rows.push({ group: "process", name: `start to healthy, ${label}`, value: server.startMs, unit: "ms", goal: "< 3 s", ok: server.startMs < 3000, note: label === "empty database" ? "migrates and imports the seed first" : "~350k reports" });
      rows.push({
        group: "process",
        name: `idle RSS, ${label}`,
        value: total,
        unit: "MB",
        goal: "< 150 MB",
        ok: total < 150,
        note: `VmRSS 2 s after healthy, summed over ${tree.map((p) => `${p.name} ${mb(p.rss).toFixed(0)} MB`).join(" + ")}; the server alone ${serverOnly.toFixed(0)} MB, of which anonymous (heaps, wasm) ${mb(tree.filter((p) => p.name === "server").reduce((n, p) => n + p.anon, 0)).toFixed(0)} MB`,
      });
    } finally {
      await server.stop();
    }
  }
  return rows;
}
