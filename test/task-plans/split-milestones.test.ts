// 时间节点 text → milestones: separators, list numbers, and the commas that do not split.
import { describe, expect, it } from "vitest";
import { splitMilestones } from "../../src/task-plans/split-milestones";

const brief = (text: string) => splitMilestones(text, 2020).map((m) => [m.text, m.dueDate]);

describe("splitMilestones", () => {
  it.each([
    ["；", "3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成", [["3月底前完成摸底调查", "2020-03-31"], ["6月30日前出台实施意见", "2020-06-30"], ["12月底前全面完成", "2020-12-31"]]],
    ["half-width ;", "3月底前完成摸底调查;6月30日前出台实施意见", [["3月底前完成摸底调查", "2020-03-31"], ["6月30日前出台实施意见", "2020-06-30"]]],
    ["，", "3月底前完成摸底调查，9月中旬举办推介会", [["3月底前完成摸底调查", "2020-03-31"], ["9月中旬举办推介会", "2020-09-20"]]],
    ["、", "二季度末完成招标、十月底前完成验收", [["二季度末完成招标", "2020-06-30"], ["十月底前完成验收", "2020-10-31"]]],
    ["new lines and numbers", "1. 3月底前完成摸底\n2、上半年完成试点\n（3）年底前全面推开", [["3月底前完成摸底", "2020-03-31"], ["上半年完成试点", "2020-06-30"], ["年底前全面推开", "2020-12-31"]]],
    // A Word table pasted as tab-separated rows: the header row is no milestone, the serial
    // cell no part of the text, so 节点1 is the table's row 1.
    ["a pasted table", "序号\t时间\t工作内容\n1\t3月底前\t完成摸底\n2\t6月30日前\t出台意见", [["3月底前 完成摸底", "2020-03-31"], ["6月30日前 出台意见", "2020-06-30"]]],
    ["a pasted table without serials", "时间节点\t主要工作\n3月底前\t完成摸底\n年底前\t全面完成", [["3月底前 完成摸底", "2020-03-31"], ["年底前 全面完成", "2020-12-31"]]],
    // Sentences: each dated one is a milestone (else 6月 and 12月 would never be reminded).
    ["。", "3月底前完成摸底调查。6月底前出台意见。12月底前全面完成。", [["3月底前完成摸底调查", "2020-03-31"], ["6月底前出台意见", "2020-06-30"], ["12月底前全面完成", "2020-12-31"]]],
    ["。 before an undated sentence", "6月30日前出台实施意见。确保按时印发", [["6月30日前出台实施意见。确保按时印发", "2020-06-30"]]],
    // Spaces between dated milestones, as pasted from a table row or typed on a phone.
    ["spaces", "3月底前完成摸底调查 6月底前出台意见  12月底前全面完成", [["3月底前完成摸底调查", "2020-03-31"], ["6月底前出台意见", "2020-06-30"], ["12月底前全面完成", "2020-12-31"]]],
    ["a range with spaces", "7月1日 - 9月30日组织申报", [["7月1日 - 9月30日组织申报", "2020-09-30"]]],
    ["a space after a date or a year is no separator", "2020年 3月底前 完成摸底", [["2020年 3月底前 完成摸底", "2020-03-31"]]],
    ["一是/二是 inline", "一是3月底前完成摸底，二是年内建成", [["3月底前完成摸底", "2020-03-31"], ["年内建成", "2020-12-31"]]],
  ])("splits on %s", (_label, text, expected) => {
    expect(brief(text)).toEqual(expected);
  });

  it("keeps a date and its action together across a comma", () => {
    expect(brief("6月30日前，出台实施意见；9月底前，完成中期评估")).toEqual([
      ["6月30日前，出台实施意见", "2020-06-30"],
      ["9月底前，完成中期评估", "2020-09-30"],
    ]);
  });

  it("keeps an undated piece after a comma with the milestone before it", () => {
    expect(brief("3月底前完成摸底调查、建立工作台账；6月底前出台意见")).toEqual([
      ["3月底前完成摸底调查、建立工作台账", "2020-03-31"],
      ["6月底前出台意见", "2020-06-30"],
    ]);
  });

  it("keeps a milestone without a date, undated", () => {
    const ms = splitMilestones("3月底前完成摸底；建立长效机制", 2020);
    expect(ms.map((m) => [m.position, m.text, m.dueDate, m.dueText])).toEqual([
      [1, "3月底前完成摸底", "2020-03-31", "3月底前"],
      [2, "建立长效机制", null, null],
    ]);
  });

  it("does not split 1.5万户 at its decimal point", () => {
    expect(brief("年底前完成1.5万户改造")).toEqual([["年底前完成1.5万户改造", "2020-12-31"]]);
  });
});
