// The 方案 message in the ways liaisons send it: labels with or without a colon, full- and
// half-width, any order, values on the next lines, several parts on one line, parts pasted
// twice, synonyms of the labels, Chinese task numbers.
import { describe, expect, it } from "vitest";
import { parsePlanMessage } from "../../src/task-plans/parse-plan-message";

const FULL = { leader: "王某某（副局长）", measures: "一是加强调度；二是强化督导", milestones: "3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成" };

describe("parsePlanMessage", () => {
  it.each([
    ["the issue's example", "方案 12\n责任领导：王某某（副局长）\n主要措施：一是加强调度；二是强化督导\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["half-width colons, no space", "方案12\n责任领导:王某某（副局长）\n主要措施:一是加强调度；二是强化督导\n时间节点:3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["no colons", "落实方案 12\n责任领导 王某某（副局长）\n主要措施 一是加强调度；二是强化督导\n时间节点 3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["any order", "第12项方案\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成\n主要措施：一是加强调度；二是强化督导\n责任领导：王某某（副局长）"],
    ["full-width digits", "方案　１２\n责任领导：王某某（副局长）\n主要措施：一是加强调度；二是强化督导\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["Chinese task number", "方案十二\n责任领导：王某某（副局长）\n主要措施：一是加强调度；二是强化督导\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["all on one line", "方案 12 责任领导：王某某（副局长）；主要措施：一是加强调度；二是强化督导；时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["pasted twice", "方案 12\n责任领导：王某某（副局长）\n主要措施：一是加强调度；二是强化督导\n\n责任领导：王某某（副局长）\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成\n主要措施：一是加强调度；二是强化督导"],
    ["synonyms", "12号任务落实方案\n分管领导：王某某（副局长）\n工作措施：一是加强调度；二是强化督导\n节点安排：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["outline-numbered labels, as in a Word plan", "方案 12\n一、责任领导：王某某（副局长）\n二、主要措施：一是加强调度；二是强化督导\n三、时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["（一）/1. labels", "方案 12\n（一）责任领导：王某某（副局长）\n2. 主要措施：一是加强调度；二是强化督导\n（三）时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
    ["bracketed labels", "方案 12\n【责任领导】王某某（副局长）\n【主要措施】一是加强调度；二是强化督导\n【时间节点】3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成"],
  ])("%s", (_label, text) => {
    expect(parsePlanMessage(text)).toMatchObject({ no: 12, ...FULL, unlabeled: null });
  });

  it("takes values from the lines after their label", () => {
    const p = parsePlanMessage("方案 12\n责任领导：\n王某某（副局长）\n主要措施\n一是加强调度\n二是强化督导\n时间安排：\n3月底前完成摸底调查\n6月30日前，出台实施意见");
    expect(p).toMatchObject({ no: 12, leader: "王某某（副局长）", measures: "一是加强调度\n二是强化督导", milestones: "3月底前完成摸底调查\n6月30日前，出台实施意见", unlabeled: null });
  });

  it("reads a line starting with 措施 as measures text, not a label", () => {
    const p = parsePlanMessage("方案 12\n主要措施：加强调度\n措施到位是关键\n时间节点：年底前完成");
    expect(p?.measures).toBe("加强调度\n措施到位是关键");
  });

  it("leaves out a signature pasted at the end (unit, date): not a milestone, not a measure", () => {
    const p = parsePlanMessage("方案 12\n责任领导：王某某\n主要措施：加强调度\n时间节点：\n1. 3月底前完成摸底调查；\n2. 6月30日前出台实施意见\n\n\n市商务局\n2020年3月24日");
    expect(p?.milestones).toBe("1. 3月底前完成摸底调查；\n2. 6月30日前出台实施意见");
    const q = parsePlanMessage("方案 12\n责任领导：王某某\n时间节点：5月底前完成调研\n主要措施：一是调研；二是扶持\n\n许昌市商务局办公室（盖章）\n2020.3.24");
    expect(q?.measures).toBe("一是调研；二是扶持");
    // An undated milestone at the end that merely ends like a unit stays a milestone.
    const r = parsePlanMessage("方案 12\n时间节点：6月底前出台意见\n二是成立工作专班办公室");
    expect(r?.milestones).toBe("6月底前出台意见\n二是成立工作专班办公室");
  });

  it("returns the parts missing as null", () => {
    expect(parsePlanMessage("方案 12\n责任领导：王某某\n主要措施：加强调度")).toMatchObject({ no: 12, leader: "王某某", measures: "加强调度", milestones: null, unlabeled: null });
    expect(parsePlanMessage("方案 12")).toMatchObject({ no: 12, leader: null, measures: null, milestones: null, unlabeled: null });
  });

  it("keeps text outside any label apart, so a plan without labels is not mistaken for 方案 N alone", () => {
    expect(parsePlanMessage("方案 12\n王某某负责，3月底前完成摸底")).toMatchObject({ leader: null, milestones: null, unlabeled: "王某某负责，3月底前完成摸底" });
  });

  it("is not a 方案 message when it is a report about a plan", () => {
    expect(parsePlanMessage("12项工作方案已印发")).toBeNull();
    expect(parsePlanMessage("12：制定工作方案")).toBeNull();
    expect(parsePlanMessage("方案 12 已完成")).toBeNull();
  });
});
