import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger";
import { startWecomLongConnection, type WecomLongConnection } from "../../../src/platforms/wecom/long-connection";
import { startFakeWecomWs, type FakeWecomWs, type Frame } from "../../fakes/wecom-ws";
import { deferred, recordingHandler, type RecordingHandler } from "./app-harness";

const BOT_ID = "aib-duban-test";
const SECRET = "bot-secret";

let server: FakeWecomWs;
let handler: RecordingHandler;
let conn: WecomLongConnection | undefined;

// A fresh WebSocket server per test: each test gets its own connection and subscription.
beforeEach(async () => {
  server = await startFakeWecomWs({ botId: BOT_ID, secret: SECRET });
  handler = recordingHandler();
  await connect(1000);
});

async function connect(replyBudgetMs: number): Promise<void> {
  const before = server.subscriptions();
  conn = startWecomLongConnection({
    config: { botId: BOT_ID, secret: SECRET, wsUrl: server.url },
    handle: (m) => handler.handle(m),
    log: createLogger("silent"),
    replyBudgetMs,
    sdkOptions: { heartbeatInterval: 200 },
  });
  await server.authenticated(before + 1);
}
afterEach(async () => {
  await conn?.stop();
  await server.close();
});

let seq = 0;
const groupText = (content: string, msgid = `ws-msg-${++seq}`) => ({
  msgid,
  aibotid: BOT_ID,
  chatid: "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA",
  chattype: "group",
  from: { userid: "zhangsan" },
  msgtype: "text",
  text: { content },
  quote: { msgtype: "text", text: { content: "任务 8 待报" } },
});
const isReplyTo = (reqId: string) => (f: Frame) => f.cmd === "aibot_respond_msg" && f.headers.req_id === reqId;

describe("WeCom long connection", () => {
  it("subscribes with the bot id and secret, then keeps a heartbeat", async () => {
    expect(server.received[0]).toMatchObject({ cmd: "aibot_subscribe", body: { bot_id: BOT_ID, secret: SECRET } });
    await server.waitForFrame((f) => f.cmd === "ping");
  });

  it("answers a text frame with one finished stream reply on the frame's req_id", async () => {
    const reqId = server.pushMessage(groupText("@督办 报告 8 已完成"));
    const reply = await server.waitForFrame(isReplyTo(reqId));
    expect(reply.body).toEqual({ msgtype: "stream", stream: { id: expect.any(String), finish: true, content: "已收到：@督办 报告 8 已完成" } });
    expect(handler.calls).toEqual([
      expect.objectContaining({
        platform: "wecom",
        chatType: "group",
        chatId: "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA",
        senderId: "zhangsan",
        text: "@督办 报告 8 已完成",
        quotedText: "任务 8 待报",
      }),
    ]);
  });

  it("calls the handler once for a redelivered frame and repeats the reply", async () => {
    const first = server.pushMessage(groupText("我的任务", "dup-1"));
    await server.waitForFrame(isReplyTo(first));
    const second = server.pushMessage(groupText("我的任务", "dup-1"));
    const again = await server.waitForFrame(isReplyTo(second));
    expect(again.body.stream.content).toBe("已收到：我的任务");
    expect(handler.calls).toHaveLength(1);
  });

  it("sends a slow answer proactively to the chat instead", async () => {
    await conn!.stop();
    await connect(20);
    const gate = deferred();
    handler.gate = gate.promise;
    server.pushMessage(groupText("汇总"));
    await new Promise((r) => setTimeout(r, 40));
    gate.resolve();
    const sent = await server.waitForFrame((f) => f.cmd === "aibot_send_msg");
    expect(sent.body).toEqual({ chatid: "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA", msgtype: "markdown", markdown: { content: "已收到：汇总" } });
    expect(server.received.some((f) => f.cmd === "aibot_respond_msg")).toBe(false);
  });

  it("ignores events and frames it cannot read", async () => {
    server.pushEvent({ msgid: "e1", aibotid: BOT_ID, chattype: "single", from: { userid: "lisi" }, msgtype: "event", event: { eventtype: "enter_chat" } });
    server.pushMessage({ msgid: "bad", msgtype: "text", text: { content: "no sender" } });
    const reqId = server.pushMessage(groupText("之后的消息"));
    await server.waitForFrame(isReplyTo(reqId));
    expect(handler.calls.map((c) => c.text)).toEqual(["之后的消息"]);
  });

  it("pushes proactively by chatid as markdown, classifying WeCom's refusals", async () => {
    const channel = conn!.channel;
    expect(await channel.send("wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA", { text: "**提醒**：任务 8 明日截止", format: "markdown" })).toEqual({ ok: true });
    const frame = await server.waitForFrame((f) => f.cmd === "aibot_send_msg");
    expect(frame.body).toEqual({ chatid: "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA", msgtype: "markdown", markdown: { content: "**提醒**：任务 8 明日截止" } });
    server.failSends(45009, 93000);
    expect(await channel.send("zhangsan", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: true, code: 45009 });
    expect(await channel.send("zhangsan", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: false, code: 93000 });
  });

  it("reports sends after stop() as retryable, not thrown", async () => {
    await conn!.stop();
    expect(await conn!.channel.send("zhangsan", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: true });
    conn = undefined;
  });
});
