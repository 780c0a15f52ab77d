// The layouts other governments publish (issue 19), each family in its smallest real form:
// the labels, leader lines, heading levels and unit wording a plan of any province, city or
// district uses. The directory is empty: nothing here may depend on Xuchang's.
import { describe, expect, it } from "vitest";
import { parseDocument, splitDivision } from "../../src/plan/parse-document";
import { buildUnitDirectory } from "../../src/plan/unit-directory";

const directory = buildUnitDirectory([]);
const parse = (lines: string[]) => parseDocument(lines.join("\n"), { directory, year: 2022, sourceName: "x" });
const LABELS = /(?:单位|部门|领导|分工|时限)\s*[:：]/;

describe("field labels", () => {
  it("the Anhui 1+1+N layout: 牵头责任单位 / 协同责任单位 and the leader, none of them in the text", () => {
    const { plan } = parse([
      "一、稳定经济运行",
      "1.扩大有效投资，全年新开工项目500个。",
      "牵头负责领导：张某某",
      "牵头责任单位：市发展改革委",
      "协同责任单位：市财政局、市自然资源规划局，各县（市、区）人民政府",
      "2.促进消费。牵头责任单位：市商务局；协同责任单位：市财政局；分管领导：李某某",
    ]);
    expect(plan.tasks[0]).toMatchObject({
      text: "扩大有效投资,全年新开工项目500个。",
      leader: "张某某",
      lead: ["市发展改革委"],
      cooperating: ["市财政局", "市自然资源规划局"],
      counties: "all",
    });
    expect(plan.tasks[1]).toMatchObject({ text: "促进消费。", leader: "李某某", lead: ["市商务局"], cooperating: ["市财政局"] });
    for (const t of plan.tasks) expect(t.text).not.toMatch(LABELS);
  });

  it("牵头单位 with 责任单位: the 责任单位 work under the lead", () => {
    const { plan } = parse(["一、甲", "1.任务。", "牵头单位：区发改局", "责任单位：区财政局、区住建局"]);
    expect(plan.tasks[0]).toMatchObject({ lead: ["区发改局"], cooperating: ["区财政局", "区住建局"] });
  });

  it("主办/协办单位 and 责任部门", () => {
    const { plan } = parse(["一、甲", "1.任务。", "主办单位：省商务厅", "协办单位：省财政厅", "2.任务。", "责任部门：省教育厅、省科技厅"]);
    expect(plan.tasks[0]).toMatchObject({ lead: ["省商务厅"], cooperating: ["省财政厅"] });
    expect(plan.tasks[1]).toMatchObject({ lead: ["省教育厅"], cooperating: ["省科技厅"] });
  });

  it("部门分工 in one sentence; A、B分别牵头 are several leads", () => {
    const { plan } = parse([
      "一、甲",
      "1.任务。",
      "部门分工：市商务局牵头，市财政局、各县（市、区）配合。",
      "2.任务。",
      "部门分工：市教育局、市卫健委分别牵头，市财政局配合。",
    ]);
    expect(plan.tasks[0]).toMatchObject({ lead: ["市商务局"], cooperating: ["市财政局"], counties: "all" });
    expect(plan.tasks[1]).toMatchObject({ lead: ["市教育局", "市卫健委"], cooperating: ["市财政局"] });
    expect(splitDivision("市商务局、市财政局")).toBeNull();
  });

  it("labels are anchored: 责任单位 inside 牵头责任单位 and 省牵头单位 inside a note are no fields", () => {
    const { plan } = parse(["一、甲", "1.对接省级项目（省牵头单位：省发展改革委）。", "牵头责任单位：市发展改革委"]);
    expect(plan.tasks[0]).toMatchObject({ text: "对接省级项目(省牵头单位:省发展改革委)。", lead: ["市发展改革委"], cooperating: [] });
    expect(plan.units).toEqual(["市发展改革委"]);
  });
});

describe("leaders from headings", () => {
  it("(一)张某某副市长牵头重点工作 names the leader of the tasks under it", () => {
    const { plan } = parse([
      "一、经济发展",
      "（一）张某某副市长牵头重点工作",
      "1.任务甲。",
      "责任单位：市发展改革委",
      "（二）李某某副市长牵头重点工作",
      "2.任务乙。",
      "责任单位：市商务局",
      "责任领导：王某某",
    ]);
    // Both heading levels are sections: the plan keeps one level, numbered on.
    expect(plan.sections.map((s) => [s.no, s.title])).toEqual([
      [1, "经济发展"],
      [2, "张某某副市长牵头重点工作"],
      [3, "李某某副市长牵头重点工作"],
    ]);
    expect(plan.tasks.map((t) => [t.no, t.section, t.leader, t.text])).toEqual([
      [1, 2, "张某某", "任务甲。"],
      [2, 3, "王某某", "任务乙。"],
    ]);
  });
});

describe("headings and numbering", () => {
  it("a notice numbered 一、二、三、 before the plan in its attachment", () => {
    const { plan } = parse([
      "某某市人民政府关于印发2022年重点工作任务分解的通知",
      "各县（市、区）人民政府，市政府各部门：",
      "一、提高思想认识。",
      "二、强化责任落实。",
      "三、加强督查考核。",
      "附件",
      "2022年重点工作任务分解",
      "一、稳增长",
      "1.任务。",
      "责任单位：市发展改革委",
      "二、促改革",
      "2.任务。",
      "责任单位：市财政局",
    ]);
    expect(plan.title).toBe("某某市人民政府关于印发2022年重点工作任务分解的通知");
    expect(plan.sections.map((s) => s.title)).toEqual(["稳增长", "促改革"]);
    expect(plan.tasks.map((t) => t.lead[0])).toEqual(["市发展改革委", "市财政局"]);
  });

  it("tasks numbered (一)(二) in each section are numbered on through the plan", () => {
    const { plan } = parse([
      "一、稳增长",
      "（一）扩大投资。",
      "责任单位：市发展改革委",
      "（二）促进消费。",
      "责任单位：市商务局",
      "二、促改革",
      "（一）深化改革。",
      "责任单位：市委改革办",
    ]);
    expect(plan.tasks.map((t) => [t.no, t.section, t.text])).toEqual([
      [1, 1, "扩大投资。"],
      [2, 1, "促进消费。"],
      [3, 2, "深化改革。"],
    ]);
  });

  it("1﹒ and 1. with a space; no headings at all is one section", () => {
    const { plan } = parse(["1﹒任务甲。", "责任单位：市商务局", "2. 任务乙。", "责任单位：市财政局"]);
    expect(plan.sections).toHaveLength(1);
    expect(plan.tasks.map((t) => t.text)).toEqual(["任务甲。", "任务乙。"]);
  });

  it("two heading levels: (一) counts again under each 一、, the sections are numbered on", () => {
    const { plan, warnings } = parse(["一、甲", "（一）子甲", "1.任务。", "责任单位：市商务局", "（二）子乙", "2.任务。", "责任单位：市商务局", "二、乙", "（一）子丙", "3.任务。", "责任单位：市商务局"]);
    expect(plan.sections.map((s) => s.title)).toEqual(["甲", "子甲", "子乙", "乙", "子丙"]);
    expect(plan.tasks.map((t) => [t.no, t.section, t.leader])).toEqual([
      [1, 2, null],
      [2, 3, null],
      [3, 5, null],
    ]);
    // A section holding only headings has no task of its own: said, not refused.
    expect(warnings.filter((w) => w.task === null).map((w) => w.message)).toEqual(['第1部分"甲"没有任务', '第4部分"乙"没有任务']);
  });
});

describe("units", () => {
  const unitsOf = (line: string) => parse(["一、甲", "1.任务。", `责任单位：${line}`]).plan.tasks[0]!;

  it("a note in brackets inside the list is no unit", () => {
    expect(unitsOf("市发展改革委、市财政局（列第一位为牵头单位，下同）")).toMatchObject({ lead: ["市发展改革委"], cooperating: ["市财政局"] });
  });

  it("各县、市、区政府 is the counties, not a unit called 市", () => {
    const t = unitsOf("市商务局、各县、市、区政府");
    expect(t).toMatchObject({ lead: ["市商务局"], cooperating: [], counties: "all" });
  });

  it("development zones beside the counties are kept", () => {
    const t = unitsOf("市商务局、各县（市、区）政府、经开区管委会、高新区管委会");
    expect(t).toMatchObject({ lead: ["市商务局"], counties: "all" });
    expect(t.cooperating).toEqual(["经开区管委会", "高新区管委会"]);
  });

  it("collective names stay as written, for the bureau to decide", () => {
    const { plan } = parse(["一、甲", "1.任务。", "责任单位：区民政局、各街道、各相关单位、各直属机构"]);
    expect(plan.tasks[0]).toMatchObject({ lead: ["区民政局"], cooperating: ["各街道", "各相关单位", "各直属机构"], counties: null });
  });
});
