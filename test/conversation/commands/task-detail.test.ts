// 任务 N (issue 9): the spellings people use, who has not reported, a unit's whole report,
// and which report is current when business time does not follow insertion order.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.report.deleteMany();
});

describe("looking a task up", () => {
  it("understands 12项, 任务十二, 第一百一十五项, 12项谁牵头", async () => {
    for (const ask of ["12项", "任务十二", "第十二项", "12项谁牵头", "查看第12项", "任务12是什么"]) {
      expect((await h.send("zhangsan", ask)).text, ask).toMatch(/^第12项｜/);
    }
    expect((await h.send("zhangsan", "第一百一十五项")).text).toMatch(/^第115项｜/);
    expect((await h.send("zhangsan", "任务一百二十")).text).toContain("没有第120项任务（2020年共115项）");
  });

  it("names the units that have not reported yet", async () => {
    await h.send("zhangsan", "12：举办促消费活动3场");
    const r = await h.send("lisi", "任务 12");
    expect(r.text).toContain("· 市商务局（3月24日 09:00）：举办促消费活动3场");
    expect(r.text).toMatch(/^2020年第一季度未报：市财政局、市发展改革委、魏都区政府、.*市东城区管委会$/m);
    expect(r.text).toContain("任务 12 单位名称");
  });

  it("shows one unit's whole report with 任务 12 市商务局", async () => {
    const long = `本季度举办促消费活动3场，带动消费2亿元；发放消费券5000万元，核销率85%；新增限上商贸企业12家，培育夜间经济街区2条。`;
    await h.send("zhangsan", `12：${long}`, { senderName: "张三" });
    expect((await h.send("lisi", "任务 12")).text).not.toContain("培育夜间经济街区2条");
    const r = await h.send("lisi", "任务 12 商务局");
    expect(r.text).toContain("第12项 · 市商务局 · 2020年第一季度汇报（3月24日 09:00，张三）：");
    expect(r.text).toContain(long);
    expect((await h.send("lisi", "任务 12 市财政局")).text).toContain("第12项 · 市财政局：2020年第一季度尚无汇报");
    expect((await h.send("lisi", "任务 50 市商务局")).text).toContain("市商务局不是第50项的责任单位");
  });

  it("asks about a misspelt unit name rather than storing it as a report", async () => {
    for (const ask of ["任务 12 商贸局", "任务12 发改局", "任务 12 市商务委"]) {
      expect((await h.send("zhangsan", ask)).text, ask).toMatch(/^未找到单位「.+」。您是否要找：/);
    }
    expect(await h.database.db.report.count()).toBe(0);
    // A report whose text merely ends like a unit's name is still a report.
    expect((await h.send("zhangsan", "任务12 已建成产业园区")).text).toContain("已记录 ✅ 第12项");
    expect(await h.database.db.report.count()).toBe(1);
  });
});

describe("the current report is the latest inserted (item 13)", () => {
  it("does not let business time reorder reports", async () => {
    // Two console sessions under DUBAN_NOW: the second one starts the clock again, earlier.
    h.now.value = new Date("2020-03-24T09:30:00+08:00");
    await h.send("zhangsan", "12：第一次");
    h.now.value = new Date("2020-03-24T09:00:00+08:00");
    await h.send("zhangsan", "修改 12：第二次");
    const r = await h.send("zhangsan", "任务 12");
    expect(r.text).toContain("：第二次");
    expect(r.text).not.toContain("：第一次");
    expect((await h.send("zhangsan", "任务 12 市商务局")).text).toContain("第二次");
  });
});

describe("红黄绿灯 (issue 13)", () => {
  const line = (text: string, no: number) => new RegExp(`^(\\S*?)${no}\\. `, "mu").exec(text)?.[1];
  it("goes yellow 3 working days before the quarter's deadline, green for the unit that reported, red once overdue", async () => {
    expect((await h.send("zhangsan", "任务 12")).text).toContain("状态灯：🟢 正常推进");
    expect(line((await h.send("zhangsan", "我的任务")).text, 12)).toBe("🟢");

    h.now.value = new Date("2020-03-27T09:00:00+08:00"); // Friday; 3/30 and 3/31 are left
    expect((await h.send("zhangsan", "任务 12")).text).toContain("状态灯：🟡 3个工作日内到期未报");
    expect(line((await h.send("zhangsan", "我的任务")).text, 12)).toBe("🟡");
    await h.send("zhangsan", "12 本季度举办促消费活动3场");
    expect(line((await h.send("zhangsan", "我的任务")).text, 12)).toBe("🟢");
    // The task is as late as its latest unit: the cooperating units have not reported.
    expect((await h.send("zhangsan", "任务 12")).text).toContain("状态灯：🟡");
    const progress = (await h.send("zhangsan", "进度")).text;
    expect(progress).toMatch(/^状态灯：🟡20 🟢1$/mu);

    h.now.value = new Date("2020-04-02T09:00:00+08:00");
    expect((await h.send("zhangsan", "任务 12")).text).toContain("状态灯：🔴 逾期");
  });

  it("is red for an open milestone past its date", async () => {
    const db = h.database.db;
    const task = await db.task.findFirstOrThrow({ where: { no: 13 } });
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    const plan = await db.taskPlan.create({ data: { taskId: task.id, unitId: unit.id, text: "方案", platform: "wecom", userId: "zhangsan" } });
    await db.milestone.create({ data: { taskPlanId: plan.id, taskId: task.id, position: 1, text: "3月20日前完成摸底", dueDate: "2020-03-20" } });
    expect(line((await h.send("zhangsan", "我的任务")).text, 13)).toBe("🔴");
    expect((await h.send("zhangsan", "任务 13")).text).toContain("状态灯：🔴 逾期");
    await db.milestone.updateMany({ where: { taskId: task.id }, data: { doneAt: new Date() } });
    expect(line((await h.send("zhangsan", "我的任务")).text, 13)).toBe("🟢");
    await db.taskPlan.deleteMany();
  });
});
