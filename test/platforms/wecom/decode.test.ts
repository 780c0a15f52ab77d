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
