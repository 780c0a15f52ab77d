// The 通报's 对表 paragraph (issue 13): the verdict counts, then the 未完成 and 滞后 tasks.
import { describe, expect, it } from "vitest";
import { periodOf } from "../../../src/reporting/periods";
import { buildReport, type ReportInput } from "../../../src/reporting/report-model";
import { renderMarkdown } from "../../../src/reporting/render/render-markdown";
import { tongbaoText } from "../../../src/reporting/render/report-text";
import { reportTemplates } from "../../../src/reporting/render/report-templates";
import type { Verdict } from "../../../src/reporting/task-verdict";

function model(verdicts: (Verdict | undefined)[]) {
  const input: ReportInput = {
    plan: { id: 1, year: 2020, title: null, docNo: null },
    period: periodOf(2020, 4),
    sections: [{ no: 1, title: "稳增长" }],
    tasks: verdicts.map((verdict, i) => ({
      id: i + 1, no: i + 1, sectionNo: 1, text: `任务${i + 1}`, deadline: null, indicators: [],
      assignments: [{ unitId: 1, unitName: "市商务局", unitKind: "municipal", role: "lead", position: 0 }],
      ...(verdict ? { verdict } : {}),
    })),
    reports: [],
  };
  return buildReport(input, new Date("2020-12-20T00:00:00Z"));
}

describe("the 通报's 对表 paragraph", () => {
  it("gives the counts and names the 未完成 and 滞后 tasks, in the markdown too", () => {
    const m = model(["closed", "on_track", "behind", "unfinished", "behind"]);
    expect(tongbaoText(reportTemplates(), m).duibiao).toEqual(["对表情况：已办结（销号）1项，序时推进1项，滞后2项（节点逾期、牵头单位未按时报送或指标低于序时进度），未完成1项。", "未完成：第4项。", "滞后：第3、5项。"]);
    expect(renderMarkdown(reportTemplates(), m, { full: false })).toContain("\n对表情况：已办结（销号）1项");
  });

  it("caps a long list, and is absent when the model was not judged", () => {
    const m = model(Array.from({ length: 30 }, () => "behind" as const));
    expect(tongbaoText(reportTemplates(), m).duibiao[1]).toMatch(/^滞后：第1、2、.*、20等30项。$/);
    expect(tongbaoText(reportTemplates(), model([undefined, undefined])).duibiao).toEqual([]);
  });
});

describe("the 通报's sections agree with each other (issue 20)", () => {
  it("says nothing is 滞后 only when the 对表 counts none", () => {
    const lagging = tongbaoText(reportTemplates(), model(["behind", "on_track"]));
    expect(lagging.behind_none).toBeNull();
    expect(lagging.duibiao[0]).toContain("滞后1项");
    const none = tongbaoText(reportTemplates(), model(["on_track", "closed"]));
    expect(none.behind_none).toBe("本期未发现进展滞后的任务。");
    expect(none.duibiao[0]).toContain("滞后0项");
  });

  it("names late units in running text by kind, with dates as a 公文 writes them", () => {
    const input: ReportInput = {
      plan: { id: 1, year: 2020, title: null, docNo: null },
      period: periodOf(2020, 2),
      sections: [{ no: 1, title: "稳增长" }],
      tasks: [
        {
          id: 1, no: 1, sectionNo: 1, text: "任务1", deadline: null, indicators: [],
          assignments: [
            { unitId: 1, unitName: "市商务局", unitKind: "municipal", role: "lead", position: 0 },
            { unitId: 2, unitName: "禹州市政府", unitKind: "county", role: "county", position: 1 },
            { unitId: 3, unitName: "市税务局", unitKind: "municipal", role: "cooperating", position: 2 },
            { unitId: 4, unitName: "长葛市政府", unitKind: "county", role: "county", position: 3 },
          ],
        },
      ],
      reports: [],
    };
    const t = tongbaoText(reportTemplates(), buildReport(input, new Date("2020-07-03T02:00:00Z")));
    expect(t.late).toEqual(["截至2020年7月3日，仍有4个单位逾期未报送（括号内为未报送项数）。县（市、区）：禹州市（1项）、长葛市（1项）；市直单位：市商务局（1项）；中省直单位：市税务局（1项）。"]);
    expect(t.date).toBe("2020年7月3日");
    expect(t.issueNo).toBe("第2期");
    expect(t.opening).toContain("截至2020年7月3日");
  });
});
