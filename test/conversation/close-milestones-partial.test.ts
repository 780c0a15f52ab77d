// A partial count does not close a milestone (issue 18 item 12), and a report from a unit that
// does not own the plan says whose milestone it is instead of saying nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.taskPlan.deleteMany();
  await h.database.db.report.deleteMany();
  await h.send("zhangsan", "方案 15\n责任领导：王某某\n时间节点：3月底前完成摸底调查；9月底前建成村级站点100个；12月底前全面完成");
  await h.send("zhangsan", "方案 12\n时间节点：3月底前完成摸底调查；6月30日前，出台实施意见");
});

async function done(): Promise<string[]> {
  const rows = await h.database.db.milestone.findMany({ where: { doneAt: { not: null } }, include: { taskPlan: { include: { task: true } } }, orderBy: { position: "asc" } });
  return rows.map((m) => `${m.taskPlan.task.no}.${m.position}`);
}

describe("a partial count", () => {
  it.each([
    ["15：节点2（建成村级站点100个）已完成60个", "60个/100个"],
    ["15 节点2 已建成村级站点60个，剩余40个9月底前完成", "剩余40个"],
    ["第15项：节点二已建成站点86个，尚有14个正在建设", "尚有14个"],
  ])("「%s」 stores the report, keeps the milestone open, and says it is progress", async (text, progress) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("已记录 ✅ 第15项");
    expect(r.text).toContain(`节点2未标记完成：汇报的是部分进度（${progress}）`);
    expect(r.text).not.toContain("已标记完成。");
    expect(await done()).toEqual([]);
  });

  it("closes the milestone once the count reaches its target", async () => {
    const r = await h.send("zhangsan", "15 节点2（建成村级站点100个）已全部建成，共100个");
    expect(r.text).toContain("✅ 第15项 节点2（9月底前建成村级站点100个）已标记完成");
    expect(await done()).toEqual(["15.2"]);
  });

  it("is not closed by the milestone's words either", async () => {
    const r = await h.send("zhangsan", "15：已建成村级站点60个");
    expect(r.text).not.toContain("已标记完成");
    expect(await done()).toEqual([]);
  });
});

describe("a unit that does not own the plan", () => {
  it("is told whose milestone it is when its words say one is done", async () => {
    const r = await h.send("wangwu", "12：已完成摸底调查");
    expect(r.text).toContain("已记录 ✅ 第12项 · 魏都区政府");
    expect(r.text).toContain("第12项的落实方案由市商务局报送，节点1只能由市商务局的汇报标记完成");
    expect(await done()).toEqual([]);
  });

  it("is told which 节点 stays open when it names one", async () => {
    const r = await h.send("0001", "12 节点1 已完成 摸底调查", { platform: "dingtalk" });
    expect(r.text).toContain("节点1只能由市商务局的汇报标记完成");
    expect(await done()).toEqual([]);
  });

  it("hears nothing about milestones in a report that claims none", async () => {
    const r = await h.send("wangwu", "12：本季度举办促消费活动3场");
    expect(r.text).not.toContain("节点");
  });
});
