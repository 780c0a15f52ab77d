// A count short of the milestone's own target, or what is still left, is progress towards the
// milestone, never its completion (issue 18 item 12).
import { describe, expect, it } from "vitest";
import { matchMilestones, partialProgress } from "../../src/task-plans/match-milestone";

const STATIONS = "9月底前建成村级电商服务站点100个";

describe("partialProgress", () => {
  it.each([
    ["节点2（建成村级站点100个）已完成60个", "60个/100个"],
    ["已建成村级站点60个", "60个/100个"],
    ["已完成六十个", "60个/100个"],
    ["村级站点建设已完成，剩余40个9月底前完成", "剩余40个"],
    ["已建成大部分站点，尚有12个正在施工", "尚有12个"],
    ["还差20个站点，已全部开工", "还差20个"],
  ])("%s → %s", (report, said) => expect(partialProgress(report, STATIONS)).toBe(said));

  it.each([
    "节点2（建成村级站点100个）已全部完成",
    "已建成村级站点100个",
    "已建成村级站点112个，超额完成",
    // Another measure than the milestone's: not a count of it.
    "已建成村级站点，培训电商人员60人",
    "9月底前建成村级电商服务站点100个已完成",
  ])("%s is not partial", (report) => expect(partialProgress(report, STATIONS)).toBeNull());
});

describe("matchMilestones with a partial count", () => {
  const open = [
    { position: 1, text: "6月底前完成摸底调查" },
    { position: 2, text: STATIONS },
  ];
  it("does not take progress for completion by the milestone's words", () => {
    expect(matchMilestones("已建成村级电商服务站点60个", open, 2020)).toEqual({ strong: [], weak: [] });
    expect(matchMilestones("村级电商服务站点已建成，剩余40个9月底前完成", open, 2020)).toEqual({ strong: [], weak: [] });
    expect(matchMilestones("已建成村级电商服务站点100个", open, 2020).strong).toEqual([2]);
  });
});
