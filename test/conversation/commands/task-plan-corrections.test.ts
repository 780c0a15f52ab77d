// A 方案 correction changes what it names and keeps the rest (issue 18 item 13); lines that are
// no milestone stay out of 时间节点, and a plan's part sent alone is answered (item 14).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

const PLAN = "方案 15\n责任领导：王某某（副局长）\n主要措施：一是摸清底数；二是以奖代补\n时间节点：3月底前完成摸底调查；9月底前建成村级站点100个；12月底前全面完成";

beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.taskPlan.deleteMany();
  await h.database.db.report.deleteMany();
  await h.send("zhangsan", PLAN);
  h.now.value = new Date("2020-03-28T10:00:00+08:00");
  await h.send("zhangsan", "15 节点1 已完成，共摸排行政村320个");
  h.now.value = new Date("2020-04-10T10:00:00+08:00");
});

async function plan() {
  const p = await h.database.db.taskPlan.findFirstOrThrow({ where: { task: { no: 15 } }, include: { milestones: { orderBy: { position: "asc" } } } });
  return { leader: p.leader, measures: p.measures, milestones: p.milestones.map((m) => [m.position, m.text, m.dueDate, m.doneAt ? "done" : "open"]) };
}

const KEPT_1 = [1, "3月底前完成摸底调查", "2020-03-31", "done"];
const KEPT_3 = [3, "12月底前全面完成", "2020-12-31", "open"];

describe("changing one milestone", () => {
  it.each([
    ["方案 15\n时间节点：节点2改为10月底前建成村级站点100个", "10月底前建成村级站点100个"],
    ["方案 15 修改\n时间节点：节点二调整为10月底前建成村级站点100个，其余不变", "10月底前建成村级站点100个"],
    ["方案15\n时间节点：节点2：10月底前建成村级站点100个。其余不变。", "10月底前建成村级站点100个"],
    ["方案 15\n时间节点：节点2延期至10月底", "10月底前建成村级站点100个"],
    ["方案 15\n时间节点：第2个节点由9月底改为10月底前", "10月底前建成村级站点100个"],
  ])("「%s」 changes 节点2 only and keeps the leader, the measures and the done 节点1", async (text, changed) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("已更新第15项落实方案（市商务局）：节点2，其余保持不变");
    expect(await plan()).toEqual({
      leader: "王某某（副局长）",
      measures: "一是摸清底数；二是以奖代补",
      milestones: [KEPT_1, [2, changed, "2020-10-31", "open"], KEPT_3],
    });
  });

  it("removes and adds a milestone when told to", async () => {
    const r = await h.send("zhangsan", "方案 15\n时间节点：删除节点3；新增节点：11月底前完成验收");
    expect(r.text).toContain("删除节点3、新增节点3");
    expect((await plan()).milestones).toEqual([KEPT_1, [2, "9月底前建成村级站点100个", "2020-09-30", "open"], [3, "11月底前完成验收", "2020-11-30", "open"]]);
  });

  it("says when the 节点 does not exist, and changes nothing", async () => {
    const r = await h.send("zhangsan", "方案 15\n时间节点：节点5改为10月底前完成");
    expect(r.text).toContain("第15项落实方案没有节点5（共3个），未修改");
    expect((await plan()).milestones).toHaveLength(3);
  });

  it("asks for the whole plan when there is none to change", async () => {
    const r = await h.send("zhangsan", "方案 13\n时间节点：节点2改为10月底前完成");
    expect(r.text).toContain("第13项还没有落实方案，无法只改某个节点");
    expect(await h.database.db.taskPlan.count()).toBe(1);
  });
});

describe("changing the leader or the measures only", () => {
  it.each(["方案 15 责任领导改为李某某", "方案15\n责任领导：李某某", "方案 15\n责任领导由王某某调整为李某某，其余不变"])("「%s」 keeps the milestones and the measures", async (text) => {
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("已更新第15项落实方案（市商务局）：责任领导，其余保持不变");
    expect(await plan()).toEqual({
      leader: "李某某",
      measures: "一是摸清底数；二是以奖代补",
      milestones: [KEPT_1, [2, "9月底前建成村级站点100个", "2020-09-30", "open"], KEPT_3],
    });
  });

  it("keeps the leader when only the measures are sent", async () => {
    await h.send("zhangsan", "方案 15\n主要措施：一是摸清底数；二是以奖代补；三是强化考核");
    expect(await plan()).toMatchObject({ leader: "王某某（副局长）", measures: "一是摸清底数；二是以奖代补；三是强化考核" });
  });
});

describe("asking before wiping", () => {
  it("does not drop a done milestone with a new list, unless told 整体替换", async () => {
    const list = "时间节点：9月底前建成村级站点100个；12月底前全面完成";
    const r = await h.send("zhangsan", `方案 15\n${list}`);
    expect(r.text).toContain("第15项原方案的节点1已完成，新方案中没有");
    expect(r.text).toContain("方案 15 整体替换");
    expect((await plan()).milestones).toHaveLength(3);
    const whole = await h.send("zhangsan", `方案 15 整体替换\n${list}`);
    expect(whole.text).toContain("已更新第15项落实方案");
    expect((await plan()).milestones).toEqual([
      [1, "9月底前建成村级站点100个", "2020-09-30", "open"],
      [2, "12月底前全面完成", "2020-12-31", "open"],
    ]);
  });

  it("asks which milestone a shorter list 「其余不变」 replaces", async () => {
    const r = await h.send("zhangsan", "方案 15\n时间节点：10月底前建成村级站点100个，其余不变");
    expect(r.text).toContain("请写明改哪个节点");
    expect((await plan()).milestones).toHaveLength(3);
  });
});

describe("lines that are no milestone", () => {
  it("keeps 联系人, 电话 and 完成时限 out of 时间节点 and says so", async () => {
    await h.database.db.taskPlan.deleteMany();
    const r = await h.send("zhangsan", "方案 15\n责任领导：王某某\n时间节点：6月底前完成摸底；9月底前建成村级站点100个；12月底前全面完成\n联系人：张三，电话：13800000000\n完成时限：2020年12月底");
    expect(r.text).toContain("时间节点（3个）");
    expect(r.text).toContain("以下内容不是时间节点，未计入：「联系人：张三，电话：13800000000」「完成时限：2020年12月底」");
    expect((await plan()).milestones.map((m) => m[1])).toEqual(["6月底前完成摸底", "9月底前建成村级站点100个", "12月底前全面完成"]);
  });
});

describe("a plan's part sent alone", () => {
  it.each(["时间节点：6月底前完成摸底；9月底前建成村级站点100个", "责任领导：王某某\n主要措施：加强调度"])("「%s」 is answered with how to send it, and nothing is stored", async (text) => {
    const before = await plan();
    const r = await h.send("zhangsan", text);
    expect(r.text).toContain("这像是落实方案的");
    expect(r.text).toContain("第一行写「方案 编号」");
    expect(await plan()).toEqual(before);
    expect(await h.database.db.report.count()).toBe(1);
  });
});
