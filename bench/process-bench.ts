// The server as `npm start` runs it (tsx src/main.ts, the launcher included): time from spawn
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
    const server = await startServer({ databaseUrl: url, launcher: "tsx" });
    try {
      await new Promise((r) => setTimeout(r, 2000));
      const own = server.rss() / 2 ** 20;
      rows.push({ group: "process", name: `start to healthy, ${label}`, value: server.startMs, unit: "ms", goal: "< 3 s", ok: server.startMs < 3000, note: label === "empty database" ? "migrates and imports the seed first" : "~350k reports" });
      rows.push({ group: "process", name: `idle RSS, ${label}`, value: own, unit: "MB", goal: "< 150 MB", ok: own < 150, note: "VmRSS of tsx's launcher and the server process, 2 s after healthy" });
    } finally {
      await server.stop();
    }
  }
  return rows;
}
