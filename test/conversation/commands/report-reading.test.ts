// Issue 18 through the whole conversation and database: what is stored, and what is not.
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTwoUnitLiaison, createHarness, resetState, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
  await addTwoUnitLiaison(h);
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  h.now.value = new Date("2020-06-20T09:00:00+08:00");
  await resetState(h);
});

const current = async (no: number) =>
  (await h.database.db.report.findMany({ where: { task: { no }, withdrawnAt: null }, orderBy: { id: "desc" }, take: 1 }))[0];
const count = () => h.database.db.report.count();

describe("nothing stored for what is not a report (4)", () => {
  it.each(["12项什么时候截止", "13：详见附件", "14 略", "19项正在整理材料，稍后报送", "12项需要报什么内容"])("%s", async (text) => {
    await h.send("zhangsan", "12：举办促消费活动3场", { chatId: "wr-shangwu" });
    const r = await h.send("zhangsan", text, { chatId: "wr-shangwu" });
    expect(r.text).toContain("未记录");
    expect(await count()).toBe(1);
    expect((await current(12))!.text).toBe("举办促消费活动3场");
  });
});

describe("a follow-up adds to the report, never shortens it (6)", () => {
  it("keeps the full report under a one-line follow-up, and 修改 replaces", async () => {
    await h.send("zhangsan", "12：二季度举办促消费活动6场，发放消费券1200万元，带动消费3.2亿元", { chatId: "wr-shangwu" });
    await h.send("zhangsan", "12 均按序时推进", { chatId: "wr-shangwu" });
    const text = (await current(12))!.text;
    expect(text).toContain("带动消费3.2亿元");
    expect(text).toContain("均按序时推进");
    await h.send("zhangsan", "修改 12 二季度举办促消费活动7场", { chatId: "wr-shangwu" });
    expect((await current(12))!.text).toBe("二季度举办促消费活动7场");
  });

  it("property: whatever follows, the current report still holds the earlier text", async () => {
    const piece = fc.constantFrom("均按序时推进", "节点2完成了一半", "另新增限上企业5家", "已完成", "推进中，无滞后", "资金已拨付到位");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 3 }), async (follow) => {
        await h.database.db.report.deleteMany();
        await h.send("zhangsan", "13：培育夜间经济街区2条，直播带货销售额1.6亿元", { chatId: "wr-shangwu" });
        for (const f of follow) await h.send("zhangsan", `13：${f}`, { chatId: "wr-shangwu" });
        const text = (await current(13))!.text;
        expect(text.startsWith("培育夜间经济街区2条，直播带货销售额1.6亿元")).toBe(true);
        for (const f of follow) expect(text).toContain(f);
      }),
      { numRuns: 12 },
    );
  });
});

describe("periods (7)", () => {
  it("files 4月份… on 5月20日 under Q2, not as Q1's 逾期补报", async () => {
    h.now.value = new Date("2020-05-20T10:00:00+08:00");
    const r = await h.send("zhangsan", "13：4月份以来新培育夜间经济街区2条", { chatId: "wr-shangwu" });
    expect(r.text).toContain("2020年第二季度");
    expect((await current(13))!.period).toBe("2020Q2");
  });

  it("reads 上季度 on 1月8日 as last year's fourth quarter", async () => {
    h.now.value = new Date("2021-01-08T10:00:00+08:00");
    await h.send("zhangsan", "上季度 12 全年举办促消费活动16场", { chatId: "wr-shangwu" });
    expect((await current(12))!.period).toBe("2020Q4");
  });

  it("files 12：本季度… on 4月2日 under Q1, the quarter being reported", async () => {
    h.now.value = new Date("2020-04-02T10:00:00+08:00");
    await h.send("zhangsan", "12：本季度举办促消费活动3场", { chatId: "wr-shangwu" });
    expect((await current(12))!.period).toBe("2020Q1");
  });
});

describe("a liaison of two units (9)", () => {
  it("stores what belongs to one unit and asks only about the shared task; the answer in words files it", async () => {
    // 12 and 13 are on both 市商务局's and 市发展改革委's lists; 8 only on 市发展改革委's.
    const r = await h.send("zhaoqi", "13：培育街区2条\n8：开工项目42个\n12：举办活动3场");
    expect(r.text).toContain("已记录 ✅ 第8项 · 市发展改革委");
    expect(r.text).toContain("第12、13项同时是");
    expect((await h.database.db.report.findMany({ include: { task: true } })).map((x) => x.task.no)).toEqual([8]);
    const a = await h.send("zhaoqi", "是商务局的");
    expect(a.text).toContain("已记录 2 项汇报 ✅ 市商务局");
    expect(await count()).toBe(3);
  });
});

describe("a reply under duban's own notice (10)", () => {
  it("reads 同意 under 【办结申请】 as 销号, and 材料不全，退回 as 退回", async () => {
    h.now.value = new Date("2020-12-20T10:00:00+08:00");
    await h.send("zhangsan", "办结 12 已出台促进消费实施意见并印发", { chatId: "wr-shangwu" });
    const quote = "【办结申请】第12项「完善促进消费的体制机制」\n市商务局（张三）申请办结，依据：已出台促进消费实施意见并印发\n确认请回复「销号 12」，退回请回复「退回 12 原因」。";
    const back = await h.send("lisi", "材料不全，退回", { chatId: "wr-duban", quotedText: quote });
    expect(back.text).toContain("已退回 第12项");
    await h.send("zhangsan", "办结 12 已出台促进消费实施意见并印发（许政〔2020〕12号）", { chatId: "wr-shangwu" });
    const ok = await h.send("lisi", "同意", { chatId: "wr-duban", quotedText: quote });
    expect(ok.text).toContain("已销号 ✅ 第12项");
    expect(await count()).toBe(0);
  });

  it("does not take 好的 under 【办结申请】 for 销号", async () => {
    h.now.value = new Date("2020-12-20T10:00:00+08:00");
    await h.send("zhangsan", "办结 12 已出台促进消费实施意见并印发", { chatId: "wr-shangwu" });
    const quote = "【办结申请】第12项「完善促进消费的体制机制」\n市商务局（张三）申请办结，依据：已出台促进消费实施意见并印发\n确认请回复「销号 12」，退回请回复「退回 12 原因」。";
    const r = await h.send("lisi", "好的", { chatId: "wr-duban", quotedText: quote });
    expect(r.text).not.toContain("已销号");
    expect((await h.database.db.task.findFirst({ where: { no: 12 } }))!.closure).toBe("pending");
  });

  it("stores the other task's report beside a 办结 request in words on the same line", async () => {
    const r = await h.send("zhangsan", "15：全面完成，申请办结销号；13：举办活动3场", { chatId: "wr-shangwu" });
    expect(r.text).toContain("办结 15");
    expect((await current(13))!.text).toBe("举办活动3场");
    expect(await current(15)).toBeUndefined();
  });

  it("keeps a leading 为 in a 修改 unless a colon follows it", async () => {
    await h.send("zhangsan", "12：初稿", { chatId: "wr-shangwu" });
    await h.send("zhangsan", "修改 12 为民办实事3件", { chatId: "wr-shangwu" });
    expect((await current(12))!.text).toBe("为民办实事3件");
    await h.send("zhangsan", "修改第十二项为：举办活动5场", { chatId: "wr-shangwu" });
    expect((await current(12))!.text).toBe("举办活动5场");
  });

  it("reads a promise under a reminder as no report", async () => {
    const reminder = "【督办提醒】市商务局：2020年第二季度重点工作进展请于6月30日前报送，还有10天截止，1项未报：\n12. 完善促进消费的体制机制";
    const r = await h.send("zhangsan", "收到，正在走审批，本周内报", { chatId: "wr-shangwu", quotedText: reminder });
    expect(r.text).not.toContain("已记录");
    expect(await count()).toBe(0);
  });
});
