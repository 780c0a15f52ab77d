// Every chat command through the neutral message interface, against a real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { byteLength } from "../../src/platforms/split-bytes";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.report.deleteMany();
  await h.database.db.pendingQuestion.deleteMany();
});

const reportsOf = (no: number) => h.database.db.report.findMany({ where: { task: { no } }, include: { unit: true }, orderBy: { id: "asc" } });

describe("who may talk to duban", () => {
  it("tells a stranger how to be added, and stores nothing", async () => {
    const r = await h.send("stranger", "8：完成投资300亿元");
    expect(r.text).toContain("您还不是督办成员");
    expect(r.text).toContain("stranger");
    expect(r.text).toContain("duban member add --platform wecom --user stranger");
    expect(await h.database.db.report.count()).toBe(0);
    expect(await h.database.db.inboundEvent.count({ where: { messageId: { contains: "stranger" } } })).toBe(0);
  });
});

describe("我的任务", () => {
  it("lists the unit's tasks with role and status, tolerant of @mentions and spaces", async () => {
    const r = await h.send("zhangsan", "@督办助手  我的任务 ");
    expect(r.text).toMatch(/^市商务局｜2020年第一季度/);
    expect(r.text).toMatch(/共21项：已报0 · 未报21$/m);
    expect(r.text).toMatch(/12\. 完善促进消费的体制机制［牵头］未报/);
    expect(r.text).toMatch(/5\. 深化“四个一百”专项行动［配合］未报/);
    expect(r.text).toContain("汇报：回复「5 本季度完成……」");
  });

  it("pages a county government's ~100 tasks within WeCom's 2048 bytes", async () => {
    const first = await h.send("wangwu", "我的任务");
    expect(first.text).toContain("共108项");
    expect(first.text).toContain("第1/8页，回复「我的任务 2」看下一页");
    expect(byteLength(first.text)).toBeLessThanOrEqual(2048);
    const last = await h.send("wangwu", "我的任务 ８");
    expect(last.text).toMatch(/115\. 深化政府系统党风廉政建设［县区］未报/);
    expect(last.text).not.toContain("下一页");
  });

  it("marks reported tasks 已报 and, after the deadline, unreported ones 逾期", async () => {
    await h.send("zhangsan", "12：举办促消费活动3场");
    // On 4月2日 the first quarter's late window is open: 我的任务 shows it, 逾期 where unreported.
    h.now.value = new Date("2020-04-02T10:00:00+08:00");
    let r = await h.send("zhangsan", "我的任务");
    expect(r.text).toMatch(/^市商务局｜2020年第一季度/);
    expect(r.text).toContain("共21项：已报1 · 未报20（其中逾期20项）");
    // Once it closes (the second quarter's first reminder), Q2: Q1's report does not count for it.
    h.now.value = new Date("2020-06-24T10:00:00+08:00");
    r = await h.send("zhangsan", "我的任务");
    expect(r.text).toContain("2020年第二季度");
    expect(r.text).toContain("已报0");
    h.now.value = new Date("2020-03-31T23:00:00+08:00");
    r = await h.send("zhangsan", "我的任务");
    expect(r.text).toMatch(/12\. 完善促进消费的体制机制［牵头］已报/);
  });

  it("says which period it means when the plan is not this year's", async () => {
    h.now.value = new Date("2026-11-28T10:00:00+08:00");
    const r = await h.send("zhangsan", "我的任务");
    expect(r.text).toContain("2020年第四季度（全年）");
    // Said once, not repeated (issue 9, item 13): "（全年）（2020年计划，按2020年第四季度（全年）统计）" was the bug.
    expect(r.text).toMatch(/^市商务局｜2020年第四季度（全年） · 非本年度计划$/m);
    expect(r.text.match(/第四季度/g)).toHaveLength(1);
    expect(r.text).toContain("逾期21");
  });
});

describe("任务 N", () => {
  it("shows the text, units, indicators and latest reports per unit, in every spelling", async () => {
    await h.send("zhangsan", "12 举办促消费活动3场");
    for (const ask of ["任务 12", "第12项", "12号任务", "１２", "任务１２"]) {
      const r = await h.send("zhangsan", ask);
      expect(r.text, ask).toMatch(/^第12项｜/);
      expect(r.text).toContain("牵头：市商务局");
      expect(r.text).toContain("配合：市财政局、市发展改革委");
      expect(r.text).toContain("县区：各县（市、区）政府（管委会）");
      expect(r.text).toMatch(/· 市商务局（3月24日 09:00）：举办促消费活动3场/);
    }
    const t10 = await h.send("zhangsan", "任务 10");
    expect(t10.text).toContain("指标：5G基站 ≥1500座");
    expect(t10.text).toContain("2020年第一季度尚无汇报");
  });

  it("answers an unknown task number clearly", async () => {
    const r = await h.send("zhangsan", "任务 200");
    expect(r.text).toContain("没有第200项任务（2020年共115项）");
  });
});

describe("汇报", () => {
  it("stores the directory's name of the liaison when the platform sends none (WeCom app, console)", async () => {
    await h.send("zhangsan", "13 本季度开展线上促消费活动");
    const [rep] = await reportsOf(13);
    expect(rep).toMatchObject({ userId: "zhangsan", userName: "张三" });
  });

  it("records a report and acknowledges task, unit, period and an echo", async () => {
    const r = await h.send("zhangsan", "汇报 12 本季度举办促消费活动3场，带动消费2亿元", { senderName: "张三" });
    expect(r.text).toContain("已记录 ✅ 第12项 · 市商务局 · 2020年第一季度");
    expect(r.text).toContain("「本季度举办促消费活动3场");
    expect(r.text).not.toContain("逾期补报");
    const [rep] = await reportsOf(12);
    expect(rep).toMatchObject({ period: "2020Q1", userId: "zhangsan", userName: "张三", late: false, text: "本季度举办促消费活动3场，带动消费2亿元" });
  });

  it("accepts 8：… and full-width forms, several lines in one message", async () => {
    const r = await h.send("zhangsan", "１２：促消费活动3场\n并发放消费券\n13：培育夜间经济街区2条\n第14项 改造便利店30家");
    expect(r.text).toContain("已记录 3 项汇报 ✅ 市商务局");
    expect(r.text).toContain("第12项「促消费活动3场 并发放消费券」");
    expect((await reportsOf(12))[0]?.text).toBe("促消费活动3场\n并发放消费券");
    expect(await reportsOf(14)).toHaveLength(1);
  });

  it("adds a later message of the same period to the report (补充), keeps both texts, and 修改 replaces (issue 18)", async () => {
    await h.send("zhangsan", "12：举办促消费活动3场，发放消费券500万元");
    const r = await h.send("zhangsan", "12：均按序时推进");
    expect(r.text).toContain("已作为补充追加到本期汇报");
    const texts = (await reportsOf(12)).map((x) => x.text);
    expect(texts).toHaveLength(2);
    // The current report still carries the full first report, then the follow-up.
    expect(texts[1]).toMatch(/^举办促消费活动3场，发放消费券500万元\n【补充 3月24日 09:00】均按序时推进$/);
    const detail = await h.send("zhangsan", "任务 12");
    expect(detail.text).toContain("发放消费券500万元");
    // The same text again adds nothing.
    expect((await h.send("zhangsan", "12：均按序时推进")).text).toContain("已报过相同内容");
    expect(await reportsOf(12)).toHaveLength(2);
    // 修改 replaces.
    expect((await h.send("zhangsan", "修改 12 改正后的内容")).text).toContain("已替换本期原汇报");
    const detail2 = await h.send("zhangsan", "任务 12");
    expect(detail2.text).toContain("改正后的内容");
    expect(detail2.text).not.toContain("发放消费券500万元");
  });

  it("marks a report after the deadline 逾期补报", async () => {
    h.now.value = new Date("2026-11-28T10:00:00+08:00");
    const r = await h.send("zhangsan", "12：全年举办促消费活动12场");
    expect(r.text).toContain("2020年第四季度（全年） · 逾期补报");
    expect((await reportsOf(12))[0]).toMatchObject({ period: "2020Q4", late: true });
  });

  it("refuses a task not on the unit's list, or one that does not exist, and stores nothing", async () => {
    let r = await h.send("zhangsan", "50：新建高标准农田");
    expect(r.text).toContain("第50项不在市商务局的责任清单中");
    expect(r.text).toContain("本条消息未记录");
    r = await h.send("zhangsan", "12：促消费\n999：不存在的任务");
    expect(r.text).toContain("没有第999项任务（2020年共115项）");
    r = await h.send("zhangsan", "汇报 12");
    expect(r.text).toContain("第12项没有写汇报内容");
    expect(await h.database.db.report.count()).toBe(0);
  });
});

describe("replying to a reminder", () => {
  const reminder = "市商务局 2020年第一季度未报2项：\n12. 完善促进消费的体制机制\n13. 鼓励发展线上线下融合\n回复「编号 内容」即可汇报";

  it("binds to the quoted task when exactly one is still due", async () => {
    await h.send("zhangsan", "13：已完成");
    const r = await h.send("zhangsan", "本季度举办促消费活动3场", { quotedText: reminder, chatId: "wr-shangwu" });
    expect(r.text).toContain("已记录 ✅ 第12项 · 市商务局");
  });

  it("asks which task when several are due, and the next message answers it", async () => {
    const q = await h.send("zhangsan", "本季度举办促消费活动3场", { quotedText: reminder, chatId: "wr-shangwu" });
    expect(q.text).toContain("请问这是哪一项任务的汇报？回复任务编号即可，如：12、13");
    expect(await h.database.db.report.count()).toBe(0);
    // Someone else in the group does not answer zhangsan's question.
    const other = await h.send("lisi", "13", { chatId: "wr-shangwu" });
    expect(other.text).toMatch(/^第13项｜/);
    const a = await h.send("zhangsan", "第13项", { chatId: "wr-shangwu" });
    expect(a.text).toContain("已记录 ✅ 第13项 · 市商务局");
    expect((await reportsOf(13))[0]?.text).toBe("本季度举办促消费活动3场");
    // The question is closed: "13" is a lookup again.
    expect((await h.send("zhangsan", "13", { chatId: "wr-shangwu" })).text).toMatch(/^第13项｜/);
  });

  it("keeps the question open through a look-up, and drops it when the next message changes something", async () => {
    await h.send("zhangsan", "本季度举办促消费活动3场", { quotedText: reminder });
    const r = await h.send("zhangsan", "我的任务");
    expect(r.text).toContain("共21项");
    // Looked at the list, then answers.
    expect((await h.send("zhangsan", "12")).text).toContain("已记录 ✅ 第12项");
    await h.database.db.report.deleteMany();
    await h.send("zhangsan", "本季度举办促消费活动3场", { quotedText: reminder });
    await h.send("zhangsan", "13：培育夜间经济街区2条");
    expect((await h.send("zhangsan", "12")).text).toMatch(/^第12项｜/);
    expect((await h.database.db.report.findMany()).map((x) => x.text)).toEqual(["培育夜间经济街区2条"]);
  });
});

describe("未报 and 进度", () => {
  it("lists a unit's unreported tasks in its group", async () => {
    await h.send("zhangsan", "12：已完成");
    const r = await h.send("zhangsan", "未报", { chatId: "wr-shangwu" });
    expect(r.text).toMatch(/^市商务局｜2020年第一季度未报20项/);
    expect(r.text).not.toMatch(/^12\. /m);
    expect(r.text).toMatch(/^13\. 鼓励发展线上线下融合等消费新…$/m);
  });

  it("gives a supervisor the units with missing reports, most behind first", async () => {
    await h.send("wangwu", "1：常态化防控");
    const r = await h.send("lisi", "未报", { chatId: "wr-duban" });
    expect(r.text).toMatch(/^2020年第一季度未报情况：\d+个单位共\d+项未报/);
    expect(r.text).toMatch(/建安区政府：110项/);
    expect(r.text).toMatch(/魏都区政府：107项/);
    expect(byteLength(r.text)).toBeLessThanOrEqual(2048);
  });

  it("reports completion per section, for the own unit or, for a supervisor, any unit", async () => {
    await h.send("zhangsan", "12：已完成\n13：已完成");
    let r = await h.send("zhangsan", "进度");
    expect(r.text).toMatch(/^市商务局｜2020年第一季度完成情况/);
    expect(r.text).toContain("抓关键稳运行：2/9（22%）");
    expect(r.text).toContain("合计：2/21（10%）");
    r = await h.send("zhangsan", "进度 市财政局");
    expect(r.text).toContain("只有督查局人员可以查看其他单位的进度");
    r = await h.send("lisi", "进度 商务局");
    expect(r.text).toContain("合计：2/21（10%）");
    r = await h.send("lisi", "进度 商务厅");
    expect(r.text).toContain("未找到单位「商务厅」。您是否要找：市商务局");
    r = await h.send("lisi", "进度");
    expect(r.text).toMatch(/^2020年全市｜/);
  });
});

describe("帮助 and unrecognised messages", () => {
  it("shows help with the reader's own task numbers", async () => {
    const r = await h.send("zhangsan", "帮助");
    expect(r.text).toContain("任务 5 — 查看第5项任务");
    expect(r.text).not.toContain("督查局：");
    const s = await h.send("lisi", "？");
    expect(s.text).toContain("督查局：未报");
    const u = await h.send("zhangsan", "今天天气不错");
    expect(u.text).toMatch(/^没看懂这条消息。\n督办助手/);
  });
});

describe("绑定", () => {
  it("lets a supervisor bind a group to a unit, and no one else", async () => {
    let r = await h.send("zhangsan", "绑定 市财政局", { chatId: "wr-new" });
    expect(r.text).toContain("只有督查局人员可以绑定群");
    r = await h.send("lisi", "绑定 财政局", { chatId: "wr-new" });
    expect(r.text).toContain("已将本群绑定到市财政局");
    expect(await h.database.db.chatGroup.findUnique({ where: { platform_chatId: { platform: "wecom", chatId: "wr-new" } }, include: { unit: true } })).toMatchObject({
      unit: { name: "市财政局" },
    });
    r = await h.send("lisi", "绑定 市财政局");
    expect(r.text).toContain("请在要绑定的群里发送");
    r = await h.send("lisi", "绑定 财政厅", { chatId: "wr-new" });
    expect(r.text).toContain("未找到单位「财政厅」");
  });
});

describe("redelivery", () => {
  it("processes an identical message id once and answers the same", async () => {
    const msg = { platform: "wecom" as const, messageId: "dup-1", chatId: "zhangsan", chatType: "single" as const, senderId: "zhangsan", text: "12：只记一次" };
    const [a, b] = await Promise.all([h.handle(msg), h.handle(msg)]);
    const c = await h.handle(msg);
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(await reportsOf(12)).toHaveLength(1);
  });
});

describe("any text", () => {
  it("never throws, always answers within 2048 bytes, and stores a report only when it says so", async () => {
    const fc = (await import("fast-check")).default;
    const pieces = fc.constantFrom("我的任务", "任务", "第", "项", "汇报", "未报", "进度", "绑定", "12", "８", "：", ":", " ", "\n", "、", "商务局", "@督办助手", "999", "。");
    const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 60 }), fc.array(pieces, { maxLength: 8 }).map((xs) => xs.join("")));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom("zhangsan", "lisi", "wangwu"), fc.boolean(), async (t, user, group) => {
        const before = await h.database.db.report.count();
        const r = await h.send(user, t, group ? { chatId: "wr-shangwu" } : {});
        expect(typeof r.text).toBe("string");
        expect(r.text.length).toBeGreaterThan(0);
        expect(byteLength(r.text)).toBeLessThanOrEqual(2048);
        const stored = (await h.database.db.report.count()) - before;
        expect(stored > 0).toBe(r.text.includes("已记录"));
      }),
      { numRuns: 60 },
    );
  });
});
