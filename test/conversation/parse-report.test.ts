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

describe("taskNumbersIn", () => {
  it("finds the task numbers a reminder lists", () => {
    expect(taskNumbersIn("市商务局 2020年第一季度未报3项：\n12. 完善促进消费…\n13. 鼓励发展线上线下…\n第19项 编制现代物流…")).toEqual([12, 13, 19]);
    expect(taskNumbersIn("请于3月31日前汇报")).toEqual([]);
  });
});
