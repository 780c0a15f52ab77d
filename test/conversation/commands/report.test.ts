// Reports as liaisons really write them (issue 9): the period a late report goes to, two task
// numbers in one line, acknowledgements that are not reports, a liaison of two units, and
// the phrasings that used to get "没看懂".
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
  await h.database.db.pendingQuestion.deleteMany();
});

const reports = () => h.database.db.report.findMany({ include: { task: true, unit: true }, orderBy: { id: "asc" } });
const reportsOf = (no: number) => h.database.db.report.findMany({ where: { task: { no } }, include: { unit: true }, orderBy: { id: "asc" } });

describe("item 1: a late report goes to the quarter it is late for", () => {
  it("files a report sent the morning after the deadline under the previous quarter as 逾期补报", async () => {
    h.now.value = new Date("2020-04-01T10:00:00+08:00");
    const r = await h.send("zhangsan", "11 一季度已完成（补报）");
    expect(r.text).toContain("已记录 ✅ 第11项 · 市商务局 · 2020年第一季度 · 逾期补报");
    expect(await reportsOf(11)).toMatchObject([{ period: "2020Q1", late: true, text: "一季度已完成（补报）" }]);
    // Q1 is reported now: the next report for 11 is this quarter's.
    const again = await h.send("zhangsan", "11 二季度推进中");
    expect(again.text).toContain("2020年第二季度");
    expect(again.text).not.toContain("逾期补报");
    expect((await reportsOf(11)).map((x) => x.period)).toEqual(["2020Q1", "2020Q2"]);
  });

  it("files under the current quarter when the liaison says so, or once the window has closed", async () => {
    h.now.value = new Date("2020-04-01T10:00:00+08:00");
    const r = await h.send("zhangsan", "本季度 12 举办促消费活动2场");
    expect(r.text).toContain("第12项 · 市商务局 · 2020年第二季度");
    // In the late window, "本季度…" in the text means the quarter being reported (issue 18, 7);
    // only the 本季度 prefix, duban's own form, files under the current one.
    expect((await h.send("zhangsan", "5 本季度完成签约项目2个")).text).toContain("第5项 · 市商务局 · 2020年第一季度 · 逾期补报");
    expect((await h.send("zhangsan", "15 二季度已启动")).text).toContain("第15项 · 市商务局 · 2020年第二季度");
    await h.database.db.report.deleteMany({ where: { task: { no: { in: [5, 15] } } } });
    // The window closes at Q2's first reminder (June 23, 7 days before June 30).
    h.now.value = new Date("2020-06-22T10:00:00+08:00");
    expect((await h.send("zhangsan", "13 培育夜间经济街区")).text).toContain("2020年第一季度 · 逾期补报");
    h.now.value = new Date("2020-06-24T10:00:00+08:00");
    expect((await h.send("zhangsan", "14 改造便利店")).text).toContain("第14项 · 市商务局 · 2020年第二季度");
    expect((await reports()).map((x) => [x.task.no, x.period, x.late])).toEqual([
      [12, "2020Q2", false],
      [13, "2020Q1", true],
      [14, "2020Q2", false],
    ]);
  });

  it("lets the liaison name the period: 补报 一季度 12 …, 2020Q1 13 …, a heading line", async () => {
    h.now.value = new Date("2020-07-10T10:00:00+08:00");
    await h.send("zhangsan", "补报 一季度 12 举办活动3场");
    await h.send("zhangsan", "2020Q1 13 培育街区");
    await h.send("zhangsan", "二季度工作汇报\n14：改造便利店30家\n19：编制规划");
    expect((await reports()).map((x) => [x.task.no, x.period, x.late])).toEqual([
      [12, "2020Q1", true],
      [13, "2020Q1", true],
      [14, "2020Q2", true],
      [19, "2020Q2", true],
    ]);
  });

  it("refuses a period in the future or of another year, and stores nothing", async () => {
    let r = await h.send("zhangsan", "2020Q3 12 提前汇报");
    expect(r.text).toContain("2020年第三季度还没开始");
    r = await h.send("zhangsan", "2019Q4 12 去年的");
    expect(r.text).toContain("不在2020年计划内");
    expect(await reports()).toHaveLength(0);
  });

  it("keeps an on-time report on time when the unit adds to it after the deadline", async () => {
    h.now.value = new Date("2020-03-25T10:00:00+08:00");
    await h.send("zhangsan", "14 改造商场2家");
    h.now.value = new Date("2020-04-01T10:00:00+08:00");
    const r = await h.send("zhangsan", "一季度 14 补充：改造商场3家");
    expect(r.text).toContain("第14项 · 市商务局 · 2020年第一季度");
    expect(r.text).not.toContain("逾期补报");
    expect((await reportsOf(14)).map((x) => [x.period, x.late])).toEqual([["2020Q1", false], ["2020Q1", false]]);
  });

  it("files a text that names another quarter under that quarter, never under this one (12 一季度…（更正）)", async () => {
    h.now.value = new Date("2020-03-25T10:00:00+08:00");
    await h.send("zhangsan", "12 举办活动3场");
    h.now.value = new Date("2020-04-01T10:00:00+08:00");
    const r = await h.send("zhangsan", "12 一季度举办活动5场（更正）");
    expect(r.text).toContain("第12项 · 市商务局 · 2020年第一季度");
    // Added to the Q1 report it corrects, which stays on time; nothing for Q2.
    expect((await reportsOf(12)).map((x) => [x.period, x.late])).toEqual([["2020Q1", false], ["2020Q1", false]]);
    expect((await reportsOf(12))[1]!.text).toContain("举办活动3场");
  });

  it("files a reply quoting a reminder under the reminder's period", async () => {
    h.now.value = new Date("2020-04-10T10:00:00+08:00");
    const reminder = "【逾期提醒】市商务局：2020年第一季度报送已于3月31日截止，仍有1项未报：\n12. 完善促进消费的体制机制\n直接回复本消息「编号 内容」即可汇报";
    // Q1 of 13 is reported, so the catch-up rule alone would not explain Q1 for 12's answer.
    const r = await h.send("zhangsan", "举办促消费活动3场", { quotedText: reminder });
    expect(r.text).toContain("第12项 · 市商务局 · 2020年第一季度 · 逾期补报");
  });

  it("shows a task whose previous quarter is unreported as 逾期 in 我的任务 and to the bureau", async () => {
    h.now.value = new Date("2020-03-30T10:00:00+08:00");
    await h.send("zhangsan", "12 一季度举办活动");
    // After the first quarter's late window (until the second quarter's first reminder), when
    // every view shows the second quarter (src/reporting/shown-period.ts).
    h.now.value = new Date("2020-06-24T10:00:00+08:00");
    const mine = await h.send("zhangsan", "我的任务");
    expect(mine.text).toContain("2020年第二季度");
    expect(mine.text).toMatch(/^(?:🟢|🟡|🔴)?12\. 完善促进消费的体制机制［牵头］未报$/mu);
    expect(mine.text).toMatch(/^🔴13\. .*［牵头］逾期（一季度未报）$/mu);
    expect(mine.text).toContain("未报21（其中20项一季度也未报，须先补报）");
    const bureau = await h.send("lisi", "未报", { chatId: "wr-duban" });
    expect(bureau.text).toMatch(/市商务局：21项（一季度逾期20项）/);
  });
});

describe("item 2: several task numbers in one line", () => {
  it("records the same text for each task, never one task's report starting with another's number", async () => {
    await h.send("zhangsan", "12：初稿");
    const r = await h.send("zhangsan", "12、13 两项均已按计划推进");
    expect(r.text).toContain("已记录 2 项汇报 ✅ 市商务局");
    const latest = (await reports()).slice(1);
    // 12 had a report: the new text is added to it (补充), never replacing it.
    expect(latest.map((x) => [x.task.no, x.text])).toEqual([
      [12, "初稿\n【补充 3月24日 09:00】两项均已按计划推进"],
      [13, "两项均已按计划推进"],
    ]);
    await h.send("zhangsan", "12 13 已完成");
    await h.send("zhangsan", "第12、13项：均已完成");
    for (const x of await reports()) expect(x.text, x.text).not.toMatch(/^\d/);
    expect((await reports()).map((x) => x.task.no)).toEqual([12, 12, 13, 12, 13, 12, 13]);
  });

  it("does not take a time for a task number", async () => {
    const r = await h.send("zhangsan", "12:00 召开促消费工作推进会");
    expect(r.text).not.toContain("已记录");
    expect(await reports()).toHaveLength(0);
    // A count after the number is the text's: one report for 12.
    await h.send("zhangsan", "12 3个项目已开工");
    expect((await reports()).map((x) => [x.task.no, x.text])).toEqual([[12, "3个项目已开工"]]);
  });
});

describe("item 3: acknowledgements are not reports", () => {
  const only72 = "【督办提醒】市商务局：2020年第一季度重点工作进展请于3月31日前报送，还有1项未报：\n72. 加强开放平台建设\n直接回复本消息「编号 内容」即可汇报";

  it("does not store an acknowledgement quoting an overdue reminder as a late report (收到，今天下午报; 已阅; 马上安排)", async () => {
    h.now.value = new Date("2020-04-01T10:00:00+08:00");
    const overdue = "【逾期提醒】市商务局：2020年第一季度报送已于3月31日截止，仍有1项未报：\n72. 加强开放平台建设\n直接回复本消息「编号 内容」即可汇报";
    for (const ack of ["收到，今天下午报", "已阅", "马上安排", "72 已阅", "72 正在汇总，稍后报"]) {
      const r = await h.send("zhangsan", ack, { quotedText: overdue });
      expect(r.text, ack).not.toContain("已记录");
    }
    expect(await reports()).toHaveLength(0);
  });

  it("does not store 好的，马上报 as the quoted task's report", async () => {
    const r = await h.send("zhangsan", "好的，马上报", { quotedText: only72 });
    expect(r.text).toContain("没有汇报内容，未记录");
    expect(r.text).toMatch(/如：\d+ 本季度完成/);
    expect(await reports()).toHaveLength(0);
    expect(await h.database.db.pendingQuestion.count()).toBe(0);
  });

  it("does not turn 收到 then a number into a report", async () => {
    const reminder = "【督办提醒】市商务局：2020年第一季度还有2项未报：\n5. 深化四个一百专项行动\n12. 完善促进消费的体制机制";
    await h.send("zhangsan", "收到", { quotedText: reminder, chatId: "wr-shangwu" });
    const r = await h.send("zhangsan", "5", { chatId: "wr-shangwu" });
    expect(r.text).toMatch(/^第5项｜/);
    expect(await reports()).toHaveLength(0);
  });

  it("refuses a numbered line with no content, and answers bare acknowledgements with what a report needs", async () => {
    for (const text of ["12 👍", "12 收到", "12：好的", "第12项 ok", "12 已报送", "12 同上"]) {
      const r = await h.send("zhangsan", text);
      expect(r.text, text).toContain("没有汇报内容");
      expect(r.text, text).toContain("本条消息未记录");
    }
    for (const text of ["收到", "好的，马上报", "明白", "👍", "ok", "好的👌", "收到，谢谢！"]) {
      const r = await h.send("zhangsan", text);
      expect(r.text, text).toContain("没有汇报内容，未记录");
    }
    expect(await reports()).toHaveLength(0);
    // Short but real: stored.
    expect((await h.send("zhangsan", "12 已完成")).text).toContain("已记录");
  });
});

describe("item 11: a liaison of two units", () => {
  it("asks which unit a shared task's report is for, and the answer files it", async () => {
    const q = await h.send("zhaoqi", "12 本季度推进顺利");
    expect(q.text).toMatch(/第12项同时是(市商务局、市发展改革委|市发展改革委、市商务局)的任务/);
    expect(q.text).toMatch(/12 \[市(商务局|发展改革委)\]/);
    expect(await reports()).toHaveLength(0);
    const a = await h.send("zhaoqi", "发展改革委");
    expect(a.text).toContain("已记录 ✅ 第12项 · 市发展改革委");
    expect(await reportsOf(12)).toMatchObject([{ unit: { name: "市发展改革委" }, text: "本季度推进顺利" }]);
  });

  it("accepts the unit named in brackets, and refuses a unit the sender is not in", async () => {
    const r = await h.send("zhaoqi", "12 [市商务局] 举办活动3场");
    expect(r.text).toContain("已记录 ✅ 第12项 · 市商务局");
    const bad = await h.send("zhaoqi", "12 【市财政局】 举办活动");
    expect(bad.text).toContain("「市财政局」不是您所在的单位");
    expect(await reportsOf(12)).toHaveLength(1);
  });
});

describe("phrasings liaisons use for a report", () => {
  const cases: [string, number, string][] = [
    ["12项已完成", 12, "已完成"],
    ["第12项已完成", 12, "已完成"],
    ["第十三项：培育夜间经济街区2条", 13, "培育夜间经济街区2条"],
    ["十二 举办促消费活动3场", 12, "举办促消费活动3场"],
    ["关于第12项工作的进展情况：举办促消费活动3场", 12, "举办促消费活动3场"],
    ["第14项落实情况：改造便利店30家", 14, "改造便利店30家"],
    ["15。推进物流园区建设", 15, "推进物流园区建设"],
    ["12-举办促消费活动", 12, "举办促消费活动"],
    ["12号任务 已完成", 12, "已完成"],
    ["任务12：已完成", 12, "已完成"],
    ["（12）举办活动", 12, "举办活动"],
    ["第12项本季度举办促消费活动3场", 12, "本季度举办促消费活动3场"],
    ["一季度工作汇报\n12：举办活动", 12, "举办活动"],
    ["@督办助手 汇报十三 培育街区", 13, "培育街区"],
  ];
  it.each(cases)("%s", async (text, no, stored) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain(`已记录 ✅ 第${no}项 · 市商务局`);
    expect(await reports()).toMatchObject([{ task: { no }, text: stored }]);
  });

  it("says the content is missing for an empty report, and caps the length", async () => {
    expect((await h.send("zhangsan", "第12项：")).text).toContain("第12项没有写汇报内容");
    const long = await h.send("zhangsan", `12：${"推进".repeat(501)}`);
    expect(long.text).toContain("超过1000字上限");
    expect(await reports()).toHaveLength(0);
  });
});
