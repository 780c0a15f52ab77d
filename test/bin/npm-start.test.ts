// `npm start` as the README says, stopped the way a service manager, a container runtime or an
// operator stops it: one signal to the process they started (npm). Everything must go — no
// server left behind re-parented to pid 1, still holding the port and the database (issue 21
// item 1) — and what runs is plain node on the build, no TypeScript loader (item 2).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createEmptyDatabaseUrl } from "../helpers/test-database";
import { freePort, until } from "../helpers/wait";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The processes of a process group, with their command lines (Linux /proc). */
function group(pgid: number): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command name (which may hold spaces), from ")": state ppid pgrp …
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid || fields[0] === "Z") continue;
      found.push({ pid: Number(name), cmd: readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim() });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

let started: ChildProcess | undefined;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  // Whatever the outcome, leave nothing running.
  if (started?.pid) for (const p of group(started.pid)) process.kill(p.pid, "SIGKILL");
  started = undefined;
  await drop?.();
  drop = undefined;
});

describe.skipIf(process.platform !== "linux")("npm start", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`stops entirely when the process it started gets ${signal}`, async () => {
      const db = await createEmptyDatabaseUrl();
      drop = db.drop;
      const port = await freePort();
      // Its own process group, as a service manager gives it: whatever it leaves is found by pgid.
      const npm = spawn("npm", ["start"], {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: db.url, DUBAN_SCHEDULER: "false", LOG_LEVEL: "info" },
      });
      started = npm;
      let output = "";
      npm.stdout!.on("data", (d: Buffer) => (output += d.toString()));
      npm.stderr!.on("data", (d: Buffer) => (output += d.toString()));
      const exited = new Promise<void>((r) => npm.once("exit", () => r()));

      const health = await until(`GET /healthz (output so far: ${output})`, 60_000, async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          return res.status === 200 ? ((await res.json()) as { plan: { tasks: number } }) : undefined;
        } catch {
          return undefined;
        }
      });
      expect(health.plan.tasks).toBe(115);
      const running = group(npm.pid!);

      process.kill(npm.pid!, signal);
      await exited;
      // The server's own shutdown gives up after 10 s; allow that and a little more.
      const end = Date.now() + 15_000;
      while (group(npm.pid!).length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(group(npm.pid!)).toEqual([]);
      expect(await portFree(port)).toBe(true);
      expect(output).toMatch(/shutting down/);
      // What ran was plain node on the build: no tsx launcher, no TypeScript loader, no esbuild service.
      expect(running.map((p) => p.cmd).join("\n")).not.toMatch(/tsx|esbuild|\.ts\b/);
      expect(running.some((p) => /node .*dist\/main\.js/.test(p.cmd))).toBe(true);
      // The start waits up to 60 s for a build, migrations and the seed import on a busy machine.
    }, 120_000);
  }
});
