// Which milestone a report closes: by 节点N, or by the milestone's key phrase in a clause that
// claims completion; never on a plan, a partial result or a negation.
import { describe, expect, it } from "vitest";
import { claimsCompletion, keyPhrase, matchMilestones, milestoneRefs } from "../../src/task-plans/match-milestone";

const OPEN = [
  { position: 1, text: "3月底前完成摸底调查" },
  { position: 2, text: "6月30日前，出台实施意见" },
  { position: 3, text: "12月底前全面完成" },
];

describe("milestoneRefs", () => {
  it.each([
    ["节点2 已完成", [2]],
    ["节点二已完成", [2]],
    ["第2个节点已完成", [2]],
    ["第二个时间节点已完成", [2]],
    ["时间节点３已完成", [3]],
    // A list names each of them: closing only the first would leave the reply silent on the rest.
    ["节点1、2已完成", [1, 2]],
    ["节点1和节点2均已完成", [1, 2]],
    ["第1、2个节点已完成", [1, 2]],
    ["节点一、二、三已完成", [1, 2, 3]],
    ["节点1，2个项目已开工", [1]],
    ["本季度举办活动3场", []],
  ])("%s → %j", (text, refs) => expect(milestoneRefs(text)).toEqual(refs));
});

describe("keyPhrase", () => {
  it("drops the date and the verb", () => {
    expect(OPEN.map((m) => keyPhrase(m.text, 2020))).toEqual(["摸底调查", "实施意见", ""]);
  });
});

describe("matchMilestones", () => {
  it.each([
    ["已出台实施意见", [2], []],
    ["《实施意见》已于6月20日正式印发", [2], []],
    ["已完成摸底调查，正在起草实施意见", [1], []],
    ["摸底调查顺利完成", [1], []],
    ["已印发实施方案", [], [2]],
    ["正在起草实施意见", [], []],
    ["计划6月底前出台实施意见", [], []],
    ["摸底调查已完成80%", [], []],
    ["实施意见尚未出台", [], []],
    ["本季度举办促消费活动3场", [], []],
    // Under way is not done: 开展 does not finish 完成摸底调查.
    ["已组织人员开展摸底调查", [], []],
    // A step towards it is asked about, not taken for it.
    ["已完成实施意见起草", [], [2]],
    ["摸底调查方案已印发", [], [1]],
  ])("%s", (report, strong, weak) => {
    expect(matchMilestones(report, OPEN, 2020)).toEqual({ strong, weak });
  });

  // A negation before 按期/如期/按时 or the verb: the milestone is late, not done.
  it.each([
    "实施意见未按期出台，正在加紧推进",
    "实施意见无法如期印发",
    "实施意见不能按时出台",
    "受疫情影响，实施意见未如期出台",
    "实施意见难以按期出台",
    "实施意见没能按期出台",
    "实施意见暂未出台",
    "实施意见还未印发",
    "实施意见仍未出台",
    "实施意见迟迟未能出台",
    "实施意见没出台",
    "实施意见尚在审核，待印发",
    "实施意见待审定后印发",
    "实施意见出台时间推迟至7月",
    "实施意见延期出台",
  ])("%s closes nothing", (report) => {
    expect(matchMilestones(report, OPEN, 2020)).toEqual({ strong: [], weak: [] });
  });

  it.each(["实施意见已按期出台", "实施意见已于6月20日印发", "实施意见如期出台", "已出台未来三年实施意见"])("%s closes 节点2", (report) => {
    expect(matchMilestones(report, OPEN, 2020).strong).toEqual([2]);
  });

  it("finds two when the words fit two milestones", () => {
    const two = [
      { position: 1, text: "3月底前出台实施意见" },
      { position: 2, text: "6月底前出台实施意见配套细则" },
    ];
    expect(matchMilestones("已出台实施意见配套细则", two, 2020).strong).toEqual([1, 2]);
  });

  it("counts a beginning as done for a milestone that is about beginning", () => {
    const begin = [{ position: 1, text: "3月底前启动试点工作" }];
    expect(matchMilestones("试点工作已于3月10日启动", begin, 2020).strong).toEqual([1]);
    expect(matchMilestones("已开展试点调研", begin, 2020)).toEqual({ strong: [], weak: [] });
  });
});

describe("claimsCompletion", () => {
  it.each([
    ["已完成", true],
    ["已开展", false],
    ["节点2 已完成", true],
    ["完成了", true],
    ["正在推进", false],
    ["基本完成", false],
    ["力争6月底前完成", false],
    ["节点2 未按期完成", false],
    ["节点2 没能按期完成", false],
    ["节点2 不能如期完成", false],
    ["节点2 无法按时完成", false],
    ["节点2 还没完成", false],
    ["节点2 尚需完成", false],
    ["节点2 按期完成", true],
  ])("%s → %s", (text, yes) => expect(claimsCompletion(text)).toBe(yes));
});
