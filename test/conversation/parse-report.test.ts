import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReport, taskNumbersIn } from "../../src/conversation/parse-report";
import { prepareText } from "../../src/conversation/prepare-text";

const parse = (raw: string) => parseReport(prepareText(raw).original);

describe("parseReport", () => {
  it("reads the forms officials type", () => {
    expect(parse("汇报 8 本季度已完成投资300亿元")).toEqual([{ no: 8, text: "本季度已完成投资300亿元" }]);
    expect(parse("8：本季度已完成投资300亿元")).toEqual([{ no: 8, text: "本季度已完成投资300亿元" }]);
    expect(parse("８：本季度完成")).toEqual([{ no: 8, text: "本季度完成" }]);
    expect(parse("8 本季度完成")).toEqual([{ no: 8, text: "本季度完成" }]);
    expect(parse("第8项：本季度完成")).toEqual([{ no: 8, text: "本季度完成" }]);
    expect(parse("8号 本季度完成")).toEqual([{ no: 8, text: "本季度完成" }]);
    expect(parse("@督办助手 12、促消费活动3场")).toEqual([{ no: 12, text: "促消费活动3场" }]);
    expect(parse("汇报8本季度完成")).toEqual([{ no: 8, text: "本季度完成" }]);
    expect(parse("汇报 8")).toEqual([{ no: 8, text: "" }]);
    // The text is kept as typed: Chinese punctuation is not folded.
    expect(parse("８：完成投资，新开工（12个）")).toEqual([{ no: 8, text: "完成投资，新开工（12个）" }]);
  });

  it("reads several reports in one message, continuation lines included", () => {
    expect(parse("8：完成投资300亿元\n新开工项目12个\n第12项 举办促消费活动\n13：培育夜间经济街区2条")).toEqual([
      { no: 8, text: "完成投资300亿元\n新开工项目12个" },
      { no: 12, text: "举办促消费活动" },
      { no: 13, text: "培育夜间经济街区2条" },
    ]);
    // Lines written like the first one start items too.
    expect(parse("12. 举办促消费活动\n13. 培育夜间经济街区2条")?.map((i) => i.no)).toEqual([12, 13]);
    expect(parse("12 举办促消费活动\n13 培育夜间经济街区2条")?.map((i) => i.no)).toEqual([12, 13]);
  });

  it("keeps numbered points inside a report instead of filing them under other tasks", () => {
    expect(parse("12：完成以下工作：\n1. 举办促消费活动3场\n2. 新增限上企业5家")).toEqual([
      { no: 12, text: "完成以下工作：\n1. 举办促消费活动3场\n2. 新增限上企业5家" },
    ]);
    expect(parse("12. 完成以下工作：\n1. 举办活动\n2. 新增企业\n3. 发放消费券\n13. 培育街区")).toEqual([
      { no: 12, text: "完成以下工作：\n1. 举办活动\n2. 新增企业\n3. 发放消费券" },
      { no: 13, text: "培育街区" },
    ]);
    expect(parse("12：一是举办活动\n（1）线上\n（2）线下\n13：培育街区")?.map((i) => i.no)).toEqual([12, 13]);
  });

  it("does not mistake other messages for reports", () => {
    for (const s of ["我的任务", "任务 8", "第8项", "8", "本季度已完成投资300亿元", "进度", "8.5亿元已完成"]) {
      expect(parse(s), s).toBeNull();
    }
  });

  it("never throws on any text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => void parse(s)));
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void taskNumbersIn(s)));
  });
});

describe("parseReport: phrasing families (issue 9)", () => {
  const nos = (raw: string) => parse(raw)?.map((i) => [i.no, i.text]);

  it("reads several task numbers before one text as that text for each, never a number inside the text", () => {
    expect(nos("12、13 两项均已按计划推进")).toEqual([[12, "两项均已按计划推进"], [13, "两项均已按计划推进"]]);
    expect(nos("12 13 已完成")).toEqual([[12, "已完成"], [13, "已完成"]]);
    expect(nos("12，13：已完成")).toEqual([[12, "已完成"], [13, "已完成"]]);
    expect(nos("第12、13项：均已完成")).toEqual([[12, "均已完成"], [13, "均已完成"]]);
    expect(nos("12和13 已完成")).toEqual([[12, "已完成"], [13, "已完成"]]);
    expect(nos("十二、十三 已完成")).toEqual([[12, "已完成"], [13, "已完成"]]);
    // A count after the numbers is the text's.
    expect(nos("12 3个项目已开工")).toEqual([[12, "3个项目已开工"]]);
    expect(nos("12 13 3场活动")).toEqual([[12, "3场活动"], [13, "3场活动"]]);
  });

  it("keeps a report whose content opens with a figure: 8：186个项目, 12、3场, 14：2020年…", () => {
    expect(nos("8：186个重点项目已开工30个")).toEqual([[8, "186个重点项目已开工30个"]]);
    expect(nos("12：3场促消费活动已举办")).toEqual([[12, "3场促消费活动已举办"]]);
    expect(nos("13:2场线上消费节已举办")).toEqual([[13, "2场线上消费节已举办"]]);
    expect(nos("14：2020年一季度改造商场2家")).toEqual([[14, "2020年一季度改造商场2家"]]);
    expect(nos("15：1.5万户农户开通电商")).toEqual([[15, "1.5万户农户开通电商"]]);
    expect(nos("12、3场活动已举办")).toEqual([[12, "3场活动已举办"]]);
    expect(nos("12。3场活动已举办")).toEqual([[12, "3场活动已举办"]]);
  });

  it("does not read a count or a date typed with a space, or a counted noun, as a task number", () => {
    for (const s of ["3 月举办活动5场", "5 月底前完成招商", "2 个项目已开工", "11 个项目开工", "3\u3000月举办活动", "三项工作已完成", "十项措施已出台", "八 项措施已出台", "12号召开促消费推进会"]) {
      expect(parse(s), s).toBeNull();
    }
    expect(nos("12项已完成")).toEqual([[12, "已完成"]]);
    expect(nos("12 项目建设顺利")).toEqual([[12, "项目建设顺利"]]);
    expect(nos("12 8.5亿元消费券已发放")).toEqual([[12, "8.5亿元消费券已发放"]]);
    expect(nos("12项工作进展：已完成")).toEqual([[12, "已完成"]]);
  });

  it("does not read a time, a date, a range or a decimal as a task number", () => {
    for (const s of ["12:00 召开促消费工作推进会", "12：00召开会议", "9:30召开推进会", "12,000元已拨付", "3月份举办活动", "12-15日举办展会", "8.5亿元已完成", "1.5万户已改造", "一是举办活动", "一、主要工作"]) {
      expect(parse(s), s).toBeNull();
    }
  });

  it("reads the forms voice input and Word reports produce", () => {
    expect(nos("12项已完成")).toEqual([[12, "已完成"]]);
    expect(nos("第12项本季度举办促消费活动3场")).toEqual([[12, "本季度举办促消费活动3场"]]);
    expect(nos("第十三项：培育街区")).toEqual([[13, "培育街区"]]);
    expect(nos("第一百零五项：完成")).toEqual([[105, "完成"]]);
    expect(nos("十二 举办活动")).toEqual([[12, "举办活动"]]);
    expect(nos("关于第12项工作的进展情况：举办活动")).toEqual([[12, "举办活动"]]);
    expect(nos("第12项完成投资300亿元")).toEqual([[12, "完成投资300亿元"]]);
    expect(nos("15。推进")).toEqual([[15, "推进"]]);
    expect(nos("12-推进")).toEqual([[12, "推进"]]);
    expect(nos("12号任务 已完成")).toEqual([[12, "已完成"]]);
    expect(nos("(12) 举办活动")).toEqual([[12, "举办活动"]]);
    expect(nos("第12项：")).toEqual([[12, ""]]);
    expect(nos("12）举办活动")).toEqual([[12, "举办活动"]]);
    expect(nos("12：举办活动3场\n13：同上")).toEqual([[12, "举办活动3场"], [13, "举办活动3场"]]);
    expect(nos("【12】举办活动")).toEqual([[12, "举办活动"]]);
    expect(nos("一季度工作汇报\n12：举办活动\n13：培育街区")).toEqual([[12, "举办活动"], [13, "培育街区"]]);
    expect(nos("现将有关情况汇报如下：\n12 举办活动")).toEqual([[12, "举办活动"]]);
    expect(nos("收到，12项已完成")).toEqual([[12, "已完成"]]);
    expect(nos("好的。\n12：已完成")).toEqual([[12, "已完成"]]);
    // A first line that is content, not a heading, is not dropped: not a report.
    expect(parse("本季度举办促消费活动3场\n12：举办活动")).toBeNull();
  });

  it("reads a period named first, a heading's period, and a unit in brackets", () => {
    expect(parse("补报 一季度 11 已完成")).toEqual([{ no: 11, text: "已完成", period: { kind: "named", quarter: 1 } }]);
    expect(parse("2020Q1 11 已完成")).toEqual([{ no: 11, text: "已完成", period: { kind: "named", year: 2020, quarter: 1 } }]);
    expect(parse("本季度 11 已完成")).toEqual([{ no: 11, text: "已完成", period: { kind: "current" } }]);
    expect(parse("补报 11 已完成")).toEqual([{ no: 11, text: "已完成", period: { kind: "previous" } }]);
    expect(parse("二季度工作汇报\n12：完成")).toEqual([{ no: 12, text: "完成", period: { kind: "named", quarter: 2 } }]);
    expect(parse("12 [市发展改革委] 已完成")).toEqual([{ no: 12, text: "已完成", unitName: "市发展改革委" }]);
    expect(parse("【市商务局】12：已完成")).toEqual([{ no: 12, text: "已完成", unitName: "市商务局" }]);
  });
});

describe("parseReport: a 方案 after a report", () => {
  it("is not a report: the plan would be stored as report 12's text and never as a plan", () => {
    expect(parseReport("12：本季度举办活动\n方案 13\n责任领导：王\n时间节点：年底前完成")).toBeNull();
    // A report that mentions a plan stays a report.
    expect(parseReport("12：本季度举办活动\n方案已印发实施")?.map((i) => i.no)).toEqual([12]);
  });
});

describe("taskNumbersIn", () => {
  it("finds the task numbers a reminder lists", () => {
    expect(taskNumbersIn("市商务局 2020年第一季度未报3项：\n12. 完善促进消费…\n13. 鼓励发展线上线下…\n第19项 编制现代物流…")).toEqual([12, 13, 19]);
    expect(taskNumbersIn("请于3月31日前汇报")).toEqual([]);
  });
});
