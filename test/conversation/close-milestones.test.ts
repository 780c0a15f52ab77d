// A report closes a milestone (issue 13): by 节点N in its several spellings, or by the
// milestone's words with a completion claim; it asks when unsure, never closes on a report
// that claims nothing, and only the lead unit's report counts. The report is stored always.
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
  await h.send("zhangsan", "方案 12\n责任领导：王某某\n时间节点：3月底前完成摸底调查；6月30日前，出台实施意见；12月底前全面完成");
});

async function done(): Promise<number[]> {
  const rows = await h.database.db.milestone.findMany({ where: { doneAt: { not: null } }, orderBy: { position: "asc" } });
  return rows.map((m) => m.position);
}

describe("closing by number", () => {
  it.each(["12 节点2 已完成，实施意见已报市政府", "12：节点二已完成", "第12项：第2个节点已完成", "12 时间节点２已完成"])("%s closes 节点2", async (text) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("已记录 ✅ 第12项");
    expect(r.text).toContain("✅ 第12项 节点2（6月30日前，出台实施意见）已标记完成");
    expect(await done()).toEqual([2]);
    const m = await h.database.db.milestone.findFirstOrThrow({ where: { position: 2 } });
    const report = await h.database.db.report.findFirstOrThrow();
    expect([m.doneBy, m.doneReportId]).toEqual(["zhangsan", report.id]);
  });

  it("does not close a 节点 the report does not claim done, nor one that does not exist", async () => {
    expect((await h.send("zhangsan", "12 节点2 正在起草")).text).toContain("节点2未标记完成");
    expect((await h.send("zhangsan", "12 节点5 已完成")).text).toContain("第12项没有节点5（共3个）");
    expect(await done()).toEqual([]);
    expect(await h.database.db.report.count()).toBe(2);
  });

  it("does not close a 节点 the report says is late", async () => {
    for (const text of ["12 节点2 未按期完成", "12 节点2 没能按期完成", "12 节点2 仍未完成，待市政府审定"]) {
      const r = await h.send("zhangsan", text);
      expect(r.text, text).toContain("已记录 ✅ 第12项");
      expect(r.text, text).toContain("节点2未标记完成");
    }
    expect(await done()).toEqual([]);
  });

  it("says when a 节点 was already done", async () => {
    await h.send("zhangsan", "12 节点1 已完成");
    expect((await h.send("zhangsan", "12 节点1 已完成，补充说明")).text).toContain("第12项 节点1已于3月24日完成，无需再报");
  });

  it("counts only the lead unit's report", async () => {
    const r = await h.send("0001", "12 节点2 已完成", { platform: "dingtalk" });
    expect(r.text).toContain("已记录 ✅ 第12项 · 市发展改革委");
    expect(r.text).toContain("节点2只能由市商务局的汇报标记完成");
    expect(await done()).toEqual([]);
  });
});

describe("closing by the milestone's words", () => {
  it("closes the one open milestone the report clearly says is done", async () => {
    const r = await h.send("zhangsan", "12：经多次征求意见，《关于促进消费的实施意见》已于3月20日正式印发");
    expect(r.text).toContain("✅ 第12项 节点2（6月30日前，出台实施意见）已标记完成");
    expect(await done()).toEqual([2]);
  });

  it("closes nothing on a report that claims nothing, or claims something else", async () => {
    for (const text of ["12：正在起草实施意见", "12：计划6月底前出台实施意见", "12：摸底调查已完成80%", "12：已举办促消费活动3场", "12：实施意见未按期出台，正在加紧推进", "12：受疫情影响，实施意见无法如期印发", "12：实施意见难以按期出台"]) {
      const r = await h.send("zhangsan", text);
      expect(r.text, text).not.toContain("已标记完成");
      expect(r.text, text).not.toContain("哪个时间节点");
    }
    expect(await done()).toEqual([]);
  });

  it("asks which 节点 when the words match only in part, and stores the report", async () => {
    const r = await h.send("zhangsan", "12：已印发实施方案");
    expect(r.text).toContain("已记录 ✅ 第12项");
    expect(r.text).toContain("请问完成的是第12项哪个时间节点");
    expect(r.text).toContain("12 节点2 已完成 —— 6月30日前，出台实施意见");
    expect(await done()).toEqual([]);
    expect((await h.send("zhangsan", "12 节点2 已完成")).text).toContain("已标记完成");
  });

  it("asks when the words fit two open milestones", async () => {
    await h.send("zhangsan", "方案 12\n时间节点：3月底前出台实施意见；6月底前出台实施意见配套细则");
    const r = await h.send("zhangsan", "12：已出台实施意见配套细则");
    expect(r.text).toContain("12 节点1 已完成 —— 3月底前出台实施意见");
    expect(r.text).toContain("12 节点2 已完成 —— 6月底前出台实施意见配套细则");
    expect(await done()).toEqual([]);
  });

  it("takes a beginning as done for a milestone about beginning", async () => {
    await h.send("zhangsan", "方案 12\n时间节点：3月底前启动试点工作；年底前完成试点评估");
    expect((await h.send("zhangsan", "12：已开展试点调研")).text).not.toContain("已标记完成");
    expect((await h.send("zhangsan", "12：试点工作已于3月10日正式启动")).text).toContain("✅ 第12项 节点1（3月底前启动试点工作）已标记完成");
  });

  it("says a task has no plan when a report names a 节点", async () => {
    await h.database.db.taskPlan.deleteMany();
    expect((await h.send("zhangsan", "12 节点1 已完成")).text).toContain("第12项尚无落实方案，汇报已记录，节点未标记");
  });
});

describe("taking the report back", () => {
  it("reopens what a withdrawn report closed", async () => {
    await h.send("zhangsan", "12 节点2 已完成");
    const r = await h.send("zhangsan", "撤回");
    expect(r.text).toContain("第12项 节点2恢复为未完成");
    expect(await done()).toEqual([]);
  });

  it("judges a 修改 on its new text", async () => {
    await h.send("zhangsan", "12 节点1 已完成");
    const r = await h.send("zhangsan", "修改 12 摸底调查正在进行");
    expect(r.text).toContain("第12项 节点1恢复为未完成");
    expect(await done()).toEqual([]);
    await h.send("zhangsan", "修改 12 节点1 已完成，摸排企业120家");
    expect(await done()).toEqual([1]);
    const again = await h.send("zhangsan", "修改 12 节点1 已完成，摸排企业121家");
    expect(again.text).toContain("✅ 第12项 节点1（3月底前完成摸底调查）已标记完成");
    expect(again.text).not.toContain("恢复为未完成");
  });
});
