// The bureau's decisions as typed on a phone (issue 18 item 15): number first ("19 同意销号",
// "15 退回，缺少验收材料", "第15项销号", "销号：第15项"); a 依据 typed with its own label; a
// report that asks for 办结 in its words is confirmed, never stored as a report or applied.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  await h.database.db.task.updateMany({ data: { closure: null, closureNote: null, closureAt: null, returnedReason: null } });
  // 办结/销号 are per lead unit (Assignment); Task sums them up.
  await h.database.db.assignment.updateMany({ data: { closure: null, closureNote: null, closureAt: null, closureBy: null, closedAt: null, closedBy: null, returnedReason: null, returnedAt: null } });
  await h.database.db.report.deleteMany();
});

const task = (no: number) => h.database.db.task.findFirstOrThrow({ where: { no } });

describe("销号 and 退回 typed number first", () => {
  it.each(["15 同意销号", "第15项销号", "销号：第15项", "15号 确认销号。", "15项，同意销号", "第十五项 予以销号"])("「%s」 closes task 15", async (text) => {
    expect((await h.send("zhangsan", "办结 15 已建成村级站点100个，验收材料已报送")).text).toContain("已申请办结");
    const r = await h.send("lisi", text);
    expect(r.text).toContain("已销号 ✅ 第15项");
    expect((await task(15)).closure).toBe("closed");
    expect(await h.database.db.report.count()).toBe(0);
  });

  it.each([
    ["15 退回，缺少验收材料", "缺少验收材料"],
    ["第15项 驳回：材料不全", "材料不全"],
    ["退回：第15项 原因：缺少验收材料", "缺少验收材料"],
    ["15 不同意销号，站点未全部建成", "站点未全部建成"],
  ])("「%s」 returns task 15 with its reason", async (text, reason) => {
    await h.send("zhangsan", "办结 15 已建成村级站点100个");
    const r = await h.send("lisi", text);
    expect(r.text).toContain(`已退回 第15项`);
    expect(r.text).toContain(`原因：${reason}`);
    expect(await task(15)).toMatchObject({ closure: null, returnedReason: reason });
  });

  it("does not take a liaison's report that starts with 退回 for the bureau's decision", async () => {
    const r = await h.send("zhangsan", "12 退回企业多缴保证金3000万元");
    expect(r.text).toContain("已记录 ✅ 第12项");
    expect(await h.database.db.report.count()).toBe(1);
  });
});

describe("办结 with its 依据 labelled", () => {
  it.each(["办结 15 依据：依据：许商〔2020〕5号", "办结 15 依据：许商〔2020〕5号", "办结第15项，办结依据：许商〔2020〕5号"])("「%s」 stores the 依据 once", async (text) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("依据：许商〔2020〕5号");
    expect(r.text).not.toContain("依据：依据");
    expect((await task(15)).closureNote).toBe("许商〔2020〕5号");
  });
});

describe("a report asking for 办结 in its words", () => {
  it.each([
    ["15项全面完成，申请办结销号，验收材料已报送", "办结 15 全面完成，验收材料已报送"],
    ["第15项：已建成村级站点100个，现申请办结。", "办结 15 已建成村级站点100个"],
    ["15 任务已全部完成，特此申请销号", "办结 15 已全部完成"],
  ])("「%s」 is asked to confirm with the exact form, and nothing is stored", async (text, form) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("是要申请办结第15项吗");
    expect(r.text).toContain(form);
    expect(r.text).not.toContain("已记录");
    expect((await task(15)).closure).toBeNull();
    expect(await h.database.db.report.count()).toBe(0);
  });

  it("leaves a report of several tasks to the report reader", async () => {
    const r = await h.send("zhangsan", "15：村级站点已全部建成，申请办结\n13：本季度举办促消费活动3场");
    expect(r.text).not.toContain("是要申请办结");
    // The reader stores 13 and says how to apply for 15's 办结: the unit is not left believing it applied.
    expect(r.text).toContain("办结 15");
    expect(await h.database.db.report.count()).toBe(1);
  });

  it("does not take a report counting 申请办结 matters for a request", async () => {
    const r = await h.send("zhangsan", "12：本季度受理企业申请办结事项300件");
    expect(r.text).toContain("已记录 ✅ 第12项");
    expect((await task(12)).closure).toBeNull();
  });
});
