import { describe, expect, it } from "vitest";
import { periodOf } from "../../../src/reporting/periods";
import { buildReport } from "../../../src/reporting/report-model";
import { renderCsv } from "../../../src/reporting/render/render-csv";
import { reportTemplates } from "../../../src/reporting/render/report-templates";

const unit = (unitId: number, unitName: string) => ({ unitId, unitName, unitKind: "municipal", role: "lead", position: 0 });

describe("renderCsv", () => {
  it("defuses report text Excel would run as a formula, and quotes commas, quotes and line breaks", () => {
    const texts = ["=HYPERLINK(\"http://evil\")", "+1+1", "@SUM(A1)", "完成3场，\"线上\"1场\n线下2场"];
    const model = buildReport(
      {
        plan: { id: 1, year: 2020, title: null, docNo: null },
        period: periodOf(2020, 1),
        sections: [{ no: 1, title: "稳增长" }],
        tasks: texts.map((_, i) => ({ id: i + 1, no: i + 1, sectionNo: 1, text: `任务${i + 1}`, deadline: null, indicators: [], assignments: [unit(1, "市商务局")] })),
        reports: texts.map((text, i) => ({ id: i + 1, taskId: i + 1, unitId: 1, text, late: false, createdAt: new Date("2020-03-20T02:00:00Z"), userName: null, userId: "u" })),
      },
      new Date("2020-03-25T00:00:00Z"),
    );
    const lines = renderCsv(reportTemplates(), model).subarray(3).toString("utf8").split("\r\n");
    expect(lines[1]).toMatch(/,"'=HYPERLINK\(""http:\/\/evil""\)",,$/); // then 状态灯 and 对表, empty when not judged
    expect(lines[2]).toMatch(/,'\+1\+1,,$/);
    expect(lines[3]).toMatch(/,'@SUM\(A1\),,$/);
    expect(lines[4]).toMatch(/,"完成3场，""线上""1场\n线下2场",,$/);
  });
});
