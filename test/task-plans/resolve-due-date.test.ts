// The date words units write in 时间节点, resolved within the plan's year (2020 here).
import { describe, expect, it } from "vitest";
import { resolveDueDate } from "../../src/task-plans/resolve-due-date";

describe("resolveDueDate", () => {
  it.each([
    ["3月底前完成摸底调查", "2020-03-31", "3月底前"],
    ["6月30日前出台实施意见", "2020-06-30", "6月30日前"],
    ["年底前全面完成", "2020-12-31", "年底前"],
    ["年内建成", "2020-12-31", "年内"],
    ["二季度末召开推进会", "2020-06-30", "二季度末"],
    ["第二季度完成招标", "2020-06-30", "第二季度"],
    ["上半年完成试点", "2020-06-30", "上半年"],
    ["下半年全面推开", "2020-12-31", "下半年"],
    ["9月上旬举办活动", "2020-09-10", "9月上旬"],
    ["9月中旬举办活动", "2020-09-20", "9月中旬"],
    ["9月下旬举办活动", "2020-09-30", "9月下旬"],
    ["十月底前完成验收", "2020-10-31", "十月底前"],
    ["十二月份开展评估", "2020-12-31", "十二月份"],
    ["12月份开展评估", "2020-12-31", "12月份"],
    ["2月底前完成", "2020-02-29", "2月底前"],
    ["2021年3月底前完成收尾", "2021-03-31", "2021年3月底前"],
    ["明年3月底前完成收尾", "2021-03-31", "明年3月底前"],
    ["2020年底前完成", "2020-12-31", "2020年底前"],
    ["前三季度完成", "2020-09-30", "前三季度"],
    ["4-6月开展专项检查", "2020-06-30", "4-6月"],
    ["五月三十日前上报", "2020-05-30", "五月三十日前"],
    ["１１月１５日前报送", "2020-11-15", "１１月１５日前"],
  ])("%s → %s", (text, date, words) => {
    const due = resolveDueDate(text, 2020);
    if (date === null) expect(due).toBeNull();
    else expect(due).toMatchObject({ date, text: words });
  });

  it("leaves text without a date undated", () => {
    expect(resolveDueDate("建立长效机制", 2020)).toBeNull();
    expect(resolveDueDate("完成1.5万户改造", 2020)).toBeNull();
    // "13月" is no date: not read as March.
    expect(resolveDueDate("13月", 2020)).toBeNull();
  });
});
