// The indicator reader takes progress from a report, never the target the report restates
// (issue 20 item 6: "186个重点项目" was read as 100%, 超序时 in the first quarter).
import { describe, expect, it } from "vitest";
import { indicatorStatus, reportedValue } from "../../src/reporting/indicator-progress";
import type { Indicator } from "../../src/plan/types";

const projects: Indicator = { name: "重点项目", target: 186, unit: "个", op: ">=" };
const investment: Indicator = { name: "年度投资", target: 1000, unit: "亿元", op: ">=" };

describe("reportedValue", () => {
  it("does not take the target the report restates as progress", () => {
    for (const text of ["着力抓好186个重点项目，各项工作有序推进", "围绕186个重点项目，加强统筹调度", "今年计划实施186个重点项目，目前正在办理前期手续"]) {
      expect(reportedValue(projects, text), text).toBeNull();
    }
    expect(indicatorStatus(projects, reportedValue(projects, "着力抓好186个重点项目"), 0.249).status).toBe("unknown");
  });

  it("takes the progress beside the restated target", () => {
    expect(reportedValue(projects, "抓好186个重点项目，已开工重点项目52个")).toBe(52);
    expect(reportedValue(investment, "完成年度投资1000亿元以上的目标，一季度完成年度投资280亿元")).toBe(280);
  });

  it("takes the target when the report says it was reached", () => {
    expect(reportedValue(projects, "186个重点项目已全部开工，累计开工重点项目186个")).toBe(186);
    expect(reportedValue(investment, "全年已完成年度投资1000亿元")).toBe(1000);
  });
});
