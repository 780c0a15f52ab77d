// 方案 N (issue 13): the lead unit's 落实方案 by chat — stored and echoed, refused to other
// units, incomplete without 时间节点, replaced with history, shown by 方案 N and 任务 N.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.taskPlan.deleteMany();
  await h.database.db.report.deleteMany();
  await h.database.db.auditEvent.deleteMany();
});

const ISSUE_EXAMPLE = "方案 12\n责任领导：王某某（副局长）\n主要措施：一是……；二是……\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成";

async function milestones() {
  const rows = await h.database.db.milestone.findMany({ orderBy: { position: "asc" } });
  return rows.map((m) => [m.position, m.text, m.dueDate, m.doneAt ? "done" : "open"]);
}

describe("setting a plan", () => {
  it("stores the issue's example and echoes what it understood", async () => {
    const r = await h.send("zhangsan", ISSUE_EXAMPLE, { senderName: "张三" });
    expect(r.text).toContain("已记录第12项落实方案（市商务局）");
    expect(r.text).toContain("责任领导：王某某（副局长）");
    expect(r.text).toContain("节点2｜6月30日｜6月30日前出台实施意见");
    expect(r.text).toContain("如需修改，发「方案 12」加要改的部分即可");
    expect(await milestones()).toEqual([
      [1, "3月底前完成摸底调查", "2020-03-31", "open"],
      [2, "6月30日前出台实施意见", "2020-06-30", "open"],
      [3, "12月底前全面完成", "2020-12-31", "open"],
    ]);
    const plan = await h.database.db.taskPlan.findFirstOrThrow({ include: { unit: true } });
    expect([plan.unit.name, plan.leader, plan.userName, plan.text]).toEqual(["市商务局", "王某某（副局长）", "张三", ISSUE_EXAMPLE]);
    // A 方案 message is never taken as a report.
    expect(await h.database.db.report.count()).toBe(0);
  });

  it.each([
    ["labels without colons, values on the next lines", "落实方案 １２\n分管领导\n王某某\n工作措施\n一是加强调度\n二是强化督导\n时间安排\n1. 3月底前完成摸底调查\n2. 十月底前，完成验收"],
    ["any order, 第12项方案, half-width", "第12项方案:\n时间节点:3月底前完成摸底调查;十月底前,完成验收\n责任领导:王某某"],
    ["one line", "方案十二 责任领导：王某某；主要措施：加强调度；时间节点：3月底前完成摸底调查，十月底前完成验收"],
  ])("understands %s", async (_label, text) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("已记录第12项落实方案");
    const ms = await milestones();
    expect(ms.map((m) => m[2])).toEqual(["2020-03-31", "2020-10-31"]);
  });

  it("keeps an undated milestone and says so", async () => {
    const r = await h.send("zhangsan", "方案 12\n责任领导：王某某\n时间节点：3月底前完成摸底调查；建立长效机制");
    expect(r.text).toContain("节点2｜⚠未写时间｜建立长效机制");
    expect(r.text).toContain("1个节点没有写明时间");
    expect(await milestones()).toEqual([
      [1, "3月底前完成摸底调查", "2020-03-31", "open"],
      [2, "建立长效机制", null, "open"],
    ]);
  });

  it("stores nothing when reports are pasted after the plan (13：…), and says to send them apart", async () => {
    const r = await h.send("zhangsan", "方案 12\n责任领导：王某\n时间节点：3月底前完成摸底；6月底前出台意见\n13：本季度举办线上活动3场\n14：完成商场改造2家");
    expect(r.text).toContain("13：本季度举办线上活动3场");
    expect(r.text).toContain("未记录");
    expect(await milestones()).toEqual([]);
    // A numbered list is still a list, and a time is not a task number.
    const ok = await h.send("zhangsan", "方案 12\n责任领导：王某\n时间节点：\n1. 3月底前完成摸底\n2、6月底前出台意见\n3：12:00前报送总结");
    expect(ok.text).toContain("已记录第12项落实方案");
  });

  it("stores nothing without 时间节点, and shows the format", async () => {
    const r = await h.send("zhangsan", "方案 12\n责任领导：王某某\n主要措施：一是加强调度");
    expect(r.text).toContain("缺少「时间节点」，未记录");
    expect(r.text).toContain("时间节点：3月底前完成摸底调查");
    expect(await h.database.db.taskPlan.count()).toBe(0);
  });

  it("is for the lead unit only: a cooperating unit, a county and the bureau are told who leads", async () => {
    const coop = await h.send("0001", ISSUE_EXAMPLE, { platform: "dingtalk" });
    expect(coop.text).toContain("第12项由市商务局牵头，落实方案由牵头单位报送，未记录");
    expect((await h.send("wangwu", ISSUE_EXAMPLE)).text).toContain("由市商务局牵头");
    expect((await h.send("lisi", ISSUE_EXAMPLE)).text).toContain("由牵头单位（市商务局）报送，未记录");
    expect(await h.database.db.taskPlan.count()).toBe(0);
  });

  it("replaces the plan on a resend, keeps milestones already done, and keeps the old plan in the audit trail", async () => {
    await h.send("zhangsan", ISSUE_EXAMPLE);
    h.now.value = new Date("2020-03-28T10:00:00+08:00");
    await h.send("zhangsan", "12 节点1 已完成，共摸排企业120家");
    h.now.value = new Date("2020-03-30T10:00:00+08:00");
    const r = await h.send("zhangsan", "方案 12\n责任领导：李某某\n时间节点：3月底前完成摸底调查；9月底前出台实施意见");
    // 主要措施 is not in the resend: it is kept, not wiped (issue 18 item 13).
    expect(r.text).toContain("已更新第12项落实方案（市商务局）：责任领导、时间节点，其余保持不变");
    expect(r.text).toContain("主要措施：一是……；二是……");
    expect(r.text).toContain("原方案中已完成的节点1保持完成");
    expect(await milestones()).toEqual([
      [1, "3月底前完成摸底调查", "2020-03-31", "done"],
      [2, "9月底前出台实施意见", "2020-09-30", "open"],
    ]);
    const trail = await h.database.db.auditEvent.findMany({ where: { action: { startsWith: "taskplan." } }, orderBy: { id: "asc" } });
    expect(trail.map((a) => a.action)).toEqual(["taskplan.set", "taskplan.replaced", "taskplan.set"]);
    const old = JSON.parse(trail[1]!.detail) as { leader: string; milestones: { text: string }[] };
    expect(old.leader).toBe("王某某（副局长）");
    expect(old.milestones.map((m) => m.text)).toContain("6月30日前出台实施意见");
  });

  it("does not let a second lead unit of a task led by every department overwrite the first one's plan", async () => {
    const plan = "方案 109\n时间节点：年底前全面完成";
    expect((await h.send("zhangsan", plan)).text).toContain("已记录第109项落实方案（市商务局）");
    const r = await h.send("0001", "方案 109\n时间节点：6月底前完成自查", { platform: "dingtalk" });
    expect(r.text).toContain("第109项的落实方案已由市商务局报送");
    expect(await milestones()).toEqual([[1, "年底前全面完成", "2020-12-31", "open"]]);
  });
});

describe("方案 N alone", () => {
  it("says how to send one when there is none, and shows the plan once there is", async () => {
    expect((await h.send("zhangsan", "方案 12")).text).toContain("第12项尚无落实方案。由牵头单位（市商务局）按此格式发送");
    await h.send("zhangsan", ISSUE_EXAMPLE, { senderName: "张三" });
    for (const user of ["zhangsan", "wangwu", "lisi"]) {
      const r = await h.send(user, "方案12");
      expect(r.text, user).toContain("第12项落实方案（市商务局，3月24日 09:00，张三报送）");
      expect(r.text, user).toContain("节点3｜12月31日｜12月底前全面完成");
    }
    expect((await h.send("0001", "方案 12", { platform: "dingtalk" })).text).toContain("节点1｜3月31日");
  });

  it("is refused for a task not on the sender's list", async () => {
    expect((await h.send("zhangsan", "方案 1")).text).toContain("第1项不在市商务局的责任清单中");
  });
});

describe("任务 N", () => {
  it("shows the plan and each milestone's state: done, overdue, due", async () => {
    await h.send("zhangsan", ISSUE_EXAMPLE);
    expect((await h.send("zhangsan", "任务 12")).text).toContain("节点1｜3月31日到期｜3月底前完成摸底调查");
    h.now.value = new Date("2020-03-30T10:00:00+08:00");
    await h.send("zhangsan", "12 节点1 已完成");
    h.now.value = new Date("2020-07-02T10:00:00+08:00");
    const r = await h.send("lisi", "任务 12");
    expect(r.text).toContain("落实方案：王某某（副局长）｜一是……；二是……");
    expect(r.text).toContain("节点1｜已完成（3月30日）｜3月底前完成摸底调查");
    expect(r.text).toContain("节点2｜逾期｜6月30日前出台实施意见");
    expect(r.text).toContain("节点3｜12月31日到期｜12月底前全面完成");
  });

  it("says when there is no plan, and stays within the reply limit with many milestones", async () => {
    expect((await h.send("zhangsan", "任务 12")).text).toContain("落实方案：尚未报送");
    const many = Array.from({ length: 30 }, (_, i) => `${(i % 12) + 1}月底前完成第${i + 1}批企业走访和政策宣讲工作并形成书面报告`).join("；");
    const saved = await h.send("zhangsan", `方案 12\n时间节点：${many}`);
    // The echo keeps its closing lines: how to correct the plan is never cut off.
    expect(saved.text).toContain("另有20个节点未列出（均已记录）");
    expect(saved.text).toContain("如需修改，发「方案 12」加要改的部分即可");
    expect(await h.database.db.milestone.count()).toBe(30);
    const r = await h.send("zhangsan", "任务 12");
    expect(r.text).toContain("另有25个节点，发「方案 12」查看全部");
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(2048);
    const shown = await h.send("zhangsan", "方案 12");
    expect(shown.text).toContain("另有18个节点未列出");
    expect(shown.text).not.toContain("内容过长，已截断");
  });
});
