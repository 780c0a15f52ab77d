import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeAppXml, decodeBotJson, decodeBotMessage } from "../../../src/platforms/wecom/decode";
import { WecomRequestError } from "../../../src/platforms/wecom/errors";
import { buildFlatXml, parseFlatXml } from "../../../src/platforms/wecom/xml";

const fixture = (name: string) => readFileSync(`test/fixtures/wecom/${name}`, "utf8");

describe("decodeAppXml", () => {
  it("turns a CDATA text message into a 1:1 neutral message, MsgId kept exactly", () => {
    expect(decodeAppXml(fixture("app-text.xml"))).toEqual({
      kind: "message",
      userId: "zhangsan",
      message: {
        platform: "wecom",
        messageId: "4561255354251345929",
        chatId: "zhangsan",
        chatType: "single",
        senderId: "zhangsan",
        text: "报告 8 已完成\n第二行 <b>&amp; ]]>",
        sentAt: new Date(1585008000 * 1000),
      },
    });
  });

  it("reads plain (non-CDATA) values with entities, and a MsgId beyond 2^53", () => {
    const d = decodeAppXml(fixture("app-text-plain.xml"));
    expect(d.kind === "message" && d.message).toMatchObject({ messageId: "9223372036854775807", text: "我的任务 & 进度", senderId: "lisi" });
  });

  it("turns a menu click into its EventKey, deduplicated by sender and CreateTime", () => {
    const d = decodeAppXml(fixture("app-event-click.xml"));
    expect(d.kind === "message" && d.message).toMatchObject({ messageId: "event:zhangsan:1585008100", text: "我的任务" });
  });

  it("ignores other events and non-text messages", () => {
    expect(decodeAppXml(fixture("app-event-enter-agent.xml"))).toEqual({ kind: "ignored", reason: "event enter_agent" });
    expect(decodeAppXml(fixture("app-image.xml"))).toEqual({ kind: "ignored", reason: "msgtype image" });
  });

  it("rejects malformed XML, missing fields, and entity bombs with 400s", () => {
    for (const name of ["malformed.xml", "app-no-msgid.xml", "doctype-entities.xml"]) {
      expect(() => decodeAppXml(fixture(name)), name).toThrow(WecomRequestError);
    }
    for (const text of ["", "not xml", "<xml>just text</xml>", "<other><MsgType>text</MsgType></other>", "<xml><MsgType>text</MsgType><MsgType>x</MsgType></xml>"]) {
      expect(() => decodeAppXml(text), text).toThrow(WecomRequestError);
    }
  });
});

describe("decodeBotJson", () => {
  it("turns a group @-message into a group message keeping the @mention and the quote", () => {
    const d = decodeBotJson(fixture("bot-group-text.json"));
    expect(d).toEqual({
      kind: "message",
      responseUrl: "RESPONSE_URL",
      message: {
        platform: "wecom",
        canShowCards: true,
        messageId: "CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=",
        chatId: "wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAAA",
        chatType: "group",
        senderId: "zhangsan",
        text: "@督办 报告 8 已完成",
        quotedText: "任务 8 本季度进展尚未报送",
        sentAt: new Date(1585008000 * 1000),
      },
    });
  });

  it("uses the sender as the chat of a 1:1 message", () => {
    const d = decodeBotJson(fixture("bot-single-text.json"));
    expect(d.kind === "message" && d.message).toMatchObject({ chatType: "single", chatId: "lisi", senderId: "lisi", text: "我的任务" });
  });

  it("joins the text items of a mixed message", () => {
    const d = decodeBotJson(fixture("bot-mixed.json"));
    expect(d.kind === "message" && d.message.text).toBe("@督办 报告 8\n已完成，见图");
  });

  it("ignores events and stream refreshes, rejects malformed bodies", () => {
    expect(decodeBotJson(fixture("bot-event-enter-chat.json"))).toEqual({ kind: "ignored", reason: "msgtype event" });
    expect(decodeBotMessage({ msgid: "s", msgtype: "stream", stream: { id: "1" } })).toEqual({ kind: "ignored", reason: "msgtype stream" });
    expect(() => decodeBotJson(fixture("malformed.json"))).toThrow(WecomRequestError);
    expect(() => decodeBotJson(fixture("bot-missing-from.json"))).toThrow(WecomRequestError);
    expect(() => decodeBotJson("null")).toThrow(WecomRequestError);
    expect(() => decodeBotMessage({ ...JSON.parse(fixture("bot-group-text.json")), chatid: undefined })).toThrow(WecomRequestError);
  });
});

describe("flat XML", () => {
  it("builds CDATA that survives any text, including a CDATA terminator", () => {
    const text = "a]]>b <c> & d\n第二行";
    expect(parseFlatXml(buildFlatXml({ Content: text, CreateTime: 1 }), "x")).toEqual({ Content: text, CreateTime: "1" });
  });
});

describe("template_card_event (issue 22)", () => {
  it("decodes the AI bot's click into a neutral click, one message id per card, button and person", () => {
    const event = (msgid: string) => ({ msgid, create_time: 1700000000, aibotid: "AIBOTID", chatid: "CHATID", chattype: "group", from: { userid: "zhangsan" }, msgtype: "event", event: { eventtype: "template_card_event", template_card_event: { card_type: "button_interaction", event_key: "same:12", task_id: "duban-tasks-2020Q2-12-abc" } } });
    const a = decodeBotJson(JSON.stringify(event("m1")));
    const b = decodeBotJson(JSON.stringify(event("m2")));
    expect(a.kind === "message" && a.message).toMatchObject({ chatId: "CHATID", chatType: "group", senderId: "zhangsan", text: "", click: { cardId: "duban-tasks-2020Q2-12-abc", action: "same", taskNo: 12 } });
    expect(a.kind === "message" && b.kind === "message" && a.message.messageId === b.message.messageId).toBe(true);
  });

  it("reads the long-connection SDK's flat event too, and ignores keys that are not duban's", () => {
    const flat = { msgid: "m3", aibotid: "A", chattype: "single", from: { userid: "lisi" }, msgtype: "event", event: { eventtype: "template_card_event", event_key: "close:7", task_id: "duban-closure-2020Q2-7-x" } };
    expect(decodeBotJson(JSON.stringify(flat))).toMatchObject({ kind: "message", message: { chatId: "lisi", click: { action: "close", taskNo: 7 } } });
    const foreign = { ...flat, event: { eventtype: "template_card_event", event_key: "approve", task_id: "other" } };
    expect(decodeBotJson(JSON.stringify(foreign)).kind).toBe("ignored");
  });

  it("decodes the app's click with its ResponseCode", () => {
    const xml =
      "<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1700000000</CreateTime>" +
      "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[read:12]]></EventKey>" +
      "<TaskId><![CDATA[duban-tasks-2020Q2-12-abc]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[RC]]></ResponseCode><AgentID>1</AgentID></xml>";
    expect(decodeAppXml(xml)).toMatchObject({ kind: "message", userId: "zhangsan", responseCode: "RC", message: { chatType: "single", click: { action: "read", taskNo: 12 } } });
  });
});
