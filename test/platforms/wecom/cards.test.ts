// WeCom template cards end to end (issue 22): the AI bot answers 我的任务 with a
// button_interaction card, a click arrives as template_card_event (the vendor's payload) and
// the card is updated in place; the self-built app sends cards through message/send and updates
// a clicked one with update_template_card. Real conversation, real database, a fake WeCom.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../../src/config";
import { createWecomApiClient } from "../../../src/platforms/wecom/api-client";
import { appMessageChannel } from "../../../src/platforms/wecom/app-channels";
import type { LateReply } from "../../../src/platforms/wecom/late-reply";
import { startFakeWecomApi, templateCardError, type FakeWecomApi } from "../../fakes/wecom-api";
import { appBody, appCardEvent, botBody, botCardEvent, openAppReply, openBotReply, signedCallback } from "../../fakes/wecom-callback";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";
import { startWecomApp } from "./app-harness";
import { APP, appKeys, BOT, botKeys } from "./keys";

let h: ConversationHarness;
let api: FakeWecomApi;
let app: { base: string; close(): Promise<void> };
const late: LateReply[] = [];

beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
  api = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
  const config: Config["wecom"] = { app: { ...APP }, bot: { ...BOT }, apiBase: api.base };
  app = await startWecomApp(h.database.db, { config, handle: h.handle, replyBudgetMs: 10_000, sendLater: async (l) => void late.push(l) });
});
afterAll(async () => {
  await app?.close();
  await api?.close();
  await h?.database.drop();
});

async function postBot(plaintext: string): Promise<any> {
  const cb = signedCallback(botKeys, plaintext);
  const res = await fetch(`${app.base}/wecom/bot?${cb.query}`, { method: "POST", body: botBody(cb.ciphertext), headers: { "content-type": "application/json" } });
  expect(res.status).toBe(200);
  return openBotReply(botKeys, await res.text());
}

let seq = 0;
function botText(from: string, text: string, chatid: string): string {
  return JSON.stringify({ msgid: `bot-${Date.now()}-${++seq}`, aibotid: "AIBOTID", chatid, chattype: "group", from: { userid: from }, create_time: Math.floor(Date.now() / 1000), msgtype: "text", text: { content: `@督办助手 ${text}` } });
}

let card: { task_id: string; button_list: { text: string; key: string }[] };

describe("WeCom AI bot cards", () => {
  it("answers 我的任务 in a group with the list and a button card", async () => {
    const reply = await postBot(botText("zhangsan", "我的任务", "wr-shangwu"));
    expect(reply.msgtype).toBe("stream_with_template_card");
    expect(reply.stream.content).toContain("市商务局");
    expect(templateCardError(reply.template_card)).toBeUndefined();
    card = reply.template_card;
    expect(card.button_list.map((b) => b.text)).toEqual(["去汇报", "同上季", "已阅", "申请延期"]);
  });

  it("a click on 已阅 updates everyone's card to the state; the same click again is one receipt", async () => {
    const key = card.button_list.find((b) => b.text === "已阅")!.key;
    const first = await postBot(botCardEvent({ from: "zhangsan", taskId: card.task_id, key, chatid: "wr-shangwu" }));
    expect(first.response_type).toBe("update_template_card");
    expect(first.userids).toBeUndefined();
    expect(first.template_card.task_id).toBe(card.task_id);
    expect(first.template_card.button_list).toEqual([{ text: "已阅 · 张三", style: 4, key: "done" }]);
    const again = await postBot(botCardEvent({ from: "zhangsan", taskId: card.task_id, key, chatid: "wr-shangwu" }));
    expect(again.template_card.button_list[0].text).toBe("已阅 · 张三");
    expect(await h.database.db.readMark.count()).toBe(1);
  });

  it("a clicker of another unit sees the refusal on their own card only, and nothing is recorded", async () => {
    const key = card.button_list.find((b) => b.text === "同上季")!.key;
    const r = await postBot(botCardEvent({ from: "wangwu", taskId: card.task_id, key, chatid: "wr-shangwu" }));
    expect(r.userids).toEqual(["wangwu"]);
    expect(r.template_card.sub_title_text).toContain("这张卡片是发给市商务局的");
    expect(await h.database.db.report.count()).toBe(0);
  });

  it("ignores a click on the done button and on cards that are not duban's", async () => {
    const cb = signedCallback(botKeys, botCardEvent({ from: "zhangsan", taskId: card.task_id, key: "done", chatid: "wr-shangwu" }));
    const res = await fetch(`${app.base}/wecom/bot?${cb.query}`, { method: "POST", body: botBody(cb.ciphertext) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });
});

describe("WeCom app cards", () => {
  it("answers 我的任务 1:1 with the text, then sends the card as an app message", async () => {
    const before = api.requestsTo("/cgi-bin/message/send").length;
    const xml =
      `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[我的任务]]></Content><MsgId>${Date.now()}77</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
    const cb = signedCallback(appKeys, xml);
    const res = await fetch(`${app.base}/wecom/callback?${cb.query}`, { method: "POST", body: appBody(cb.ciphertext) });
    expect(openAppReply(appKeys, await res.text()).Content).toContain("市商务局");
    const sent = await api.waitFor("/cgi-bin/message/send", before + 1);
    expect(sent.at(-1)!.body).toMatchObject({ touser: "zhangsan", agentid: APP.agentId, msgtype: "template_card", template_card: { card_type: "button_interaction" } });
  });

  it("sends a card 1:1 with message/send msgtype template_card", async () => {
    const row = await h.database.db.card.findUniqueOrThrow({ where: { id: card.task_id } });
    const channel = appMessageChannel(createWecomApiClient({ apiBase: api.base, corpId: APP.corpId, secret: APP.secret }), APP.agentId);
    const result = await channel.send("zhangsan", { text: "…", format: "text", card: { ...JSON.parse(row.content), state: undefined } });
    expect(result).toEqual({ ok: true });
    const sent = api.requestsTo("/cgi-bin/message/send").at(-1)!.body;
    expect(sent).toMatchObject({ touser: "zhangsan", msgtype: "template_card", template_card: { card_type: "button_interaction", task_id: card.task_id } });
  });

  it("a click updates the buttons with update_template_card and answers in a message", async () => {
    const key = card.button_list.find((b) => b.text === "去汇报")!.key;
    await h.database.db.card.update({ where: { id: card.task_id }, data: { state: null } });
    const cb = signedCallback(appKeys, appCardEvent({ corpId: APP.corpId, agentId: APP.agentId, from: "zhangsan", taskId: card.task_id, key: card.button_list.find((b) => b.text === "同上季")!.key, responseCode: "rc-1" }));
    // 同上季 with no first-quarter report: refused, nothing stored, and the card keeps its buttons.
    const res = await fetch(`${app.base}/wecom/callback?${cb.query}`, { method: "POST", body: appBody(cb.ciphertext) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(late.at(-1)).toMatchObject({ via: "app", userId: "zhangsan" });
    expect(late.at(-1)!.reply.text).toContain("不能「同上季」");
    expect(await h.database.db.report.count()).toBe(0);
    // 已阅 by the app's member: the card's buttons become its state.
    const read = signedCallback(appKeys, appCardEvent({ corpId: APP.corpId, agentId: APP.agentId, from: "zhangsan", taskId: card.task_id, key: card.button_list.find((b) => b.text === "已阅")!.key, responseCode: "rc-2" }));
    await fetch(`${app.base}/wecom/callback?${read.query}`, { method: "POST", body: appBody(read.ciphertext) });
    const [update] = await api.waitFor("/cgi-bin/message/update_template_card", 1);
    expect(update!.body).toEqual({ userids: ["zhangsan"], agentid: APP.agentId, response_code: "rc-2", button: { replace_name: "已阅 · 张三" } });
    expect(key).toMatch(/^report:/);
  });
});
