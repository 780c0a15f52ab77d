// End to end over WeCom: encrypted callbacks, as WeCom sends them, through the real app
// (createApp + wecomRoutes) into the REAL conversation over a fresh database — what a member
// actually reads back, and what is (or is not) stored. The protocol clock is the real one
// (signedCallback stamps Date.now()); the conversation's business clock is the harness's fixed
// 2020-03-24T09:00+08:00.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../src/config";
import type { LateReply } from "../../../src/platforms/wecom/late-reply";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";
import { appBody, botBody, openAppReply, openBotReply, signedCallback } from "../../fakes/wecom-callback";
import { startWecomApp } from "./app-harness";
import { APP, appKeys, BOT, botKeys } from "./keys";

let h: ConversationHarness;
let app: { base: string; close(): Promise<void> };
/** Replies that missed the callback's budget; none should (each test asserts the passive reply). */
const late: LateReply[] = [];

beforeAll(async () => {
  h = await createHarness();
  const config: Config["wecom"] = { app: { ...APP }, bot: { ...BOT }, apiBase: "http://127.0.0.1:9" };
  // A generous budget: a loaded CI machine (or PostgreSQL) must not turn a passive reply into a
  // late one; WeCom's own limit is 5 s, the default 3 s.
  app = await startWecomApp(h.database.db, {
    config,
    handle: h.handle,
    replyBudgetMs: 10_000,
    sendLater: async (l) => {
      late.push(l);
    },
  });
});
afterAll(async () => {
  await app?.close();
  await h?.database.drop();
});

let seq = 0;
const nextMsgId = () => `${Date.now()}${String(++seq).padStart(4, "0")}`;

function appText(from: string, content: string, msgId = nextMsgId()): string {
  return (
    `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`
  );
}

function botText(o: { from: string; text: string; chatid?: string; quote?: string; msgid?: string }): string {
  return JSON.stringify({
    msgid: o.msgid ?? `bot-${nextMsgId()}`,
    aibotid: "AIBOTID",
    ...(o.chatid ? { chatid: o.chatid, chattype: "group" } : { chattype: "single" }),
    from: { userid: o.from },
    create_time: Math.floor(Date.now() / 1000),
    msgtype: "text",
    text: { content: o.text },
    ...(o.quote !== undefined && { quote: { msgtype: "text", text: { content: o.quote } } }),
  });
}

/** POSTs an app callback; the same plaintext may be re-signed and re-sent (a redelivery). */
function postApp(plaintext: string): Promise<Response> {
  const cb = signedCallback(appKeys, plaintext);
  return fetch(`${app.base}/wecom/callback?${cb.query}`, { method: "POST", body: appBody(cb.ciphertext), headers: { "content-type": "text/xml" } });
}

function postBot(plaintext: string): Promise<Response> {
  const cb = signedCallback(botKeys, plaintext);
  return fetch(`${app.base}/wecom/bot?${cb.query}`, { method: "POST", body: botBody(cb.ciphertext), headers: { "content-type": "application/json" } });
}

async function appReply(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body, "a passive reply, not an empty acknowledgement").not.toBe("");
  const fields = openAppReply(appKeys, body);
  expect(fields).toMatchObject({ MsgType: "text", FromUserName: APP.corpId });
  return fields.Content!;
}

async function botReply(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body, "a passive stream reply, not an empty acknowledgement").not.toBe("");
  const opened = openBotReply(botKeys, body) as { msgtype: string; stream: { finish: boolean; content: string } };
  // 我的任务 comes with a card (issue 22): the same stream, with the card beside it.
  expect(opened.msgtype).toMatch(/^stream(?:_with_template_card)?$/);
  expect(opened).toMatchObject({ stream: { finish: true } });
  return opened.stream.content;
}

const reportsOf = (no: number) => h.database.db.report.findMany({ where: { task: { no } }, include: { unit: true }, orderBy: { id: "asc" } });
const rowCounts = async () => ({ events: await h.database.db.inboundEvent.count(), reports: await h.database.db.report.count() });

describe("self-built app callback → real conversation", () => {
  it("records a report, answers in the encrypted passive reply, and a redelivery records nothing twice", async () => {
    const msgId = nextMsgId();
    const plaintext = appText("zhangsan", "12：本季度举办促消费活动3场", msgId);

    const content = await appReply(await postApp(plaintext));
    expect(content).toContain("已记录 ✅ 第12项 · 市商务局");
    expect(content).toContain("2020年第一季度");

    const rows = await reportsOf(12);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ period: "2020Q1", platform: "wecom", userId: "zhangsan", text: "本季度举办促消费活动3场", unit: { name: "市商务局" } });
    expect(await h.database.db.inboundEvent.findUnique({ where: { platform_messageId: { platform: "wecom", messageId: msgId } } })).not.toBeNull();

    // WeCom redelivers when it did not get our answer in time: same MsgId, fresh signature.
    const again = await appReply(await postApp(plaintext));
    expect(again).toContain("已记录 ✅ 第12项 · 市商务局");
    expect(await reportsOf(12)).toHaveLength(1);
    expect(await h.database.db.inboundEvent.count({ where: { platform: "wecom", messageId: msgId } })).toBe(1);

    // A redelivery that reaches another instance (or this one after a restart), whose in-memory
    // record of recent callbacks is empty: the conversation's stored reply answers it.
    const other = await startWecomApp(h.database.db, { config: { app: { ...APP }, apiBase: "http://127.0.0.1:9" }, handle: h.handle, replyBudgetMs: 10_000, sendLater: async (l) => void late.push(l) });
    try {
      const cb = signedCallback(appKeys, plaintext);
      const res = await fetch(`${other.base}/wecom/callback?${cb.query}`, { method: "POST", body: appBody(cb.ciphertext), headers: { "content-type": "text/xml" } });
      expect(await appReply(res)).toBe(content);
    } finally {
      await other.close();
    }
    expect(await reportsOf(12)).toHaveLength(1);
  });

  it("tells an unregistered user how to be added, and writes no row", async () => {
    const before = await rowCounts();
    const msgId = nextMsgId();
    const content = await appReply(await postApp(appText("stranger01", "12：本季度举办促消费活动3场", msgId)));
    expect(content).toContain("您还不是督办成员");
    expect(content).toContain("duban member add --platform wecom --user stranger01");
    expect(await rowCounts()).toEqual(before);
    expect(await h.database.db.inboundEvent.count({ where: { messageId: msgId } })).toBe(0);
  });

  it("refuses a forged signature with a 4xx before anything is handled or stored", async () => {
    const before = await rowCounts();
    const cb = signedCallback(appKeys, appText("zhangsan", "14：改造便利店30家"));
    const forged = new URLSearchParams({ msg_signature: "0".repeat(40), timestamp: cb.timestamp, nonce: cb.nonce });
    const res = await fetch(`${app.base}/wecom/callback?${forged}`, { method: "POST", body: appBody(cb.ciphertext), headers: { "content-type": "text/xml" } });
    expect(res.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
    expect(await reportsOf(14)).toHaveLength(0);

    // The same for the AI bot URL: signed with another bot's token.
    const botCb = signedCallback({ ...botKeys, token: "not-our-token" }, botText({ from: "zhangsan", chatid: "wr-shangwu", text: "@督办助手 14：改造便利店30家" }));
    const botRes = await fetch(`${app.base}/wecom/bot?${botCb.query}`, { method: "POST", body: botBody(botCb.ciphertext), headers: { "content-type": "application/json" } });
    expect(botRes.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("AI bot callback → real conversation", () => {
  it("answers 我的任务 in the unit's bound group with the unit's list", async () => {
    const content = await botReply(await postBot(botText({ from: "zhangsan", chatid: "wr-shangwu", text: "@督办助手 我的任务" })));
    expect(content).toMatch(/^市商务局｜2020年第一季度/);
    expect(content).toContain("共21项");
    // The report made over the app callback shows up here.
    expect(content).toMatch(/12\. 完善促进消费的体制机制［牵头］已报/);
  });

  it("asks which task a reply to a reminder is for, and takes the next message's number as the answer", async () => {
    const reminder = "【督办提醒】市商务局：2020年第一季度重点工作进展请于3月31日前报送，还有2项未报：\n13. 鼓励发展线上线下融合\n14. 推进便利店品牌化连锁化\n直接回复本消息「编号 内容」即可汇报，如：13 本季度完成……";
    const before = await h.database.db.report.count();

    const asked = await botReply(await postBot(botText({ from: "zhangsan", chatid: "wr-shangwu", text: "@督办助手 已完成", quote: reminder })));
    expect(asked).toContain("请问这是哪一项任务的汇报");
    expect(asked).toContain("13、14");
    expect(await h.database.db.report.count()).toBe(before);

    const answered = await botReply(await postBot(botText({ from: "zhangsan", chatid: "wr-shangwu", text: "@督办助手 13" })));
    expect(answered).toContain("已记录 ✅ 第13项 · 市商务局");
    const rows = await reportsOf(13);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: "已完成", userId: "zhangsan", unit: { name: "市商务局" } });
    expect(await reportsOf(14)).toHaveLength(0);
  });
});

describe("no reply went out late", () => {
  it("answered every callback in its own response", () => {
    expect(late).toEqual([]);
  });
});
