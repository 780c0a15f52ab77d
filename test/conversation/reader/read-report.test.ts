// The reader on each family of issue 18, as a liaison types it. Each of these stored a wrong
// record, or lost one, before the reader (issue 18's list); the corpus test runs 780 more.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasContent } from "../../../src/conversation/content";
import { readReport, type Reading } from "../../../src/conversation/parse-report";
import { prepareText } from "../../../src/conversation/prepare-text";

const at = (d: string) => ({ now: new Date(`${d}T10:00:00+08:00`), planYear: 2020 });
const read = (raw: string, d = "2020-06-20"): Reading | null => readReport(prepareText(raw).original, at(d));
/** [no, text, quarter?] per item; null when the message is no report of any kind. */
const items = (raw: string, d?: string): (string | number)[][] | null => {
  const r = read(raw, d);
  if (r?.kind !== "report") return null;
  return r.items.map((i) => [i.no, i.text, ...(i.period?.kind === "named" ? [`Q${i.period.quarter}`] : [])]);
};

describe("outline numbers and 序号 are not tasks (1, 2)", () => {
  it("reads the task after an outline marker", () => {
    expect(items("（一）8项 全市重点项目开工42个\n（二）10项 新建5G基站120座")).toEqual([
      [8, "全市重点项目开工42个"],
      [10, "新建5G基站120座"],
    ]);
    expect(items("一、第15项：完成\n二、第16项：推进")?.map((x) => x[0])).toEqual([15, 16]);
    expect(items("3、50项：新建高标准农田2.1万亩")?.map((x) => x[0])).toEqual([50]);
    expect(items("① 12项：举办活动3场")?.map((x) => x[0])).toEqual([12]);
    expect(items("(1)第28项：印发方案\n(2)第30项：认定企业28家")?.map((x) => x[0])).toEqual([28, 30]);
    expect(items("1）28项：印发方案")?.map((x) => x[0])).toEqual([28]);
    expect(items("第一部分 60项：修缮传统建筑46处")?.map((x) => x[0])).toEqual([60]);
    // "12、13项" stays a list of two tasks.
    expect(items("12、13项：均已完成")?.map((x) => x[0])).toEqual([12, 13]);
  });

  it("takes the 编号 column of a pasted table, never the 序号", () => {
    expect(items("序号\t任务编号\t重点任务\t进展情况\n1\t8\t扩大投资\t二季度新开工项目12个\n2\t10\t5G\t新建基站30座")?.map((x) => x[0])).toEqual([8, 10]);
    expect(items("序号\t任务\t进展\n一\t第91项\t主体完工\n二\t第96项\t看台浇筑")?.map((x) => x[0])).toEqual([91, 96]);
    expect(items("序号 任务编号 进展情况\n1 25 处置案件7起\n2 65 覆盖行政村92%")?.map((x) => x[0])).toEqual([25, 65]);
    // No header and two number columns: which is the task cannot be told.
    expect(read("1\t18\t文旅项目\t完工\n2\t55\t农村公路\t18公里")?.kind).toBe("which_column");
  });
});

describe("dates are not task lists (3, 8)", () => {
  it("reads 5、6月 as months and 12：11月 as a task then a month", () => {
    expect(read("5、6月份拨付专项资金1.2亿元")).toBeNull();
    expect(items("12：11月份发放消费券", "2020-11-20")).toEqual([[12, "11月份发放消费券", "Q4"]]);
    expect(items("13:10月以来培育街区2条", "2020-11-20")).toEqual([[13, "10月以来培育街区2条", "Q4"]]);
    expect(read("12:00 召开促消费工作推进会")).toBeNull();
  });
});

describe("questions, promises and pointers are not reports (4)", () => {
  it.each([
    ["12项什么时候截止", "question"],
    ["71项需要报什么内容", "question"],
    ["92项已开工，是否可以办结？", "question"],
    ["19项正在整理材料，稍后报送", "promise"],
    ["8：数据还在跟统计局核对，明天上午报", "promise"],
    ["14：详见附件", "pointer"],
    ["88 略", "pointer"],
    ["18：进展情况已以书面形式报市政府办，此处不再重复", "pointer"],
    ["43项报错了，请删除", "withdraw"],
    ["15项全面完成，申请办结销号", "closure"],
  ])("%s → %s", (raw, kind) => {
    expect(read(raw)?.kind).toBe(kind);
  });

  it("stores the real report beside a promise, and marks the promise", () => {
    const r = read("12：本季度举办促消费活动5场\n13：稍后补报");
    expect(r?.kind).toBe("report");
    if (r?.kind !== "report") return;
    expect(r.items.map((i) => [i.no, i.kind ?? "content"])).toEqual([
      [12, "content"],
      [13, "promise"],
    ]);
  });
});

describe("several tasks in one message (5, 6)", () => {
  it("reads two tasks before one colon, a heading of two tasks filled by each, and dictated items", () => {
    expect(items("17项、19项：均按序时推进")).toEqual([
      [17, "均按序时推进"],
      [19, "均按序时推进"],
    ]);
    expect(items("第12、13项工作进展：\n（一）12项：发放消费券3批\n（二）13项：培育街区2条")).toEqual([
      [12, "发放消费券3批"],
      [13, "培育街区2条"],
    ]);
    expect(items("12项 发放消费券3批 13项 培育夜间经济街区2条")).toEqual([
      [12, "发放消费券3批"],
      [13, "培育夜间经济街区2条"],
    ]);
    // "完成12项 剩余3项": counts, never tasks.
    expect(items("8项 已完成12项 剩余3项正在推进")).toEqual([[8, "已完成12项 剩余3项正在推进"]]);
  });

  it("keeps one task's sections as one report, and asks when a shared heading has one paragraph", () => {
    expect(items("第12项工作进展情况：发放消费券\n第12项存在问题：资金不足\n第12项下一步打算：继续")).toEqual([[12, "发放消费券\n存在问题：资金不足\n下一步打算：继续"]]);
    expect(read("关于第91项、第96项工作进展情况的报告\n新校区主体完工；体育中心完成投资2.1亿元。")?.kind).toBe("split");
  });
});

describe("the period a report's words give it (7)", () => {
  it("dates by months, holidays and quarters, with the day it is sent", () => {
    expect(items("55：4月份以来新开工项目5个", "2020-05-20")).toEqual([[55, "4月份以来新开工项目5个", "Q2"]]);
    expect(items("第55项：8月份完成投资", "2020-08-20")).toEqual([[55, "8月份完成投资", "Q3"]]);
    expect(items("12：国庆期间开展促消费活动", "2020-10-25")).toEqual([[12, "国庆期间开展促消费活动", "Q4"]]);
    expect(items("91 96 已完成二季度目标", "2020-06-22")?.map((x) => x[2])).toEqual(["Q2", "Q2"]);
  });

  it("does not take a plan, a target or another year's fact as a period", () => {
    expect(items("64：三季度将启动建设", "2020-06-10")).toEqual([[64, "三季度将启动建设"]]);
    expect(items("12：全年目标完成55%", "2020-06-10")).toEqual([[12, "全年目标完成55%"]]);
    expect(items("12：2019年度问题已整改", "2020-06-10")).toEqual([[12, "2019年度问题已整改"]]);
  });

  it("inside the text, only today's quarter is a claim; a cumulative holiday is none", () => {
    expect(items("12：巩固二季度成果，新增企业3家", "2020-08-10")).toEqual([[12, "巩固二季度成果，新增企业3家"]]);
    expect(items("12：春节以来累计发放贷款18亿元", "2020-05-10")).toEqual([[12, "春节以来累计发放贷款18亿元"]]);
    expect(items("12：住院部6月15日整体搬迁", "2020-06-23")).toEqual([[12, "住院部6月15日整体搬迁", "Q2"]]);
  });

  it("keeps an e-mail address at the end, which is no @mention", () => {
    expect(items("14：材料已发送至zhangsan@xuchang.gov.cn，新增学位2000个")?.[0]?.[1]).toContain("zhangsan@xuchang.gov.cn");
    expect(items("14：新增学位2000个 @督办助手")).toEqual([[14, "新增学位2000个"]]);
  });

  it("claims another year for 2019年12月…, which the plan then refuses", () => {
    const r = read("105：2019年12月完成人口普查摸底试点", "2020-01-06");
    expect(r?.kind === "report" && r.items[0]!.period).toEqual({ kind: "named", year: 2019, quarter: 4 });
  });
});

describe("wrappers, tags and other forms", () => {
  it.each([
    ["「张三：12：本季度…」\n- - - - - - - - - - - - - - -\n19：编制规划完成", 19],
    ["转发：\n张三 6-24 10:15\n19：编制规划完成", 19],
    ["以下是李科长整理的材料：\n19：编制规划完成", 19],
    ["【重要】72：完成", 72],
    ["第十四項：完成", 14],
    ["#14 完成", 14],
    ["14；完成", 14],
    ["14——完成", 14],
    ["No.19 完成", 19],
    ["Task 14: 完成", 14],
    ["14✅ 已完成", 14],
    ["1️⃣2️⃣：本季度发放消费券2批", 12],
    ["2020.9.26 33项 完成", 33],
    ["补充12项：新增活动2场", 12],
    ["对93项做个补充，门诊量突破86万人次", 93],
    ["8.5亿元社会投资项目签约落地，11项", 11],
  ])("%s → task %i", (raw, no) => {
    expect(items(raw)?.map((x) => x[0])).toEqual([no]);
  });

  it("keeps a marking tag out of the unit and the text", () => {
    const r = read("71 [进展顺利] 完成投资5亿元");
    expect(r?.kind === "report" && r.items[0]).toEqual({ no: 71, text: "完成投资5亿元" });
  });

  it("reads ranges and a unit named first", () => {
    expect(items("109至115项均已完成")?.map((x) => x[0])).toEqual([109, 110, 111, 112, 113, 114, 115]);
    expect(items("第109项至第115项：均已完成")?.map((x) => x[0])).toEqual([109, 110, 111, 112, 113, 114, 115]);
    expect(items("42-44 均正常推进")?.map((x) => x[0])).toEqual([42, 43, 44]);
    const r = read("发改委：9项 完成投资");
    expect(r?.kind === "report" && r.items[0]!.unitName).toBe("发改委");
  });
});

describe("properties", () => {
  const task = fc.integer({ min: 1, max: 115 });
  const figure = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom("个", "亿元", "场", "座", "公里", "%"));
  const notReports = fc.constantFrom(
    "什么时候截止",
    "需要报什么内容？",
    "是报全市的还是只报我们的数据",
    "正在整理材料，稍后报送",
    "明天上午报",
    "详见附件",
    "略",
    "已在工作群里发过了",
    "见上报的纸质件",
    "待补充",
  );

  it("a question, promise or pointer never becomes a report, whatever numbers it carries", () => {
    fc.assert(
      fc.property(task, notReports, fc.constantFrom("项", "：", " ", "项：", "号任务 "), (no, words, sep) => {
        const r = read(`${no}${sep}${words}`);
        // A report item would be stored only with content and no other kind.
        expect(r?.kind === "report" && r.items.some((i) => !i.kind && hasContent(i.text))).toBe(false);
      }),
    );
  });

  it("an outline number or a 序号 is never the task when a task reference follows it", () => {
    const marker = fc.constantFrom("一、", "（一）", "(1)", "1.", "①", "二、", "（三）", "⑵", "2）", "第二部分 ");
    fc.assert(
      fc.property(marker, task, figure, (m, no, [n, unit]) => {
        const r = read(`${m}第${no}项：完成${n}${unit}`);
        expect(r?.kind === "report" ? r.items.map((i) => i.no) : r).toEqual([no]);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), task, figure, (serial, no, [n, unit]) => {
        const r = read(`序号\t任务编号\t进展情况\n${serial}\t${no}\t完成${n}${unit}`);
        expect(r?.kind === "report" ? r.items.map((i) => i.no) : r).toEqual([no]);
      }),
    );
  });
});
