// Item 4 of issue 9: 撤回, 撤回 12, 修改 12 …, and the platform's recall of a message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTwoUnitLiaison, createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
  await addTwoUnitLiaison(h);
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.report.deleteMany();
});

const reportsOf = (no: number) => h.database.db.report.findMany({ where: { task: { no } }, orderBy: { id: "asc" } });
const detail = async (no: number) => (await h.send("zhangsan", `任务 ${no}`)).text;

describe("撤回", () => {
  it("withdraws the sender's latest report; the one before is current again and history is kept", async () => {
    await h.send("zhangsan", "12：初稿");
    await h.send("zhangsan", "12：第二稿");
    const r = await h.send("zhangsan", "撤回");
    // The second message was added to the first (补充); 撤回 takes back that addition.
    expect(r.text).toContain("已撤回 第12项 · 市商务局 · 2020年第一季度「初稿");
    expect(r.text).toContain("现行汇报恢复为（3月24日 09:00）：「初稿」");
    expect(await detail(12)).toContain("：初稿");
    expect(await detail(12)).not.toContain("第二稿");
    const rows = await reportsOf(12);
    expect(rows.map((x) => [x.text, x.withdrawnAt !== null, x.withdrawnBy])).toEqual([
      ["初稿", false, null],
      ["初稿\n【补充 3月24日 09:00】第二稿", true, "zhangsan"],
    ]);
  });

  it("撤回 12 withdraws task 12's report, and the task is 未报 again", async () => {
    await h.send("zhangsan", "12：已完成");
    await h.send("zhangsan", "13：已完成");
    const r = await h.send("zhangsan", "撤回第12项");
    expect(r.text).toContain("已撤回 第12项");
    expect(r.text).toContain("第12项本期现为未报");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^🟢12\. .*未报$/mu);
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^🟢13\. .*已报$/mu);
  });

  it("takes back every item of the message that stored the latest report", async () => {
    await h.send("zhangsan", "12：活动3场\n13：街区2条");
    const r = await h.send("zhangsan", "撤回上一条");
    expect(r.text).toContain("已撤回 第12项");
    expect(r.text).toContain("已撤回 第13项");
    expect((await h.send("zhangsan", "未报")).text).toContain("未报21项");
  });

  it("only the same unit, only the period in force", async () => {
    await h.send("zhangsan", "12：已完成");
    expect((await h.send("wangwu", "撤回 12")).text).toContain("第12项本期没有可撤回的汇报");
    expect((await h.send("wangwu", "撤回")).text).toContain("没有可撤回的汇报");
    // In Q3, Q1's report (long past, its late window closed) can no longer be withdrawn.
    h.now.value = new Date("2020-07-15T10:00:00+08:00");
    expect((await h.send("zhangsan", "撤回 12")).text).toContain("没有可撤回的汇报");
    expect((await reportsOf(12))[0]?.withdrawnAt).toBeNull();
  });
});

describe("撤回 by a liaison of two units", () => {
  it("asks whose report 撤回 12 means when both units have one, and 撤回 12 [单位] takes back that one", async () => {
    await h.send("zhaoqi", "12 [市商务局] 举办活动3场");
    await h.send("zhaoqi", "12 [市发展改革委] 推进顺利");
    const ask = await h.send("zhaoqi", "撤回 12");
    expect(ask.text).toContain("请写明撤回哪个单位的");
    expect((await reportsOf(12)).every((r) => r.withdrawnAt === null)).toBe(true);
    const done = await h.send("zhaoqi", "撤回 12 [市发展改革委]");
    expect(done.text).toContain("已撤回 第12项 · 市发展改革委");
    expect((await reportsOf(12)).map((r) => [r.text, r.withdrawnAt !== null])).toEqual([
      ["举办活动3场", false],
      ["推进顺利", true],
    ]);
  });
});

describe("撤回 after 办结", () => {
  it("does not take back the report before a 办结: says the last message was the 办结 and withdraws nothing", async () => {
    await h.send("zhangsan", "12：已出台实施意见");
    h.now.value = new Date("2020-03-24T09:05:00+08:00");
    await h.send("zhangsan", "办结 12 已出台实施意见（许政办〔2020〕12号）");
    const r = await h.send("zhangsan", "撤回");
    expect(r.text).toContain("办结申请");
    expect(r.text).toContain("未撤回任何汇报");
    expect((await reportsOf(12)).map((x) => x.withdrawnAt)).toEqual([null]);
    // 撤回 12 still takes back the report, as asked.
    expect((await h.send("zhangsan", "撤回 12")).text).toContain("已撤回 第12项");
    await h.database.db.task.updateMany({ where: { no: 12 }, data: { closure: null, closureAt: null, closureBy: null, closureNote: null } });
  });

  it("does not take back the report before a 方案 either", async () => {
    await h.send("zhangsan", "13：本季度举办活动");
    h.now.value = new Date("2020-03-24T09:05:00+08:00");
    await h.send("zhangsan", "方案 13\n责任领导：王某\n时间节点：6月底前完成");
    const r = await h.send("zhangsan", "撤回");
    expect(r.text).toContain("落实方案");
    expect(r.text).toContain("未撤回任何汇报");
    expect((await reportsOf(13)).map((x) => x.withdrawnAt)).toEqual([null]);
    await h.database.db.taskPlan.deleteMany();
  });
});

describe("修改", () => {
  it("replaces the current report; the old one is kept, withdrawn, and the new one points to it", async () => {
    await h.send("zhangsan", "12：举办活动2场");
    const r = await h.send("zhangsan", "修改 12 举办活动3场");
    expect(r.text).toContain("已记录 ✅ 第12项 · 市商务局 · 2020年第一季度");
    expect(r.text).toContain("已替换本期原汇报，原记录留存");
    const [old, now] = await reportsOf(12);
    expect(old).toMatchObject({ text: "举办活动2场" });
    expect(old!.withdrawnAt).not.toBeNull();
    expect(now).toMatchObject({ text: "举办活动3场", withdrawnAt: null, replacesId: old!.id });
    // 撤回 after 修改 undoes the 修改: the report it replaced is current again.
    const undo = await h.send("zhangsan", "撤回");
    expect(undo.text).toContain("「举办活动2场」");
    expect(undo.text).not.toContain("第12项本期现为未报");
    expect(await detail(12)).toContain("：举办活动2场");
    const rows = await reportsOf(12);
    expect(rows.map((x) => [x.text, x.withdrawnAt !== null])).toEqual([
      ["举办活动2场", false],
      ["举办活动3场", true],
    ]);
  });

  it("corrects a late report in its own quarter", async () => {
    h.now.value = new Date("2020-04-02T10:00:00+08:00");
    expect((await h.send("zhangsan", "12 一季度举办活动2场")).text).toContain("2020年第一季度 · 逾期补报");
    const r = await h.send("zhangsan", "修改 12 一季度举办活动3场");
    expect(r.text).toContain("第12项 · 市商务局 · 2020年第一季度 · 逾期补报");
    expect(r.text).toContain("已替换本期原汇报");
    expect((await reportsOf(12)).map((x) => [x.period, x.text, x.withdrawnAt === null])).toEqual([
      ["2020Q1", "一季度举办活动2场", false],
      ["2020Q1", "一季度举办活动3场", true],
    ]);
  });

  it("says how to use it when the number is missing", async () => {
    expect((await h.send("zhangsan", "修改")).text).toContain("修改 5 本季度完成");
  });
});

describe("a message recalled on the platform", () => {
  it("withdraws what that message stored, and only for its own sender", async () => {
    const sent = { platform: "wecom" as const, messageId: "m-recall-1", chatId: "wr-shangwu", chatType: "group" as const, senderId: "zhangsan", text: "12：发错了的内容" };
    await h.handle(sent);
    const recall = { ...sent, messageId: "m-recall-1:recall", text: "", recalledMessageId: "m-recall-1" };
    await h.handle({ ...recall, messageId: "other-recall", senderId: "lisi" });
    expect((await reportsOf(12))[0]?.withdrawnAt).toBeNull();
    const r = await h.handle(recall);
    expect(r.text).toContain("已撤回 第12项");
    expect((await reportsOf(12))[0]?.withdrawnAt).not.toBeNull();
    expect(await detail(12)).toContain("尚无汇报");
  });
});
