import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeRobotMessage } from "../../../src/platforms/dingtalk/decode";

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`test/fixtures/dingtalk/${name}.json`, "utf8"));

function decodeOk(body: unknown) {
  const r = decodeRobotMessage(body);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("decodeRobotMessage", () => {
  it("decodes a group @-mention: sender staff id, group chat id, text as sent", () => {
    const d = decodeOk(fixture("group-text"));
    expect(d.message).toEqual({
      platform: "dingtalk",
      messageId: "msgGroup0001",
      chatId: "cidGroupAAAA==",
      chatType: "group",
      senderId: "zhangsan01",
      senderName: "张三",
      text: " 我的任务",
      sentAt: new Date(1613630252678),
    });
    expect(d.session).toEqual({ url: "https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx", expiresAt: new Date(1613635652738) });
    expect(d.senderStaffId).toBe("zhangsan01");
  });

  it("decodes a 1:1 message with the sender as the chat (as message.ts defines it)", () => {
    const d = decodeOk(fixture("single-text"));
    expect(d.message).toMatchObject({ chatType: "single", chatId: "cidSingleBBBB==", senderId: "lisi02", text: "任务 8" });
  });

  it("carries the quoted message's text", () => {
    const d = decodeOk(fixture("quoted-reply"));
    expect(d.message.quotedText).toBe("【督办提醒】任务 8：着力抓好186个重点项目，请于3月31日前报送进展");
    expect(d.message.text).toBe(" 已完成，招商引资签约项目12个");
  });

  it("reads the quote defensively: content.content, a JSON string, or nothing usable", () => {
    const base = fixture("quoted-reply");
    const withReplied = (repliedMsg: unknown) => decodeOk({ ...base, text: { content: "好", isReplyMsg: true, repliedMsg } }).message.quotedText;
    expect(withReplied({ content: { content: "引用的话" } })).toBe("引用的话");
    expect(withReplied(JSON.stringify({ content: { text: "字符串里的引用" } }))).toBe("字符串里的引用");
    expect(withReplied({ content: "直接的文字" })).toBe("直接的文字");
    expect(withReplied({ content: { richText: [{ text: "富" }, { downloadCode: "x" }, { text: "文本" }] } })).toBe("富文本");
    expect(withReplied({ content: 42 })).toBeUndefined();
    expect(withReplied("not json")).toBeUndefined();
    expect(withReplied(null)).toBeUndefined();
    expect(withReplied({ content: { text: "   " } })).toBeUndefined();
  });

  it("turns richText into its text parts and audio into DingTalk's recognition", () => {
    expect(decodeOk(fixture("rich-text")).message.text).toBe("任务 8 进展：已签约12个项目");
    expect(decodeOk(fixture("audio")).message.text).toBe("我的任务");
  });

  it("passes other types on with empty text (the conversation layer answers them)", () => {
    const d = decodeOk(fixture("picture"));
    expect(d.message).toMatchObject({ messageId: "msgPicture0001", text: "" });
  });

  it("falls back to senderId when DingTalk gives no staff id (someone outside the organisation)", () => {
    const { senderStaffId: _, ...body } = fixture("group-text");
    const d = decodeOk(body);
    expect(d.message.senderId).toBe("$:LWCP_v1:$Ff09GIxxxxx");
    expect(d.senderStaffId).toBeUndefined();
  });

  it("refuses the wrong shape with a reason naming the field", () => {
    const r = decodeRobotMessage(fixture("wrong-shape"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/msgId|conversationType/);
    for (const body of [null, 42, "text", [], {}, { ...fixture("group-text"), msgId: "" }, { ...fixture("group-text"), senderStaffId: undefined, senderId: undefined }]) {
      expect(decodeRobotMessage(body).ok).toBe(false);
    }
  });
});
