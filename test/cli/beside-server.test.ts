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
import { startFakeWecomApi, type FakeWecomApi } from "../fakes/wecom-api";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

// Every secret the run is configured with or handles: none may appear in any log line.
const SECRETS = {
  WECOM_CORP_ID: "ww0000000000000001",
  WECOM_TOKEN: "wecomTokenSecret77",
  WECOM_ENCODING_AES_KEY: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "wecomAppSecret-9f8e7d",
  DINGTALK_APP_KEY: "dingappkey001",
  DINGTALK_APP_SECRET: "dingAppSecret-1a2b3c4d",
  ADMIN_TOKEN: "adminToken-5566-7788",
};
const WEBHOOK_KEYS = ["whkey-good-0123456789", "whkey-gone-9876543210"];
let fake: FakeWecomApi;

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
  fake = await startFakeWecomApi({ corpId: SECRETS.WECOM_CORP_ID, secret: SECRETS.WECOM_SECRET, webhookKeys: [WEBHOOK_KEYS[0]!] });
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", DUBAN_NOW: "2020-03-24T09:00:00+08:00", WECOM_API_BASE: fake.base, ...SECRETS };
  server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, ...env, LOG_LEVEL: "trace", PORT: "0", HOST: "127.0.0.1" },
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
  await fake?.close();
  await drop?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** GET on the server; once more if it closed an idle keep-alive connection as we reused it. */
const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init).catch(() => fetch(`http://127.0.0.1:${port}${path}`, init));

async function duban(argv: string[], stdin = "") {
  const out: string[] = [];
  let err = "";
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t), stdin: Readable.from([stdin]) });
  return { code, out: out.join("\n"), err };
}

describe("the CLI beside a running server", () => {
  it("the server is up and has imported the seed", async () => {
    const body = (await (await get("/healthz")).json()) as { ok: boolean; plan: { tasks: number } };
    expect(body).toMatchObject({ ok: true, plan: { tasks: 115 } });
  });

  it("runs every administrative command successfully while the server holds the database", async () => {
    const doc = join(dir, "plan.txt");
    writeFileSync(doc, "许政〔2021〕3号\n一、稳增长\n1.抓项目\n责任单位:市发展改革委\n");
    const runs: [string[], string?][] = [
      [["units"]],
      [["tasks", "--unit", "商务局"]],
      [["member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "商务局", "--name", "张三"]],
      [["group", "bind", "--platform", "wecom", "--chat", "wr-sw", "--unit", "市商务局", "--webhook", fake.webhookUrl(WEBHOOK_KEYS[0]!)]],
      [["group", "bind", "--platform", "wecom", "--chat", "wr-cz", "--unit", "市财政局", "--webhook", fake.webhookUrl(WEBHOOK_KEYS[1]!)]],
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

  it("answers /readyz, and /metrics only with the admin token", async () => {
    expect(await (await get("/readyz")).json()).toEqual({ ready: true });
    expect((await get("/metrics")).status).toBe(401);
    const metrics = await get("/metrics", { headers: { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` } });
    expect(await metrics.text()).toContain("duban_outbox_messages");
  });

  it("writes no secret into any log line of a full run (server at trace level, a reminder run at debug)", { timeout: 60_000 }, async () => {
    // Its own process, as the CLI logs to file descriptor 2; not spawnSync: the fake WeCom
    // answering it lives in this process.
    const child = spawn(process.execPath, ["src/bin/duban.js", "remind", "--now", "2020-03-27T09:00:00+08:00"], { env: { ...process.env, ...env, LOG_LEVEL: "debug" } });
    let err = "";
    let stdout = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const status = await new Promise<number | null>((r) => child.once("exit", r));
    const run = { status, stdout, stderr: err };
    const out = [stdout];
    expect(run.status).toBe(1); // 市财政局's robot was removed (93000)
    expect(fake.requestsTo("/cgi-bin/webhook/send").some((r) => r.query.key === WEBHOOK_KEYS[0])).toBe(true);
    await new Promise((r) => setTimeout(r, 500)); // the server's own worker and scheduler log too
    const logs = `${serverLog}\n${err}\n${out.join("\n")}`;
    expect(serverLog).toContain('"level":20'); // debug lines were written
    expect(`${err}${serverLog}`).toMatch(/93000/);
    for (const secret of [...Object.entries(SECRETS).filter(([k]) => !["WECOM_CORP_ID", "WECOM_AGENT_ID", "DINGTALK_APP_KEY"].includes(k)).map(([, v]) => v), ...WEBHOOK_KEYS]) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
