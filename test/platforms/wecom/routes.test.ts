import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../../src/config";
import { startFakeWecomApi, type FakeWecomApi } from "../../fakes/wecom-api";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { appBody, botBody, openAppReply, openBotReply, signCiphertext, signedCallback } from "../../fakes/wecom-callback";
import { deferred, recordingHandler, startWecomApp, type RecordingHandler } from "./app-harness";
import { APP, appKeys, BOT, botKeys, SAMPLE } from "./keys";

const fixture = (name: string) => readFileSync(`test/fixtures/wecom/${name}`, "utf8");

let database: TestDatabase;
let fake: FakeWecomApi;
let handler: RecordingHandler;
let app: { base: string; close(): Promise<void> };

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
  handler = recordingHandler();
  const config: Config["wecom"] = { app: { ...APP }, bot: { ...BOT }, apiBase: fake.base };
  app = await startWecomApp(database.db, { config, handle: (m) => handler.handle(m), replyBudgetMs: 200 });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  await database?.drop();
});
beforeEach(() => {
  handler.calls.length = 0;
  handler.gate = undefined;
  handler.fail = false;
  fake.requests.length = 0;
});

function postApp(plaintext: string, opts: Parameters<typeof signedCallback>[2] = {}) {
  const cb = signedCallback(appKeys, plaintext, opts);
  return fetch(`${app.base}/wecom/callback?${cb.query}`, { method: "POST", body: appBody(cb.ciphertext), headers: { "content-type": "text/xml" } });
}
function postBot(plaintext: string) {
  const cb = signedCallback(botKeys, plaintext);
  return fetch(`${app.base}/wecom/bot?${cb.query}`, { method: "POST", body: botBody(cb.ciphertext), headers: { "content-type": "application/json" } });
}
const botFixture = (name: string, code = "rc1") => fixture(name).replace("RESPONSE_URL", fake.responseUrl(code));
const uniqueMsg = (xml: string) => xml.replace(/<MsgId>\d+<\/MsgId>/, `<MsgId>${Date.now()}${Math.floor(Math.random() * 1e6)}</MsgId>`);

describe("GET /wecom/callback (URL verification)", () => {
  it("answers Tencent's sample echostr with the bare plaintext", async () => {
    const sample = await startWecomApp(database.db, {
      config: { app: { corpId: SAMPLE.corpId, token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey }, apiBase: fake.base },
      handle: handler.handle,
      now: () => new Date(Number(SAMPLE.verify.timestamp) * 1000),
    });
    try {
      const res = await fetch(`${sample.base}/wecom/callback?${new URLSearchParams(SAMPLE.verify)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toBe("1616140317555161061");
    } finally {
      await sample.close();
    }
  });

  it("answers our own echostr on the real clock, for the app and the AI bot", async () => {
    for (const [path, keys] of [["/wecom/callback", appKeys], ["/wecom/bot", botKeys]] as const) {
      const cb = signedCallback(keys, "8201234567890123456");
      const res = await fetch(`${app.base}${path}?${cb.query}&echostr=${encodeURIComponent(cb.ciphertext)}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe("8201234567890123456");
    }
  });
});

describe("POST /wecom/callback (self-built app)", () => {
  it("hands a text message to the handler and answers with an encrypted passive reply", async () => {
    const res = await postApp(fixture("app-text.xml"));
    expect(res.status).toBe(200);
    expect(handler.calls).toEqual([
      expect.objectContaining({ platform: "wecom", messageId: "4561255354251345929", chatType: "single", chatId: "zhangsan", text: "报告 8 已完成\n第二行 <b>&amp; ]]>" }),
    ]);
    const reply = openAppReply(appKeys, await res.text());
    expect(reply).toMatchObject({ ToUserName: "zhangsan", FromUserName: APP.corpId, MsgType: "text", Content: "已收到：报告 8 已完成\n第二行 <b>&amp; ]]>" });
  });

  it("answers a redelivery from its record, without calling the handler again", async () => {
    const xml = uniqueMsg(fixture("app-text-plain.xml"));
    const first = openAppReply(appKeys, await (await postApp(xml)).text());
    const again = await postApp(xml);
    expect(again.status).toBe(200);
    expect(openAppReply(appKeys, await again.text()).Content).toBe(first.Content);
    expect(handler.calls).toHaveLength(1);
  });

  it("acknowledges a slow answer with an empty 200 and sends it later through message/send", async () => {
    const gate = deferred();
    handler.gate = gate.promise;
    const xml = uniqueMsg(fixture("app-text-plain.xml"));
    const res = await postApp(xml);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    // A redelivery while the first is still being worked on is acknowledged at once.
    const dup = await postApp(xml);
    expect(await dup.text()).toBe("");
    gate.resolve();
    const [sent] = await fake.waitFor("/cgi-bin/message/send");
    expect(sent!.body).toEqual({ touser: "lisi", agentid: APP.agentId, msgtype: "text", text: { content: "已收到：我的任务 & 进度" } });
    expect(handler.calls).toHaveLength(1);
    expect(fake.requestsTo("/cgi-bin/gettoken")).toHaveLength(1);
  });

  it("puts what does not fit into the 2048-byte passive reply into message/send", async () => {
    const long = Array.from({ length: 60 }, (_, i) => `${i + 1}. 着力抓好重点项目建设，完成年度投资目标`).join("\n");
    const res = await postApp(uniqueMsg(fixture("app-text-plain.xml")).replace("我的任务 &amp; 进度", long));
    const passive = openAppReply(appKeys, await res.text()).Content!;
    expect(Buffer.byteLength(passive)).toBeLessThanOrEqual(2048);
    const sends = await fake.waitFor("/cgi-bin/message/send");
    expect(`${passive}\n${sends.map((s) => s.body.text.content).join("\n")}`).toBe(`已收到：${long}`);
  });

  it("hands a menu click to the handler as its EventKey and ignores other events", async () => {
    const click = await postApp(fixture("app-event-click.xml"));
    expect(openAppReply(appKeys, await click.text()).Content).toBe("已收到：我的任务");
    const enter = await postApp(fixture("app-event-enter-agent.xml"));
    expect(enter.status).toBe(200);
    expect(await enter.text()).toBe("");
    expect(handler.calls.map((c) => c.messageId)).toEqual(["event:zhangsan:1585008100"]);
  });

  it("answers 503 when the handler throws synchronously, without wedging the message id", async () => {
    const xml = uniqueMsg(fixture("app-text-plain.xml"));
    const original = handler.handle;
    handler.handle = ((m) => {
      handler.calls.push(m);
      throw new Error("not even a promise");
    }) as typeof handler.handle;
    try {
      expect((await postApp(xml)).status).toBe(503);
    } finally {
      handler.handle = original;
    }
    expect(openAppReply(appKeys, await (await postApp(xml)).text()).Content).toBe("已收到：我的任务 & 进度");
  });

  it("answers 503 when the handler fails, so WeCom's retry gets a fresh attempt", async () => {
    const xml = uniqueMsg(fixture("app-text-plain.xml"));
    handler.fail = true;
    expect((await postApp(xml)).status).toBe(503);
    handler.fail = false;
    const retry = await postApp(xml);
    expect(openAppReply(appKeys, await retry.text()).Content).toBe("已收到：我的任务 & 进度");
    expect(handler.calls).toHaveLength(2);
  });
});

describe("POST /wecom/bot (AI bot)", () => {
  it("hands a group @-message to the handler and answers with an encrypted finished stream", async () => {
    const res = await postBot(botFixture("bot-group-text.json"));
    expect(res.status).toBe(200);
    expect(handler.calls[0]).toMatchObject({
      chatType: "group",
      chatId: "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA",
      senderId: "zhangsan",
      text: "@督办 报告 8 已完成",
      quotedText: "任务 8 本季度进展尚未报送",
    });
    const reply = openBotReply(botKeys, await res.text());
    expect(reply).toEqual({ msgtype: "stream", stream: { id: expect.any(String), finish: true, content: "已收到：@督办 报告 8 已完成" } });
  });

  it("acknowledges a slow answer with an empty 200 and posts markdown to response_url", async () => {
    const gate = deferred();
    handler.gate = gate.promise;
    const res = await postBot(botFixture("bot-single-text.json", "slow-1"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    gate.resolve();
    const [hit] = await fake.waitFor("/cgi-bin/aibot/response");
    expect(hit!.query.response_code).toBe("slow-1");
    expect(hit!.body).toEqual({ msgtype: "markdown", markdown: { content: "已收到：我的任务" } });
  });

  it("answers events with an empty 200 without calling the handler", async () => {
    const res = await postBot(fixture("bot-event-enter-chat.json"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(handler.calls).toHaveLength(0);
  });
});

describe("hostile input", () => {
  const cb = () => signedCallback(appKeys, fixture("app-text.xml"));
  const botCb = () => signedCallback(botKeys, botFixture("bot-single-text.json"));
  const cases: [string, () => Promise<Response>, number][] = [
    ["no query parameters", () => fetch(`${app.base}/wecom/callback`, { method: "POST", body: appBody(cb().ciphertext) }), 400],
    ["repeated msg_signature", () => { const c = cb(); return fetch(`${app.base}/wecom/callback?${c.query}&msg_signature=${c.signature}`, { method: "POST", body: appBody(c.ciphertext) }); }, 400],
    ["GET without echostr", () => fetch(`${app.base}/wecom/callback?${cb().query}`), 400],
    ["bad signature", () => { const c = cb(); const forged = c.signature.replace(/^./, (ch) => (ch === "0" ? "1" : "0")); return fetch(`${app.base}/wecom/callback?${c.query.replace(c.signature, forged)}`, { method: "POST", body: appBody(c.ciphertext) }); }, 401],
    ["signature for another ciphertext", () => { const c = cb(); return fetch(`${app.base}/wecom/callback?${c.query}`, { method: "POST", body: appBody(cb().ciphertext) }); }, 401],
    ["stale timestamp", () => postApp(fixture("app-text.xml"), { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 401],
    ["wrong receiveid", () => postApp(fixture("app-text.xml"), { receiveId: "ww-someone-else" }), 403],
    ["undecryptable ciphertext", () => { const c = signCiphertext(appKeys.token, "AAAA"); return fetch(`${app.base}/wecom/callback?${c.query}`, { method: "POST", body: appBody("AAAA") }); }, 400],
    ["malformed envelope XML", () => fetch(`${app.base}/wecom/callback?${cb().query}`, { method: "POST", body: fixture("malformed.xml") }), 400],
    ["envelope without Encrypt", () => fetch(`${app.base}/wecom/callback?${cb().query}`, { method: "POST", body: "<xml><ToUserName>x</ToUserName></xml>" }), 400],
    ["DOCTYPE envelope", () => fetch(`${app.base}/wecom/callback?${cb().query}`, { method: "POST", body: fixture("doctype-entities.xml") }), 400],
    ["empty body", () => fetch(`${app.base}/wecom/callback?${cb().query}`, { method: "POST" }), 400],
    ["encrypted plaintext that is not XML", () => postApp("hello"), 400],
    ["encrypted entity bomb", () => postApp(fixture("doctype-entities.xml")), 400],
    ["encrypted message without MsgId", () => postApp(fixture("app-no-msgid.xml")), 400],
    ["body of exactly 1 MiB (read, then refused as XML)", () => fetch(`${app.base}/wecom/callback?${cb().query}`, { method: "POST", body: "x".repeat(1024 * 1024) }), 400],
    ["body over 1 MiB", () => fetch(`${app.base}/wecom/callback?${cb().query}`, { method: "POST", body: "x".repeat(1024 * 1024 + 1) }), 413],
    ["streamed body over 1 MiB", () => postStreamed(`${app.base}/wecom/callback?${cb().query}`, 1100 * 1024), 413],
    ["bot: body not JSON", () => fetch(`${app.base}/wecom/bot?${botCb().query}`, { method: "POST", body: "<xml/>" }), 400],
    ["bot: JSON without encrypt", () => fetch(`${app.base}/wecom/bot?${botCb().query}`, { method: "POST", body: '{"echo":1}' }), 400],
    ["bot: encrypt not a string", () => fetch(`${app.base}/wecom/bot?${botCb().query}`, { method: "POST", body: '{"encrypt":["a"]}' }), 400],
    ["bot: app-signed request", () => { const c = cb(); return fetch(`${app.base}/wecom/bot?${c.query}`, { method: "POST", body: botBody(c.ciphertext) }); }, 401],
    ["bot: receiveid of a corp", () => { const c = signedCallback(botKeys, botFixture("bot-single-text.json"), { receiveId: APP.corpId }); return fetch(`${app.base}/wecom/bot?${c.query}`, { method: "POST", body: botBody(c.ciphertext) }); }, 403],
    ["bot: encrypted plaintext not JSON", () => postBot("{not json"), 400],
    ["bot: encrypted JSON missing from.userid", () => postBot(fixture("bot-missing-from.json")), 400],
    ["bot: body over 1 MiB", () => fetch(`${app.base}/wecom/bot?${botCb().query}`, { method: "POST", body: JSON.stringify({ encrypt: "A".repeat(1024 * 1024) }) }), 413],
  ];

  it.each(cases)("%s → %i, handler not called", async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message.length).toBeLessThan(120);
    expect(handler.calls).toHaveLength(0);
  });
});

async function postStreamed(url: string, totalBytes: number): Promise<Response> {
  const chunk = new Uint8Array(64 * 1024).fill(120);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return fetch(url, { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("unconfigured platforms", () => {
  it("answer 404 saying what is not configured", async () => {
    const bare = await startWecomApp(database.db, { config: { apiBase: fake.base }, handle: handler.handle });
    try {
      const app404 = await fetch(`${bare.base}/wecom/callback`, { method: "POST", body: "x" });
      expect(app404.status).toBe(404);
      expect(((await app404.json()) as { message: string }).message).toBe("WeCom app not configured");
      const bot404 = await fetch(`${bare.base}/wecom/bot`);
      expect(((await bot404.json()) as { message: string }).message).toBe("WeCom AI bot not configured");
    } finally {
      await bare.close();
    }
  });

  it("say that the AI bot uses the long connection in ws mode", async () => {
    const ws = await startWecomApp(database.db, { config: { apiBase: fake.base, botWs: { botId: "b", secret: "s", wsUrl: "ws://127.0.0.1:1" } }, handle: handler.handle });
    try {
      const res = await fetch(`${ws.base}/wecom/bot`, { method: "POST", body: "{}" });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toMatch(/WECOM_BOT_MODE=ws/);
    } finally {
      await ws.close();
    }
  });
});
