import { describe, expect, it } from "vitest";
import { proposeReportBy, reportByYaml } from "../../src/plan/report-by-phrase";

describe("proposeReportBy", () => {
  it.each([
    ["请各责任单位于每季度最后一个月25日前报送工作进展情况。", { day: 25 }, "每季度最后一个月25日前"],
    ["每季度末月25日前报送", { day: 25 }, "每季度末月25日前"],
    ["每季度最后一个月二十日前报送市政府督查局", { day: 20 }, "每季度最后一个月二十日前"],
    ["于每季度最后一个月２５日之前报送", { day: 25 }, "每季度最后一个月25日之前"],
    ["每季度结束后5日内报送", { daysAfterQuarter: 5 }, "每季度结束后5日内"],
    ["每个季度结束后十天内报送", { daysAfterQuarter: 10 }, "每个季度结束后十天内"],
  ])("%s → %o", (text, rule, phrase) => {
    expect(proposeReportBy(["许政〔2021〕3号", text])).toEqual({ phrase, rule });
  });

  it("proposes nothing for a document that names no report-by day (the seed), or for working days", () => {
    expect(proposeReportBy(["1.抓项目", "完成时限：6月底前", "每季度报送"])).toBeNull();
    expect(proposeReportBy(["每季度结束后5个工作日内报送"])).toBeNull();
  });

  it("writes the rule the way schedule.yaml has it", () => {
    expect(reportByYaml({ day: 25 })).toBe("{day: 25}");
    expect(reportByYaml({ daysAfterQuarter: 5 })).toBe("{daysAfterQuarter: 5}");
  });
});
