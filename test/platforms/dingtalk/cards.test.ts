// DingTalk interactive cards end to end (issue 22): the 办结 notice reaches the supervision group
// as a card instance (createAndDeliver), a click comes back as the card callback (the payload
// DingTalk sends on /v1.0/card/instances/callback) and runs through the real conversation, and
// the instance is updated (PUT /v1.0/card/instances): for everyone when it changed, else only
// the clicker's private data. A fake DingTalk checks the formats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "../../../src/cards/card";
import { loadDirectoryText } from "../../../src/directory/load-directory";
import { createLogger } from "../../../src/logger";
import { createDingtalkApiClient, type DingtalkApiClient } from "../../../src/platforms/dingtalk/api-client";
import { createAppRobotChannel } from "../../../src/platforms/dingtalk/app-robot-channel";
import { decodeRobotMessage } from "../../../src/platforms/dingtalk/decode";
import { cardDestination, createInboundProcessor } from "../../../src/platforms/dingtalk/inbound";
import { answerCardCallback, cardDelivery, createAndDeliverCard } from "../../../src/platforms/dingtalk/interactive-card";
import { cardCallback, startFakeDingtalk, type FakeDingtalk } from "../../fakes/dingtalk-api";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
let fake: FakeDingtalk;
let client: DingtalkApiClient;
let led: number;
let card: Card;
const log = createLogger("silent");

beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
  await loadDirectoryText(
    h.database.db,
    `members:\n  - { platform: dingtalk, user: d-lisi, name: 钱八, unit: 督查局, role: supervisor }\ngroups:\n  - { platform: dingtalk, chat: cidDUBAN, supervision: true }\n`,
    "cards-directory.yaml",
  );
  fake = await startFakeDingtalk();
  client = createDingtalkApiClient({ apiBase: fake.base, appKey: "dingappkey", appSecret: "app-secret" });
  const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市发展改革委" } });
  led = (await h.database.db.assignment.findFirstOrThrow({ where: { unitId: unit.id, role: "lead" }, include: { task: true }, orderBy: { task: { no: "asc" } } })).task.no;
});
afterAll(async () => {
  await fake?.close();
  await h?.database.drop();
});

const click = (userId: string, key: string) => answerCardCallback({ handle: h.handle, client, log }, cardCallback({ outTrackId: card.id, userId, key, spaceId: "cidDUBAN" }));
const closure = async () => (await h.database.db.task.findFirstOrThrow({ where: { no: led } })).closure;

describe("the 办结 card in a DingTalk supervision group", () => {
  it("is created and delivered to the group through the robot, with 销号 and 退回", async () => {
    await h.send("0001", `办结 ${led} 已出台实施方案`, { platform: "dingtalk" });
    const group = await h.database.db.chatGroup.findFirstOrThrow({ where: { chatId: "cidDUBAN" } });
    const row = await h.database.db.outboxMessage.findFirstOrThrow({ where: { destination: `group:${group.id}` } });
    const message = JSON.parse(row.payload);
    card = message.card;
    const sent = await createAppRobotChannel(client, { cardTemplateId: "tpl-duban.schema" }).send("group:cidDUBAN", message);
    expect(sent).toEqual({ ok: true });
    const instance = fake.cards.get(card.id)!;
    expect(instance.openSpaceId).toBe("dtv1.card//IM_GROUP.cidDUBAN");
    expect(instance.params.title).toBe(`【办结申请】第${led}项`);
    expect(JSON.parse(instance.params.buttons!).map((b: { text: string }) => b.text)).toEqual(["销号", "退回"]);
    expect(fake.requestsTo("group")).toHaveLength(0);
  });

  it("退回 asks its clicker for the reason, privately, and changes nothing", async () => {
    await click("d-lisi", `return:${led}`);
    expect(fake.cards.get(card.id)!.privateParams["d-lisi"]!.answer).toContain(`退回 ${led} 原因`);
    expect(fake.cards.get(card.id)!.params.state).toBe("");
    expect(await closure()).toBe("pending");
  });

  it("销号 by a member who is no supervisor is refused like the typed command", async () => {
    await click("0001", `close:${led}`);
    expect(fake.cards.get(card.id)!.privateParams["0001"]!.answer).toContain("销号");
    expect(await closure()).toBe("pending");
  });

  it("销号 by a supervisor closes the task and the whole group's card shows 已销号; a second click is the same one", async () => {
    await click("d-lisi", `close:${led}`);
    const instance = fake.cards.get(card.id)!;
    expect(instance.params.state).toBe(`第${led}项已销号 ✅`);
    expect(instance.params.buttons).toBe("[]");
    expect(await closure()).toBe("closed");
    await click("d-lisi", `close:${led}`);
    expect(await h.database.db.auditEvent.count({ where: { action: "task.closed" } })).toBe(1);
  });

  it("without a card template the robot sends the notice as text", async () => {
    const message = { text: "【办结申请】…", format: "text" as const, card };
    expect(await createAppRobotChannel(client).send("group:cidDUBAN", message)).toEqual({ ok: true });
    expect(fake.requestsTo("group")).toHaveLength(1);
  });
});

describe("我的任务 over the DingTalk robot", () => {
  it("answers with the text through the session and delivers the card into the same 1:1 chat", async () => {
    const replies: string[] = [];
    const processor = createInboundProcessor({
      handle: h.handle,
      log,
      now: () => new Date(),
      reply: async (_d, r) => {
        replies.push(r.text);
        return { ok: true };
      },
      card: (d, c) => createAndDeliverCard(client, "tpl-duban.schema", cardDestination(d), c),
    });
    const decoded = decodeRobotMessage({
      msgtype: "text",
      text: { content: "我的任务" },
      msgId: "msgMyTasks1",
      createAt: Date.now(),
      conversationType: "1",
      conversationId: "cidP2P0001",
      senderId: "$:LWCP_v1:$opaque",
      senderStaffId: "0001",
      senderNick: "赵六",
      sessionWebhook: `${fake.base}/robot/sendBySession?session=s1`,
      sessionWebhookExpiredTime: Date.now() + 3_600_000,
      robotCode: "dingappkey",
      chatbotUserId: "$:LWCP_v1:$bot",
      isInAtList: true,
    });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    processor.accept(decoded.value);
    await processor.idle();
    expect(replies[0]).toContain("市发展改革委");
    const instances = [...fake.cards.values()].filter((c) => c.openSpaceId === "dtv1.card//IM_ROBOT.0001");
    expect(instances).toHaveLength(1);
    expect(instances[0]!.params.title).toContain("市发展改革委｜2020年第二季度督办任务");
  });
});

describe("a card callback that is no click on a duban button", () => {
  it("is ignored quietly, whatever its content holds", async () => {
    const calls = fake.requests.length;
    const payloads: unknown[] = [null, "x", 12, {}, { outTrackId: "c", userId: "u" }];
    for (const content of ["null", "[]", "12", '"same:1"', "{", '{"cardPrivateData":null}', '{"cardPrivateData":{"params":null}}', '{"cardPrivateData":{"params":{"key":12}}}', '{"cardPrivateData":{"params":{"key":"drop:1"}}}']) {
      payloads.push({ outTrackId: "duban-x", userId: "d-lisi", content, spaceType: "IM_GROUP", spaceId: "cidDUBAN" });
    }
    for (const p of payloads) await expect(answerCardCallback({ handle: h.handle, client, log }, p), JSON.stringify(p)).resolves.toBeUndefined();
    expect(fake.requests.length).toBe(calls);
  });
});

describe("where DingTalk cards go", () => {
  it("only to a robot in Stream mode with a card template: elsewhere no click would be heard", () => {
    const robot = { appKey: "k", appSecret: "s", cardTemplateId: "tpl" };
    const base = { apiBase: fake.base, oapiBase: fake.base };
    expect(cardDelivery({ ...base, robot: { ...robot, mode: "stream" } }).card).toBeDefined();
    expect(cardDelivery({ ...base, robot: { ...robot, mode: "http" } }).card).toBeUndefined();
    expect(cardDelivery({ ...base, robot: { appKey: "k", appSecret: "s", mode: "stream" } }).card).toBeUndefined();
  });
});
