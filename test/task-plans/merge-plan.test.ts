// A 方案 message read as changes (issue 18 items 13–14) and merged with the stored plan: what
// it names changes, the rest is kept; a done milestone is never dropped unasked.
import { describe, expect, it } from "vitest";
import { mergePlan, type StoredPlan } from "../../src/task-plans/merge-plan";
import { parsePlanMessage } from "../../src/task-plans/parse-plan-message";

const STORED: StoredPlan = {
  leader: "王某某",
  measures: "加强调度",
  milestones: [
    { position: 1, text: "3月底前完成摸底调查", dueDate: "2020-03-31", dueText: "3月底前", doneAt: new Date("2020-03-28T02:00:00Z") },
    { position: 2, text: "9月底前建成村级站点100个", dueDate: "2020-09-30", dueText: "9月底前", doneAt: null },
  ],
};

const parse = (text: string) => parsePlanMessage(text)!;

describe("parsePlanMessage reads changes", () => {
  it.each([
    ["方案 15\n时间节点：节点2改为10月底前建成村级站点100个", [{ position: 2, text: "10月底前建成村级站点100个" }]],
    ["方案 15\n时间节点：节点２改为１０月底前建成，其余不变", [{ position: 2, text: "１０月底前建成" }]],
    ["方案 15\n时间节点：第二个节点调整为10月底前", [{ position: 2, text: "10月底前" }]],
    ["方案 15\n时间节点：删除节点2；新增节点：11月底前完成验收", [{ position: 2, remove: true }, { position: null, text: "11月底前完成验收" }]],
  ])("%s", (text, edits) => {
    expect(parse(text).milestoneEdits).toEqual(edits);
  });

  it("reads a list numbered 节点1：… 节点2：… as a list, not as changes", () => {
    expect(parse("方案 15\n时间节点：\n节点1：3月底前完成摸底\n节点2：9月底前建成").milestoneEdits).toBeNull();
  });

  it("reads 其余不变 and takes it out of the values", () => {
    const p = parse("方案 15\n主要措施：一是加强调度，其余不变");
    expect([p.restUnchanged, p.measures]).toEqual([true, "一是加强调度"]);
  });

  it("reads the new leader after 改为", () => {
    expect(parse("方案 15 责任领导改为李某某").leader).toBe("李某某");
    expect(parse("方案 15\n责任领导：由王某某调整为李某某").leader).toBe("李某某");
  });

  it("keeps contact and deadline lines out of the parts", () => {
    const p = parse("方案 15\n时间节点：6月底前完成摸底\n联系人：张三 电话：13800000000\n（完成时限）：2020年12月底\n填报人：李四");
    expect(p.milestones).toBe("6月底前完成摸底");
    expect(p.ignored).toEqual(["联系人：张三 电话：13800000000", "（完成时限）：2020年12月底", "填报人：李四"]);
  });

  it("reads 整体替换 in the head", () => {
    expect(parse("方案 15 整体替换\n时间节点：年底前完成").wholeReplace).toBe(true);
    expect(parse("方案 15（修改）\n时间节点：年底前完成").wholeReplace).toBe(false);
  });
});

describe("mergePlan", () => {
  it("keeps what the message does not name", () => {
    const m = mergePlan(STORED, parse("方案 15\n责任领导：李某某"), 2020);
    expect(m).toMatchObject({ ok: true, leader: "李某某", measures: "加强调度", changed: ["leader"] });
    expect(m.ok && m.milestones.map((x) => x.text)).toEqual(["3月底前完成摸底调查", "9月底前建成村级站点100个"]);
  });

  it("moves a date and keeps the words", () => {
    const m = mergePlan(STORED, parse("方案 15\n时间节点：节点2推迟至10月底"), 2020);
    expect(m.ok && m.milestones[1]).toEqual({ position: 2, text: "10月底前建成村级站点100个", dueDate: "2020-10-31", dueText: "10月底" });
  });

  it("refuses to drop a done milestone unless told 整体替换", () => {
    expect(mergePlan(STORED, parse("方案 15\n时间节点：删除节点1"), 2020)).toEqual({ ok: false, problem: "drops_done", positions: [1] });
    expect(mergePlan(STORED, parse("方案 15\n时间节点：10月底前建成"), 2020)).toEqual({ ok: false, problem: "drops_done", positions: [1] });
    expect(mergePlan(STORED, parse("方案 15 整体替换\n时间节点：10月底前建成"), 2020)).toMatchObject({ ok: true, changed: ["milestones"] });
  });

  it("says which 节点 does not exist", () => {
    expect(mergePlan(STORED, parse("方案 15\n时间节点：节点3改为年底前完成"), 2020)).toEqual({ ok: false, problem: "no_such_milestone", position: 3, count: 2 });
  });
});
