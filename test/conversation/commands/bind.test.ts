// 绑定 in a group says how reminders will reach it, and what is missing when nothing can.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/clock";
import { createConversation } from "../../../src/conversation/create-conversation";
import { addMember } from "../../../src/directory/members";
import { createLogger } from "../../../src/logger";
import type { InboundMessage } from "../../../src/platforms/message";
import { loadTemplates } from "../../../src/templates";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
  await addMember(h.database.db, { platform: "dingtalk", userId: "dcj-ding", unit: "督查局", role: "supervisor" });
});
afterAll(async () => h.database.drop());

/** A conversation whose platforms can (or cannot) push into groups by chat id. */
function conversation(pushByChatId: Partial<Record<"wecom" | "dingtalk", boolean>>) {
  const handle = createConversation({ db: h.database.db, templates: loadTemplates(), clock: fixedClock(h.now.value), log: createLogger("silent"), pushByChatId });
  let n = 0;
  return (platform: InboundMessage["platform"], user: string, chatId: string, text: string) =>
    handle({ platform, messageId: `bind-${Date.now()}-${++n}`, chatId, chatType: "group", senderId: user, text });
}

describe("绑定 and the group's push channel", () => {
  it("WeCom, no webhook, no AI bot long connection: says reminders cannot arrive and how to add the group robot", async () => {
    const r = await conversation({})("wecom", "lisi", "wr-wsj", "绑定 市卫健委");
    expect(r.text).toContain("已将本群绑定到市卫生健康委");
    expect(r.text).toContain("本群还没有推送通道，督办提醒发不进来");
    expect(r.text).toContain("群机器人 → 添加");
    expect(r.text).toContain("duban group bind --platform wecom --chat wr-wsj --unit 市卫生健康委 --webhook <地址>");
  });

  it("WeCom with the AI bot's long connection, or a group that already has its robot: no warning", async () => {
    let r = await conversation({ wecom: true })("wecom", "lisi", "wr-ws", "绑定 市卫健委");
    expect(r.text).toContain("智能机器人（长连接）直接发到本群");
    expect(r.text).not.toContain("⚠");
    await h.database.db.chatGroup.update({
      where: { platform_chatId: { platform: "wecom", chatId: "wr-wsj" } },
      data: { webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" },
    });
    r = await conversation({})("wecom", "lisi", "wr-wsj", "绑定 市卫健委");
    expect(r.text).toContain("提醒将通过本群的群机器人发送");
  });

  it("DingTalk: the app's robot is already in the group, so reminders work", async () => {
    const r = await conversation({ dingtalk: true })("dingtalk", "dcj-ding", "cid-wsj==", "绑定 督查");
    expect(r.text).toContain("已将本群设为督查群");
    expect(r.text).toContain("钉钉应用机器人直接发到本群");
    expect(r.text).not.toContain("⚠");
  });
});
