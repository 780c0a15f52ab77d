// A click on a card (issue 22) does what its typed form does, checked the same way: each
// button's effect, and its refusals — another unit's card, a stale card, the same click twice,
// a member pressing a supervisor's button.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clickMessageId, type Card, type CardAction } from "../../src/cards/card";
import type { Reply } from "../../src/platforms/message";
import { createHarness, resetState, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
let led: number;

beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
  const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  const assignments = await h.database.db.assignment.findMany({ where: { unitId: unit.id, role: "lead" }, include: { task: true }, orderBy: { task: { no: "asc" } } });
  led = assignments[0]!.task.no;
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  await resetState(h);
  await h.database.db.readMark.deleteMany();
  await h.database.db.card.deleteMany();
  await h.database.db.inboundEvent.deleteMany();
  h.now.value = new Date("2020-05-06T10:00:00+08:00");
});

function click(user: string, chatId: string, card: Card, action: CardAction): Promise<Reply> {
  const c = { cardId: card.id, action, taskNo: card.taskNo };
  return h.handle({ platform: "wecom", messageId: clickMessageId(c, user), chatId, chatType: "group", senderId: user, text: "", click: c, canShowCards: true });
}

async function tasksCard(): Promise<Card> {
  const r = await h.send("zhangsan", "我的任务", { chatId: "wr-shangwu", canShowCards: true });
  expect(r.card).toBeDefined();
  return r.card!;
}

const reports = (period = "2020Q2") => h.database.db.report.findMany({ where: { withdrawnAt: null, period }, include: { task: true } });

describe("the tasks card (我的任务, reminders)", () => {
  it("comes with 我的任务 where the platform shows cards, and not elsewhere", async () => {
    const card = await tasksCard();
    expect(card.buttons.map((b) => b.label)).toEqual(["去汇报", "同上季", "已阅", "申请延期"]);
    expect(card).toMatchObject({ kind: "tasks", period: "2020Q2", unitName: "市商务局" });
    expect(await h.database.db.card.count()).toBe(1);
    const plain = await h.send("zhangsan", "我的任务", { chatId: "wr-shangwu" });
    expect(plain.card).toBeUndefined();
  });

  it("同上季 files last quarter's report and the card shows 已报", async () => {
    const card = await tasksCard();
    h.now.value = new Date("2020-03-20T10:00:00+08:00");
    await h.send("zhangsan", `${card.taskNo} 一季度完成招商签约3个项目`, { chatId: "wr-shangwu" });
    h.now.value = new Date("2020-05-06T10:00:00+08:00");
    const r = await click("zhangsan", "wr-shangwu", card, "same");
    expect(r.text).toContain("同上季，无新进展");
    expect(r.card?.state).toBe(`第${card.taskNo}项已报 ✅（同上季）`);
    expect((await reports()).map((x) => x.text)).toEqual(["【同上季，无新进展】一季度完成招商签约3个项目"]);
    expect((await h.database.db.card.findUniqueOrThrow({ where: { id: card.id } })).state).toBe(r.card!.state);
  });

  it("the same click twice is one action and the same answer", async () => {
    const card = await tasksCard();
    h.now.value = new Date("2020-03-20T10:00:00+08:00");
    await h.send("zhangsan", `${card.taskNo} 一季度完成招商签约3个项目`, { chatId: "wr-shangwu" });
    h.now.value = new Date("2020-05-06T10:00:00+08:00");
    const first = await click("zhangsan", "wr-shangwu", card, "same");
    const second = await click("zhangsan", "wr-shangwu", card, "same");
    expect(second).toEqual(first);
    expect(await reports()).toHaveLength(1);
  });

  it("已阅 records a receipt for the task, never a report", async () => {
    const card = await tasksCard();
    const r = await click("zhangsan", "wr-shangwu", card, "read");
    expect(r.text).toContain("已阅不是汇报");
    expect(r.card?.state).toBe("已阅 · 张三");
    expect(await reports()).toHaveLength(0);
    expect(await h.database.db.readMark.findMany()).toMatchObject([{ userId: "zhangsan", taskNo: card.taskNo, source: card.id }]);
    await click("zhangsan", "wr-shangwu", card, "read");
    expect(await h.database.db.readMark.count()).toBe(1);
  });

  it("去汇报 and 申请延期 answer with what to type and change nothing", async () => {
    const card = await tasksCard();
    const go = await click("zhangsan", "wr-shangwu", card, "report");
    expect(go.text).toContain(`汇报请直接发：${card.taskNo} 本季度进展`);
    const extend = await click("zhangsan", "wr-shangwu", card, "extend");
    expect(extend.text).toContain(`申请延期 ${card.taskNo} 至`);
    expect(await reports()).toHaveLength(0);
    expect(await h.database.db.inboundEvent.count({ where: { messageId: { startsWith: "card:" } } })).toBe(0);
  });

  it("refuses a clicker of another unit and changes nothing", async () => {
    const card = await tasksCard();
    const r = await click("wangwu", "wr-shangwu", card, "read");
    expect(r.text).toContain("这张卡片是发给市商务局的");
    expect(r.card?.state).toBeUndefined();
    expect(await h.database.db.readMark.count()).toBe(0);
  });

  it("a card of a past quarter answers with the state now and changes nothing", async () => {
    const card = await tasksCard();
    h.now.value = new Date("2020-03-20T10:00:00+08:00");
    await h.send("zhangsan", `${card.taskNo} 一季度完成招商签约3个项目`, { chatId: "wr-shangwu" });
    h.now.value = new Date("2020-07-06T10:00:00+08:00");
    const r = await click("zhangsan", "wr-shangwu", card, "same");
    expect(r.text).toContain("这张卡片是2020年第二季度的，现在是2020年第三季度，未做任何改动");
    expect(await reports("2020Q3")).toHaveLength(0);
  });

  it("a card of a task since 销号 is stale", async () => {
    const card = await tasksCard();
    // The card's task (the first due) is one 市商务局 cooperates on: its part closed as a lead's would be.
    const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    const task = await h.database.db.task.findFirstOrThrow({ where: { no: card.taskNo } });
    await h.database.db.assignment.update({ where: { taskId_unitId: { taskId: task.id, unitId: unit.id } }, data: { closure: "closed", closedAt: h.now.value } });
    const r = await click("zhangsan", "wr-shangwu", card, "read");
    expect(r.text).toContain("已销号，这张卡片已过期");
    expect(r.card?.state).toBe(`第${card.taskNo}项已销号 ✅`);
    expect(await h.database.db.readMark.count()).toBe(0);
  });

  it("an unknown card or a button not on the card changes nothing", async () => {
    const card = await tasksCard();
    const forged = await click("zhangsan", "wr-shangwu", { ...card, id: "duban-nope" }, "read");
    expect(forged.text).toContain("这张卡片已失效");
    const c = { cardId: card.id, action: "read" as const, taskNo: card.taskNo };
    const otherPlatform = await h.handle({ platform: "dingtalk", messageId: clickMessageId(c, "0001"), chatId: "0001", chatType: "single", senderId: "0001", text: "", click: c });
    expect(otherPlatform.text).toContain("这张卡片已失效");
    const notOnIt = await click("zhangsan", "wr-shangwu", card, "close");
    expect(notOnIt.text).toContain("这张卡片已失效");
    expect((await h.database.db.task.findFirstOrThrow({ where: { no: card.taskNo } })).closure).toBeNull();
  });
});

describe("the 办结 card to the supervision group", () => {
  async function closureCard(): Promise<Card> {
    await h.send("zhangsan", `办结 ${led} 已印发实施意见`, { chatId: "wr-shangwu" });
    const sent = await h.database.db.outboxMessage.findFirstOrThrow({ where: { key: { startsWith: "closure:" } } });
    const card = (JSON.parse(sent.payload) as { card: Card }).card;
    expect(card.buttons.map((b) => b.label)).toEqual(["销号", "退回"]);
    return card;
  }

  it("销号 by a supervisor closes the task and the card shows 已销号", async () => {
    const card = await closureCard();
    const r = await click("lisi", "wr-duban", card, "close");
    expect(r.text).toContain(`已销号 ✅ 第${led}项`);
    expect(r.card?.state).toBe(`第${led}项已销号 ✅`);
    expect((await h.database.db.task.findFirstOrThrow({ where: { no: led } })).closure).toBe("closed");
    const again = await click("lisi", "wr-duban", card, "close");
    expect(again).toEqual(r);
    expect(await h.database.db.auditEvent.count({ where: { action: "task.closed" } })).toBe(1);
  });

  it("a member pressing 销号 is refused like a typed 销号", async () => {
    const card = await closureCard();
    const r = await click("zhangsan", "wr-duban", card, "close");
    expect(r.text).toContain("销号");
    expect(r.text).not.toContain("已销号 ✅");
    expect((await h.database.db.task.findFirstOrThrow({ where: { no: led } })).closure).toBe("pending");
  });

  it("销号 on the card of a request since 退回 does not close the new request the supervisor has not read", async () => {
    const first = await closureCard();
    await h.send("lisi", `退回 ${led} 缺少印发文件`, { chatId: "wr-duban" });
    await h.send("zhangsan", `办结 ${led} 已补充印发文件`, { chatId: "wr-shangwu" });
    const r = await click("lisi", "wr-duban", first, "close");
    expect(r.text).toContain("已有新的办结申请");
    expect(r.text).not.toContain("已销号 ✅");
    expect((await h.database.db.task.findFirstOrThrow({ where: { no: led } })).closure).toBe("pending");
  });

  it("退回 asks for the reason, typed; the card then shows 已退回 and its 销号 is stale", async () => {
    const card = await closureCard();
    const asked = await click("lisi", "wr-duban", card, "return");
    expect(asked.text).toContain(`退回 ${led} 原因`);
    expect((await h.database.db.task.findFirstOrThrow({ where: { no: led } })).closure).toBe("pending");
    await h.send("lisi", `退回 ${led} 缺少印发文件`, { chatId: "wr-duban" });
    const late = await click("lisi", "wr-duban", card, "close");
    expect(late.card?.state).toBe(`第${led}项已退回`);
    expect((await h.database.db.task.findFirstOrThrow({ where: { no: led } })).closure).toBeNull();
  });
});
