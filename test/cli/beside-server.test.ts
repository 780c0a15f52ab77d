// The bureau administers a running bot with `duban …`: every command must work while the real
// server (src/main.ts, its own process) has the same database open — on SQLite too, where a
// schema engine connection once took the file's lock and locked the CLI out (issue 10 item 1).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
let server: ChildProcess;
let serverLog = "";
let dir: string;
let port = 0;

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  dir = mkdtempSync(join(tmpdir(), "duban-beside-"));
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", DUBAN_NOW: "2020-03-24T09:00:00+08:00" };
  server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, ...env, LOG_LEVEL: "info", PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${serverLog}`)), 50_000);
    server.stderr!.on("data", (chunk: Buffer) => {
      serverLog += chunk.toString();
      const m = /"port":(\d+)/.exec(serverLog);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.once("exit", (code) => reject(new Error(`server exited ${code}:\n${serverLog}`)));
  });
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await drop?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function duban(argv: string[], stdin = "") {
  const out: string[] = [];
  let err = "";
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t), stdin: Readable.from([stdin]) });
  return { code, out: out.join("\n"), err };
}

describe("the CLI beside a running server", () => {
  it("the server is up and has imported the seed", async () => {
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { ok: boolean; plan: { tasks: number } };
    expect(body).toMatchObject({ ok: true, plan: { tasks: 115 } });
  });

  it("runs every administrative command successfully while the server holds the database", async () => {
    const doc = join(dir, "plan.txt");
    writeFileSync(doc, "许政〔2021〕3号\n一、稳增长\n1.抓项目\n责任单位:市发展改革委\n");
    const runs: [string[], string?][] = [
      [["units"]],
      [["tasks", "--unit", "商务局"]],
      [["member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "商务局", "--name", "张三"]],
      [["group", "bind", "--platform", "wecom", "--chat", "wr-sw", "--unit", "市商务局", "--webhook", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-beside"]],
      [["chat", "--user", "zhangsan"], "12：本季度举办促消费活动3场\n"],
      [["remind", "--dry-run"]],
      [["outbox"]],
      [["outbox", "--status", "failed"]],
      [["import", doc, "--dry-run"]],
    ];
    for (const [argv, stdin] of runs) {
      const r = await duban(argv, stdin);
      expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: "" });
    }
    const chat = await duban(["chat", "--user", "zhangsan"], "任务 12\n");
    expect(chat.out).toContain("本季度举办促消费活动3场");
  });

  it("the installed command itself (npx duban units) works beside the server", () => {
    const r = spawnSync(process.execPath, ["src/bin/duban.js", "units", "--json"], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(30);
  }, 60_000);
});
