import { readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Router from "@koa/router";
import Koa from "koa";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../../src/config";
import { errorMiddleware } from "../../../src/http/error-middleware";
import { createLogger } from "../../../src/logger";
import { dingtalkRoutes } from "../../../src/platforms/dingtalk/http-routes";
import { renderRobotMessages } from "../../../src/platforms/dingtalk/render";
import { dingtalkSign } from "../../../src/platforms/dingtalk/verify";
import type { InboundMessage, MessageHandler, Reply } from "../../../src/platforms/message";
import { startFakeDingtalk, type FakeDingtalk } from "../../fakes/dingtalk-api";

const APP_SECRET = "robot-app-secret";
const log = createLogger("silent");

let fake: FakeDingtalk;
let attacker: FakeDingtalk;
let calls: InboundMessage[];
let answer: (m: InboundMessage) => Promise<Reply>;
const handle: MessageHandler = (m) => {
  calls.push(m);
  return answer(m);
};

async function serve(config: Config["dingtalk"]): Promise<{ base: string; server: Server }> {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  dingtalkRoutes({ config, handle, log })(router);
  app.use(errorMiddleware(log));
  app.use(router.routes());
  app.use(router.allowedMethods());
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let app: { base: string; server: Server };
let unconfigured: { base: string; server: Server };

beforeAll(async () => {
  fake = await startFakeDingtalk();
  attacker = await startFakeDingtalk();
  const bases = { apiBase: fake.base, oapiBase: fake.base };
  app = await serve({ robot: { appKey: "dingappkey", appSecret: APP_SECRET, mode: "http" }, ...bases });
  unconfigured = await serve(bases);
});
afterAll(async () => {
  app?.server.close();
  unconfigured?.server.close();
  await fake?.close();
  await attacker?.close();
});
beforeEach(() => {
  calls = [];
  answer = async (m) => ({ text: `已收到：${m.text}` });
});
afterEach(() => {
  fake.requests.length = 0;
  attacker.requests.length = 0;
});

let msgCounter = 0;
/** A fixture as DingTalk would send it now: a fresh msgId, a live sessionWebhook on the fake. */
function message(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body = JSON.parse(readFileSync(`test/fixtures/dingtalk/${name}.json`, "utf8")) as Record<string, unknown>;
  msgCounter += 1;
  return {
    ...body,
    msgId: `${body.msgId as string}-${msgCounter}`,
    sessionWebhook: fake.sessionWebhook(`session-${msgCounter}`),
    sessionWebhookExpiredTime: Date.now() + 90 * 60 * 1000,
    ...overrides,
  };
}

function signedHeaders(timestamp = Date.now(), secret = APP_SECRET): Record<string, string> {
  return { "content-type": "application/json; charset=utf-8", timestamp: String(timestamp), sign: dingtalkSign(timestamp, secret) };
}

function post(body: string | Uint8Array, headers: Record<string, string> = signedHeaders(), base = app.base): Promise<Response> {
  return fetch(`${base}/dingtalk/callback`, { method: "POST", headers, body });
}

describe("POST /dingtalk/callback", () => {
  it("answers a signed group message with 200 at once, then replies through its sessionWebhook with the sender @-mentioned", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    answer = async (m) => {
      await gate;
      return { text: `已收到：${m.text.trim()}` };
    };
    const body = message("group-text");
    const res = await post(JSON.stringify(body));
    // The 200 did not wait for the handler, which is still held at the gate.
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(fake.requestsTo("session")).toHaveLength(0);
    release();

    const [sent] = await fake.waitFor("session", 1);
    expect(sent!.query.get("session")).toBe(new URL(body.sessionWebhook as string).searchParams.get("session"));
    expect(sent!.body).toEqual({
      msgtype: "markdown",
      markdown: { title: "已收到：我的任务", text: "@zhangsan01 已收到：我的任务" },
      at: { atUserIds: ["zhangsan01"] },
    });
    expect(calls[0]).toMatchObject({ platform: "dingtalk", chatType: "group", chatId: "cidGroupAAAA==", senderId: "zhangsan01", senderName: "张三", text: " 我的任务" });
  });

  it("replies to a 1:1 message without an @", async () => {
    await post(JSON.stringify(message("single-text")));
    const [sent] = await fake.waitFor("session", 1);
    expect(sent!.body).toEqual({ msgtype: "markdown", markdown: { title: "已收到：任务 8", text: "已收到：任务 8" } });
  });

  it("hands the quoted text to the handler", async () => {
    await post(JSON.stringify(message("quoted-reply")));
    await fake.waitFor("session", 1);
    expect(calls[0]!.quotedText).toBe("【督办提醒】任务 8：着力抓好186个重点项目，请于3月31日前报送进展");
  });

  it("mentions the people the reply names, and splits a long reply into ordered parts", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i + 1}. 市商务局：着力抓好186个重点项目，完成年度投资1000亿元以上`);
    answer = async () => ({ text: lines.join("\n"), mentions: ["lisi02"] });
    const expected = renderRobotMessages({ text: lines.join("\n"), format: "markdown", mentions: ["zhangsan01", "lisi02"] }).length;
    expect(expected).toBeGreaterThan(2);
    await post(JSON.stringify(message("group-text")));
    const parts = (await fake.waitFor("session", expected)).map((r) => r.body as { markdown: { text: string }; at?: unknown });
    expect(parts).toHaveLength(expected);
    expect(parts[0]!.at).toEqual({ atUserIds: ["zhangsan01", "lisi02"] });
    expect(parts[0]!.markdown.text.startsWith("@zhangsan01 @lisi02 1. ")).toBe(true);
    for (const p of parts.slice(1)) expect(p.at).toBeUndefined();
    const joined = parts.map((p) => p.markdown.text).join("  \n").replace(/^@zhangsan01 @lisi02 /, "");
    expect(joined.split("  \n")).toEqual(lines);
  });

  it("processes a redelivered msgId once, sequential or concurrent", async () => {
    const body = JSON.stringify(message("group-text"));
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    const concurrent = JSON.stringify(message("single-text"));
    const statuses = await Promise.all([post(concurrent), post(concurrent), post(concurrent)].map((p) => p.then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200]);
    expect(calls).toHaveLength(2);
    await fake.waitFor("session", 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.requestsTo("session")).toHaveLength(2);
  });

  it("answers 200 and sends nothing when the handler fails", async () => {
    answer = async () => {
      throw new Error("database down");
    };
    const res = await post(JSON.stringify(message("group-text")));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(1);
    expect(fake.requestsTo("session")).toHaveLength(0);
  });

  it("never POSTs to a sessionWebhook outside DingTalk's configured origins, nor to an expired one", async () => {
    await post(JSON.stringify(message("group-text", { sessionWebhook: attacker.sessionWebhook("x") })));
    await post(JSON.stringify(message("group-text", { sessionWebhook: "http://169.254.169.254/latest/meta-data" })));
    await post(JSON.stringify(message("group-text", { sessionWebhookExpiredTime: Date.now() - 1000 })));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(3);
    expect(attacker.requests).toHaveLength(0);
    expect(fake.requestsTo("session")).toHaveLength(0);
  });

  it("says DingTalk is not configured when it is not", async () => {
    const res = await post(JSON.stringify(message("group-text")), signedHeaders(), unconfigured.base);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, error: "dingtalk_not_configured", message: expect.stringContaining("DINGTALK_APP_KEY") });
    expect(calls).toHaveLength(0);
  });
});

describe("hostile input: a short 4xx, the handler never called, never a 500", () => {
  const good = () => JSON.stringify(message("group-text"));
  const hourAndABit = 61 * 60 * 1000;
  const cases: Array<[string, () => Promise<Response>, number]> = [
    ["no sign headers", () => post(good(), { "content-type": "application/json" }), 401],
    ["only a timestamp", () => post(good(), { timestamp: String(Date.now()) }), 401],
    ["a wrong sign", () => post(good(), { ...signedHeaders(), sign: dingtalkSign(Date.now(), "not the secret") }), 401],
    ["a sign for another timestamp", () => {
      const t = Date.now();
      return post(good(), { ...signedHeaders(t), timestamp: String(t - 1) });
    }, 401],
    ["a stale timestamp, correctly signed", () => post(good(), signedHeaders(Date.now() - hourAndABit)), 401],
    ["a future timestamp, correctly signed", () => post(good(), signedHeaders(Date.now() + hourAndABit)), 401],
    ["a timestamp in seconds", () => post(good(), signedHeaders(Math.floor(Date.now() / 1000))), 401],
    ["garbage in the timestamp", () => post(good(), { ...signedHeaders(), timestamp: "1e12" }), 401],
    ["malformed JSON", () => post('{"msgId": "x", '), 400],
    ["an empty body", () => post(""), 400],
    ["JSON that is not an object", () => post("[1,2,3]"), 400],
    ["the wrong shape", () => post(readFileSync("test/fixtures/dingtalk/wrong-shape.json")), 400],
    ["a number where text belongs", () => post(JSON.stringify({ ...message("group-text"), text: { content: 42 } })), 400],
    ["a body over 1 MiB", () => post(JSON.stringify({ ...message("group-text"), pad: "x".repeat(1024 * 1024) })), 413],
  ];

  for (const [name, send, status] of cases) {
    it(`${name} → ${status}`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      const body = (await res.json()) as { ok: boolean; message: string };
      expect(body.ok).toBe(false);
      expect(body.message.length).toBeLessThan(200);
      expect(calls).toHaveLength(0);
    });
  }

  it("a chunked body over 1 MiB with no Content-Length → 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.base}/dingtalk/callback`, { method: "POST", headers: { ...signedHeaders(), "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      const chunk = Buffer.alloc(64 * 1024, "x");
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    expect(calls).toHaveLength(0);
  });

  it("other methods are not routed", async () => {
    const res = await fetch(`${app.base}/dingtalk/callback`);
    expect(res.status).toBe(405);
    expect(calls).toHaveLength(0);
  });
});
