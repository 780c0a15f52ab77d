// The server on its long connections only (no public URL), stopped as a service manager stops
// it: ready once both connections are open, and on SIGTERM each platform sees a WebSocket close
// frame 1000 (WeCom's SDK alone would drop the socket), and the status rows doctor reads go.
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { vi, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { startFakeStreamGateway, type FakeStreamGateway } from "../fakes/dingtalk-stream";
import { startFakeWecomWs, type FakeWecomWs } from "../fakes/wecom-ws";
import { createEmptyDatabaseUrl } from "../helpers/test-database";
import { freePort, until } from "../helpers/wait";

const ROOT = new URL("../..", import.meta.url).pathname;

let child: ChildProcess | undefined;
let wecom: FakeWecomWs | undefined;
let gateway: FakeStreamGateway | undefined;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  child = undefined;
  await wecom?.close();
  await gateway?.close();
  await drop?.();
  drop = undefined;
});

describe("server on long connections only", () => {
  it("is ready once both are open, and closes each with 1000 on SIGTERM", { timeout: 120_000 }, async () => {
    execFileSync("node", ["scripts/build.js", "--if-stale"], { cwd: ROOT, stdio: "ignore" });
    vi.spyOn(console, "info").mockImplementation(() => {});
    const db = await createEmptyDatabaseUrl();
    drop = db.drop;
    wecom = await startFakeWecomWs({ botId: "aib-sigterm", secret: "s1" });
    gateway = await startFakeStreamGateway({ clientId: "dingsigterm", clientSecret: "s2" });
    const port = await freePort();
    child = spawn("node", ["dist/main.js"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: db.url,
        DUBAN_SCHEDULER: "false",
        LOG_LEVEL: "info",
        WECOM_BOT_MODE: "ws",
        WECOM_BOT_ID: "aib-sigterm",
        WECOM_BOT_SECRET: "s1",
        WECOM_BOT_WS_URL: wecom.url,
        DINGTALK_MODE: "stream",
        DINGTALK_APP_KEY: "dingsigterm",
        DINGTALK_APP_SECRET: "s2",
        DINGTALK_API_BASE: gateway.base,
      },
    });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));

    const ready = await until(`GET /readyz 200 (output so far: ${output})`, 60_000, async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        return res.status === 200 ? ((await res.json()) as { connections: { platform: string; state: string }[] }) : undefined;
      } catch {
        return undefined;
      }
    });
    expect(ready.connections.map((c) => `${c.platform} ${c.state}`).sort()).toEqual(["dingtalk open", "wecom open"]);

    const database = await openDatabase(db.url);
    try {
      expect((await database.db.connectionStatus.findMany()).map((r) => `${r.platform} ${r.state}`).sort()).toEqual(["dingtalk open", "wecom open"]);
      process.kill(child.pid!, "SIGTERM");
      expect(await exited).toBe(0);
      await until("the fakes to see the sockets close", 10_000, () => (wecom!.closeCodes.length && gateway!.closeCodes.length ? true : undefined));
      expect(wecom.closeCodes).toEqual([1000]);
      expect(gateway.closeCodes).toEqual([1000]);
      expect(await database.db.connectionStatus.count()).toBe(0);
    } finally {
      await database.close();
    }
  });
});
