// End to end over DingTalk's HTTP mode: a signed robot callback, as DingTalk sends it, through
// the real app (createApp + dingtalkRoutes) into the REAL conversation over a fresh database;
// the answer arrives at the message's sessionWebhook (a fake DingTalk), the sender @-mentioned.
// Protocol clock: the real one. Business clock: the harness's fixed 2020-03-24T09:00+08:00.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/http/create-app";
import { createLogger } from "../../../src/logger";
import { dingtalkRoutes } from "../../../src/platforms/dingtalk/http-routes";
import { dingtalkSign } from "../../../src/platforms/dingtalk/verify";
import type { InboundMessage } from "../../../src/platforms/message";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";
import { startFakeDingtalk, type FakeDingtalk } from "../../fakes/dingtalk-api";

const APP_KEY = "dingappkey";
const APP_SECRET = "robot-app-secret";

let h: ConversationHarness;
let fake: FakeDingtalk;
let server: Server;
let base: string;
/** Every message that reached the conversation (the real handler, observed). */
const handled: InboundMessage[] = [];

beforeAll(async () => {
  h = await createHarness();
  fake = await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET });
  const log = createLogger("silent");
  const routes = dingtalkRoutes({
    config: { robot: { appKey: APP_KEY, appSecret: APP_SECRET, mode: "http" }, apiBase: fake.base, oapiBase: fake.base },
    handle: (m) => {
      handled.push(m);
      return h.handle(m);
    },
    log,
  });
  const app = createApp({ db: h.database.db, provider: "sqlite", log, platforms: { dingtalk: true }, routes: [routes] });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await fake?.close();
  await h?.database.drop();
});
afterEach(() => {
  fake.requests.length = 0;
  handled.length = 0;
});

let n = 0;
function groupMessage(text: string): Record<string, unknown> {
  n++;
  return {
    conversationId: "cid-shangwu",
    atUsers: [{ dingtalkId: "$:LWCP_v1:$bot", staffId: "" }],
    chatbotCorpId: "dinge8a565xxxx",
    chatbotUserId: "$:LWCP_v1:$Cxxxxx",
    msgId: `msg-e2e-${Date.now()}-${n}`,
    senderNick: "赵六",
    isAdmin: false,
    senderStaffId: "0001",
    sessionWebhookExpiredTime: Date.now() + 90 * 60 * 1000,
    createAt: Date.now(),
    senderCorpId: "dinge8a565xxxx",
    conversationType: "2",
    senderId: "$:LWCP_v1:$Ff09GIxxxxx",
    conversationTitle: "市发展改革委工作群",
    isInAtList: true,
    sessionWebhook: fake.sessionWebhook(`session-${n}`),
    robotCode: APP_KEY,
    text: { content: ` ${text}` },
    msgtype: "text",
  };
}

function signedHeaders(timestamp = Date.now()): Record<string, string> {
  return { "content-type": "application/json; charset=utf-8", timestamp: String(timestamp), sign: dingtalkSign(timestamp, APP_SECRET) };
}

const eventsFor = (msgId: unknown) => h.database.db.inboundEvent.count({ where: { platform: "dingtalk", messageId: String(msgId) } });

describe("DingTalk HTTP callback → real conversation", () => {
  it("answers 任务 8 through the sessionWebhook in markdown, @-mentioning the sender", async () => {
    const body = groupMessage("任务 8");
    const res = await fetch(`${base}/dingtalk/callback`, { method: "POST", headers: signedHeaders(), body: JSON.stringify(body) });
    expect(res.status).toBe(200);

    const [sent, ...more] = await fake.waitFor("session", 1, 10_000);
    expect(sent!.query.get("session")).toBe(new URL(body.sessionWebhook as string).searchParams.get("session"));
    const reply = sent!.body as { msgtype: string; markdown: { title: string; text: string }; at?: { atUserIds?: string[] } };
    expect(reply.msgtype).toBe("markdown");
    expect(reply.markdown.text).toContain("第8项｜");
    expect(reply.markdown.text.startsWith("@0001 第8项｜")).toBe(true);
    expect(reply.markdown.title).toMatch(/^第8项｜/);
    expect(reply.at).toEqual({ atUserIds: ["0001"] });
    expect(more).toHaveLength(0);

    expect(handled).toEqual([expect.objectContaining({ platform: "dingtalk", chatType: "group", chatId: "cid-shangwu", senderId: "0001" })]);
    // 任务 8 only reads: it stores nothing, not even the redelivery guard (issue 11).
    expect(await eventsFor(body.msgId)).toBe(0);
  });

  it("refuses an unsigned callback with 401 and never reaches the conversation", async () => {
    const body = groupMessage("任务 8");
    const eventsBefore = await h.database.db.inboundEvent.count();
    const res = await fetch(`${base}/dingtalk/callback`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false });
    // The handler runs after the 200 when it runs at all: give it a moment to show up.
    await new Promise((r) => setTimeout(r, 100));
    expect(handled).toHaveLength(0);
    expect(await h.database.db.inboundEvent.count()).toBe(eventsBefore);
    expect(await eventsFor(body.msgId)).toBe(0);
    expect(fake.requestsTo("session")).toHaveLength(0);
  });
});
