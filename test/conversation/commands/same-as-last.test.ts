// 同上季 N and 已阅 (issue 22): the typed floor under the card buttons. 同上季 files last
// quarter's text as this quarter's, marked so the bureau sees it; 已阅 is a receipt, never a report.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, resetState, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
let led: number;
let other: number;

beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
  const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  const assignments = await h.database.db.assignment.findMany({ where: { unitId: unit.id }, include: { task: true }, orderBy: { task: { no: "asc" } } });
  led = assignments.find((a) => a.role === "lead")!.task.no;
  const mine = new Set(assignments.map((a) => a.task.no));
  other = [...Array(80).keys()].map((i) => i + 1).find((n) => !mine.has(n))!;
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  await resetState(h);
  await h.database.db.readMark.deleteMany();
});

const reports = () => h.database.db.report.findMany({ where: { withdrawnAt: null }, include: { task: true }, orderBy: { id: "asc" } });

async function reportQ1(no: number, text: string): Promise<void> {
  h.now.value = new Date("2020-03-20T10:00:00+08:00");
  await h.send("zhangsan", `${no} ${text}`, { chatId: "wr-shangwu" });
  h.now.value = new Date("2020-05-06T10:00:00+08:00");
}

describe("同上季 N", () => {
  it("files last quarter's report as this quarter's, marked 同上季，无新进展", async () => {
    await reportQ1(led, "一季度完成招商签约3个项目");
    const r = await h.send("zhangsan", `同上季 ${led}`, { chatId: "wr-shangwu" });
    expect(r.text).toContain(`已记录 ✅ 第${led}项`);
    expect(r.text).toContain("同上季，无新进展");
    const q2 = (await reports()).filter((x) => x.period === "2020Q2");
    expect(q2).toHaveLength(1);
    expect(q2[0]!.text).toBe("【同上季，无新进展】一季度完成招商签约3个项目");
    expect(q2[0]!.task.no).toBe(led);
    // the bureau's view of the task shows it
    const detail = await h.send("lisi", `任务 ${led}`, { chatId: "wr-duban" });
    expect(detail.text).toContain("同上季，无新进展");
  });

  it("a copy of a copy is marked once", async () => {
    await reportQ1(led, "一季度完成招商签约3个项目");
    await h.send("zhangsan", `同上季 ${led}`, { chatId: "wr-shangwu" });
    h.now.value = new Date("2020-08-06T10:00:00+08:00");
    const r = await h.send("zhangsan", `同上季 ${led}`, { chatId: "wr-shangwu" });
    h.now.value = new Date("2020-05-06T10:00:00+08:00");
    expect(r.text).toContain(`已记录 ✅ 第${led}项`);
    const q3 = (await reports()).filter((x) => x.period === "2020Q3");
    expect(q3.map((x) => x.text)).toEqual(["【同上季，无新进展】一季度完成招商签约3个项目"]);
  });

  it("accepts 第N项 and full-width digits", async () => {
    await reportQ1(led, "一季度完成招商签约3个项目");
    const r = await h.send("zhangsan", `同上季 第${String(led).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}项`, { chatId: "wr-shangwu" });
    expect(r.text).toContain("已记录 ✅");
  });

  it("refuses when last quarter has no report, and stores nothing", async () => {
    const r = await h.send("zhangsan", `同上季 ${led}`, { chatId: "wr-shangwu" });
    expect(r.text).toContain("没有2020年第一季度的汇报");
    expect(r.text).toContain("未记录");
    expect(await reports()).toHaveLength(0);
  });

  it("refuses when this quarter is already reported", async () => {
    await reportQ1(led, "一季度完成招商签约3个项目");
    await h.send("zhangsan", `${led} 二季度新签约2个项目`, { chatId: "wr-shangwu" });
    const r = await h.send("zhangsan", `同上季 ${led}`, { chatId: "wr-shangwu" });
    expect(r.text).toContain("已汇报");
    expect((await reports()).filter((x) => x.period === "2020Q2").map((x) => x.text)).toEqual(["二季度新签约2个项目"]);
  });

  it("refuses a task that is 销号", async () => {
    await reportQ1(led, "一季度完成招商签约3个项目");
    await h.send("zhangsan", `办结 ${led} 已印发实施意见`, { chatId: "wr-shangwu" });
    await h.send("lisi", `销号 ${led}`, { chatId: "wr-duban" });
    const r = await h.send("zhangsan", `同上季 ${led}`, { chatId: "wr-shangwu" });
    expect(r.text).toContain("已销号");
    expect((await reports()).filter((x) => x.period === "2020Q2")).toHaveLength(0);
  });

  it("refuses another unit's task", async () => {
    const r = await h.send("zhangsan", `同上季 ${other}`, { chatId: "wr-shangwu" });
    expect(r.text).toContain(`第${other}项不是市商务局的任务`);
    expect(await reports()).toHaveLength(0);
  });

  it("copies only in this form: 同上季度 alone and N 同上季度 store nothing", async () => {
    await reportQ1(led, "一季度完成招商签约3个项目");
    for (const text of ["同上季度", `${led} 同上季度`, `${led}项 同上季度`, `同上季度 ${led}`, `${led} 同上季`]) {
      await h.send("zhangsan", text, { chatId: "wr-shangwu" });
      expect((await reports()).filter((x) => x.period === "2020Q2"), text).toHaveLength(0);
    }
  });
});

describe("已阅", () => {
  it("records a receipt, is no report, and says what is still due", async () => {
    const r = await h.send("zhangsan", "已阅", { chatId: "wr-shangwu" });
    expect(r.text).toContain("已阅不是汇报");
    expect(r.text).toMatch(/第\d+项仍需汇报/);
    expect(await reports()).toHaveLength(0);
    const marks = await h.database.db.readMark.findMany();
    expect(marks).toMatchObject([{ platform: "wecom", userId: "zhangsan", period: "2020Q2", taskNo: 0, source: "text" }]);
    const mine = await h.send("zhangsan", "我的任务", { chatId: "wr-shangwu" });
    expect(mine.text).toContain("已报0");
  });

  it("twice is one receipt", async () => {
    await h.send("zhangsan", "已阅", { chatId: "wr-shangwu" });
    const r = await h.send("zhangsan", "已阅", { chatId: "wr-shangwu" });
    expect(r.text).toContain("无需重复");
    expect(await h.database.db.readMark.count()).toBe(1);
  });

  it("of one task: 已阅 N", async () => {
    await h.send("zhangsan", `已阅 ${led}`, { chatId: "wr-shangwu" });
    expect(await h.database.db.readMark.findMany()).toMatchObject([{ taskNo: led }]);
  });
});
