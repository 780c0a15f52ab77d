// The server under test, started as `npm start` starts it (node dist/main.js, built first) in a
// process of its own: the real composition root (config, migrations check, conversation,
// delivery worker, Koa app), measured from outside the way WeCom and an operator see it. Its
// own process also lets the benches read its RSS and take a CPU profile of it alone.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { APP } from "../test/platforms/wecom/keys";

/** The business date of the benches: inside the seed's first quarter (2020Q1). */
export const BENCH_NOW = "2020-03-24T09:00:00+08:00";

export interface ServerUnderTest {
  base: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from GET /healthz. */
  startMs: number;
  /** Log lines at warn or above, counted (the first kept): errors the replies may not show. */
  logErrors(): { count: number; first?: string };
  /** Resident memory of the server's process tree (tsx's launcher included when used). */
  processes(): { pid: number; name: string; rss: number; anon: number }[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const s = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface StartOptions {
  databaseUrl: string;
  /** "dist": node dist/main.js, exactly `npm start` (built first when stale); "tsx":
   *  node_modules/.bin/tsx src/main.ts, as `npm start` ran before the build step; "node": node
   *  --import tsx src/main.ts, one process on the sources (what --cpu-prof needs). */
  launcher?: "dist" | "tsx" | "node";
  /** A directory for a V8 CPU profile of the server (written when it stops). */
  cpuProfDir?: string;
  /** "dist" only: node flags in place of those of `npm start` (to price each flag). */
  nodeFlags?: string[];
  env?: Record<string, string>;
}

/** The node flags `npm start` passes (package.json's start script), so the bench runs what it runs. */
export function startFlagsOfNpmStart(): string[] {
  const start: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const m = /\bnode((?:\s+--\S+)*)\s+dist\/main\.js/.exec(start);
  return (m?.[1] ?? "").trim().split(/\s+/).filter(Boolean);
}

export async function startServer(opts: StartOptions): Promise<ServerUnderTest> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DUBAN_NOW: BENCH_NOW,
    // No reminders fire during a bench, and nothing can reach the real WeCom API.
    DUBAN_SCHEDULER: "false",
    WECOM_API_BASE: "http://127.0.0.1:9",
    WECOM_CORP_ID: APP.corpId,
    WECOM_TOKEN: APP.token,
    WECOM_ENCODING_AES_KEY: APP.encodingAesKey,
    WECOM_AGENT_ID: String(APP.agentId),
    ...opts.env,
  };
  const launcher = opts.launcher ?? "node";
  if (launcher === "dist") execFileSync(process.execPath, ["scripts/build.js", "--if-stale"], { stdio: "inherit" });
  const t0 = performance.now();
  const child: ChildProcess =
    launcher === "dist"
      ? spawn(process.execPath, [...(opts.nodeFlags ?? startFlagsOfNpmStart()), ...(opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", opts.cpuProfDir] : []), "dist/main.js"], { env, stdio: ["ignore", "pipe", "pipe"] })
      : launcher === "tsx"
      ? spawn("node_modules/.bin/tsx", ["src/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] })
      : spawn(process.execPath, [...(opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", opts.cpuProfDir] : []), "--import", "tsx", "src/main.ts"], {
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
  let errors = 0;
  let first: string | undefined;
  let stderr = "";
  let pending = "";
  child.stdout!.on("data", (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      try {
        if ((JSON.parse(line) as { level?: number }).level! >= 40) {
          errors++;
          first ??= line.slice(0, 300);
        }
      } catch {
        // not a pino line
      }
    }
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  let startMs = 0;
  for (;;) {
    const gone = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 20))]);
    if (gone) throw new Error(`server exited before it was healthy: ${stderr.slice(0, 500)}`);
    try {
      const res = await fetch(`${base}/healthz`);
      await res.text();
      if (res.status === 200) {
        startMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 60_000) throw new Error("server not healthy within 60 s");
  }
  return {
    base,
    pid: child.pid!,
    startMs,
    logErrors: () => ({ count: errors, ...(first && { first }) }),
    processes: () => processTree(child.pid!),
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A process and its descendants from /proc, each with its resident memory (VmRSS, bytes). */
export function processTree(pid: number): { pid: number; name: string; rss: number; anon: number }[] {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return [];
  }
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  // "node …/tsx src/main.ts" is the launcher; "node --import tsx src/main.ts" the server.
  const name = cmdline.some((a) => a.endsWith(".bin/tsx") || a.endsWith("tsx/dist/cli.mjs")) ? "tsx launcher" : cmdline.includes("src/main.ts") || cmdline.includes("dist/main.js") ? "server" : (cmdline[0] ?? "?").split("/").pop()!;
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  // RssAnon: heaps and wasm memory; the rest is mapped files (node, native addons) and shmem.
  const out = [{ pid, name, rss: kb("VmRSS"), anon: kb("RssAnon") }];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let children = "";
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
    } catch {
      continue;
    }
    for (const c of children.split(/\s+/).filter(Boolean)) out.push(...processTree(Number(c)));
  }
  return out;
}
