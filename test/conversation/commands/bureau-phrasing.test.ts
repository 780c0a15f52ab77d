// The bureau's and the liaisons' own phrasing (issue 18 item 15 and the questions): 通报 / 汇总 /
// 未报 take the period phrases reports take ("二季度", "Q2", "上季度"); a unit after 通报 shows
// the unit; "鄢陵县还有几项没报", "我们还有哪几项没报", "上季度报了吗" are answered; "催一下X"
// sends the unit its list through the outbox, for supervisors only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  // The third quarter has begun; the second closed on 6月30日.
  h = await createHarness("2020-07-06T10:00:00+08:00");
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  await h.database.db.outboxMessage.deleteMany();
  await h.database.db.report.deleteMany();
});

describe("通报 and 汇总 with a period phrase", () => {
  it.each([
    ["通报一季度", "关于2020年第一季度重点工作进展情况的通报"],
    ["通报 Q1", "关于2020年第一季度重点工作进展情况的通报"],
    ["通报 第一季度", "关于2020年第一季度重点工作进展情况的通报"],
    ["通报 本季度", "关于2020年第三季度重点工作进展情况的通报"],
    ["通报二季度", "关于2020年第二季度重点工作进展情况的通报"],
    ["汇总 上季度", "2020年第二季度汇总"],
    ["汇总 本季度", "2020年第三季度汇总"],
    ["汇总一季度", "2020年第一季度汇总"],
    ["汇总 2020年一季度", "2020年第一季度汇总"],
  ])("「%s」", async (text, title) => {
    const r = await h.send("lisi", text);
    expect(r.text).not.toContain("无效");
    expect(r.text).toContain(title);
  });

  it("shows a unit named after 通报 or 汇总 instead of refusing it as a period", async () => {
    for (const text of ["通报一下禹州市", "通报 禹州市", "汇总 禹州市"]) {
      const r = await h.send("lisi", text);
      expect(r.text, text).not.toContain("无效");
      // The unit's part of the period the 通报 would be about: the quarter that just closed.
      expect(r.text, text).toMatch(/禹州市政府｜2020年第二季度未报\d+项/);
    }
    expect(await h.database.db.outboxMessage.count()).toBe(0);
  });
});

describe("未报 with a period, and questions about what is left", () => {
  it.each([
    ["未报 二季度", /^2020年第二季度未报情况：\d+个单位共\d+项未报/],
    ["未报 上季度", /^2020年第二季度未报情况/],
    ["未报 Q1", /^2020年第一季度未报情况/],
    ["未报 鄢陵县 二季度", /^鄢陵县政府｜2020年第二季度未报\d+项/],
    // Without a period: the quarter every view shows on 7月6日 (shown-period.ts), the second.
    ["鄢陵县还有几项没报", /^鄢陵县政府｜2020年第二季度未报\d+项/],
    ["鄢陵县还有哪些没报？", /^鄢陵县政府｜2020年第二季度未报\d+项/],
    ["鄢陵县二季度有几项未报", /^鄢陵县政府｜2020年第二季度未报\d+项/],
  ])("a supervisor's 「%s」", async (text, expected) => {
    expect((await h.send("lisi", text)).text).toMatch(expected);
  });

  it("pages another period's list the way it was asked", async () => {
    expect((await h.send("lisi", "未报 鄢陵县 二季度")).text).toContain("回复「未报 鄢陵县 2020Q2 2」看下一页");
    expect((await h.send("lisi", "未报 鄢陵县 2020Q2 2")).text).toMatch(/^鄢陵县政府｜2020年第二季度未报\d+项/);
  });

  it.each([
    ["我们还有哪几项没报", /^市商务局｜2020年第二季度未报21项/],
    ["还有几项没报", /^市商务局｜2020年第二季度未报21项/],
    ["上季度报了吗", /^市商务局｜2020年第二季度未报21项/],
    ["我们二季度都报了吗？", /^市商务局｜2020年第二季度未报21项/],
    ["一季度报齐了没有", /^市商务局｜2020年第一季度未报21项/],
    ["都报了吗", /^市商务局｜2020年第二季度未报21项/],
  ])("a liaison's 「%s」 is answered from the unit's own list", async (text, expected) => {
    expect((await h.send("zhangsan", text)).text).toMatch(expected);
  });

  it("says how to 补报 a past quarter's tasks, not how to report this quarter", async () => {
    // Once the second quarter's late window has closed (at the third quarter's first reminder).
    h.now.value = new Date("2020-09-25T10:00:00+08:00");
    const r = await h.send("zhangsan", "上季度报了吗");
    h.now.value = new Date("2020-07-06T10:00:00+08:00");
    expect(r.text).toMatch(/补报请发「补报 二季度 编号 内容」，如：补报 二季度 \d+ ……/);
    expect(r.text).not.toContain("本季度完成");
  });

  it("says a period is complete once it is", async () => {
    const tasks = await h.database.db.assignment.findMany({ where: { unit: { name: "市商务局" } }, include: { task: true } });
    for (const a of tasks) await h.send("zhangsan", `补报 一季度 ${a.task.no} 一季度按序时推进`);
    expect((await h.send("zhangsan", "一季度报了吗")).text).toBe("市商务局｜2020年第一季度已全部汇报 ✅");
  });

  it("keeps another unit's list for supervisors", async () => {
    expect((await h.send("zhangsan", "鄢陵县还有几项没报")).text).toContain("只有督查局人员可以");
  });
});

describe("催一下X", () => {
  it("sends the unit's unreported list to its group through the outbox and says what was sent", async () => {
    const r = await h.send("lisi", "催一下商务局");
    expect(r.text).toMatch(/^已向市商务局（1个群）发送催报：2020年第二季度未报21项（\d+、/);
    const rows = await h.database.db.outboxMessage.findMany();
    const group = await h.database.db.chatGroup.findFirstOrThrow({ where: { chatId: "wr-shangwu" } });
    expect(rows.map((m) => m.destination)).toEqual([`group:${group.id}`]);
    const text = (JSON.parse(rows[0]!.payload) as { text: string }).text;
    expect(text).toMatch(/^【催报】市商务局：2020年第二季度尚有21项未报/);
    expect(text).toContain("……另有11项");
    expect(text).toContain("回复「编号 内容」即可汇报");
    const trail = await h.database.db.auditEvent.findMany({ where: { action: "unit.urged" } });
    expect(trail.map((a) => a.unitName)).toEqual(["市商务局"]);
  });

  it("says so and sends nothing when the unit has no group", async () => {
    const r = await h.send("lisi", "催一下鄢陵县");
    expect(r.text).toContain("鄢陵县政府没有绑定工作群，催报未发送");
    expect(await h.database.db.outboxMessage.count()).toBe(0);
  });

  it("is for supervisors only, and names an unknown unit", async () => {
    expect((await h.send("zhangsan", "催一下鄢陵县")).text).toBe("只有督查局人员可以催报。");
    expect((await h.send("lisi", "催一下商务厅")).text).toContain("未找到单位「商务厅」");
    expect(await h.database.db.outboxMessage.count()).toBe(0);
  });
});
