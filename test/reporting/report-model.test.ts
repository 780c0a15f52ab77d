import { describe, expect, it } from "vitest";
import { periodOf } from "../../src/reporting/periods";
import { buildReport, percentOf, type ReportInput } from "../../src/reporting/report-model";
import { yearElapsedShare } from "../../src/reporting/time-progress";

const A = { unitId: 1, unitName: "市商务局", unitKind: "municipal" };
const B = { unitId: 2, unitName: "市财政局", unitKind: "municipal" };
const C = { unitId: 3, unitName: "魏都区政府", unitKind: "county" };
const G = { unitId: 4, unitName: "市政府各部门", unitKind: "group" };

function input(reports: ReportInput["reports"]): ReportInput {
  return {
    plan: { id: 1, year: 2020, title: "重点工作", docNo: "许政〔2020〕20号" },
    period: periodOf(2020, 1),
    sections: [
      { no: 1, title: "稳增长" },
      { no: 2, title: "惠民生" },
    ],
    tasks: [
      {
        id: 10, no: 1, sectionNo: 1, text: "完成固定资产投资1000亿元以上，促消费", deadline: null,
        indicators: [{ name: "固定资产投资", target: 1000, unit: "亿元", op: ">=" }],
        assignments: [{ ...A, role: "lead", position: 0 }, { ...B, role: "cooperating", position: 1 }, { ...C, role: "county", position: 2 }, { ...G, role: "cooperating", position: 3 }],
      },
      {
        id: 11, no: 2, sectionNo: 2, text: "新建5G基站1500座", deadline: "2020-06-30",
        indicators: [{ name: "5G基站", target: 1500, unit: "座", op: ">=" }],
        assignments: [{ ...B, role: "lead", position: 0 }, { ...A, role: "cooperating", position: 1 }],
      },
    ],
    reports,
  };
}

const at = (s: string) => new Date(s);
const r = (id: number, taskId: number, unitId: number, text: string, late = false) => ({ id, taskId, unitId, text, late, createdAt: at("2020-03-20T10:00:00+08:00"), userName: "张三", userId: "zhangsan" });

describe("buildReport", () => {
  it("classifies every assignment as on time, late or missing, leaving group units out", () => {
    const m = buildReport(input([r(1, 10, 1, "一季度完成投资300亿元"), r(2, 10, 2, "配合推进", true)]), at("2020-04-02T09:00:00+08:00"));
    const t1 = m.tasks.find((t) => t.no === 1)!;
    expect(t1.cells.map((c) => [c.unit, c.status])).toEqual([
      ["市商务局", "on_time"],
      ["市财政局", "late"],
      ["魏都区政府", "missing"],
    ]);
    expect(m.totals).toMatchObject({ total: 5, onTime: 1, late: 1, missing: 3, reported: 2, percent: 40 });
  });

  it("rolls up lead and cooperating units per task", () => {
    const m = buildReport(input([r(1, 10, 2, "配合"), r(2, 11, 1, "配合")]), at("2020-03-25T09:00:00+08:00"));
    const [t1, t2] = m.tasks;
    expect(t1).toMatchObject({ leadUnits: ["市商务局"], leadReported: false, cooperating: { reported: 1, total: 1 }, counties: { reported: 0, total: 1 } });
    expect(t2).toMatchObject({ leadUnits: ["市财政局"], leadReported: false, cooperating: { reported: 1, total: 1 } });
  });

  it("counts a task's lead units one by one: one of two leads reported is 1/2, not 已报", () => {
    const two = input([r(1, 10, 1, "牵头之一已报")]);
    two.tasks[0]!.assignments.push({ ...B, role: "lead", position: 4 });
    two.tasks[0]!.assignments = two.tasks[0]!.assignments.filter((a) => !(a.unitId === B.unitId && a.role === "cooperating"));
    const t1 = buildReport(two, at("2020-03-25T09:00:00+08:00")).tasks[0]!;
    expect(t1).toMatchObject({ leadUnits: ["市商务局", "市财政局"], leadReported: false, lead: { reported: 1, total: 2 } });
  });

  it("never rounds a rate to 0% beside reports that exist, nor to 100% beside missing ones", () => {
    expect(percentOf(6, 1531)).toBe(0.4);
    expect(percentOf(1, 100_000)).toBe(0.1);
    expect(percentOf(1530, 1531)).toBe(99.9);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 10)).toBe(0);
  });

  it("counts completion per unit and per section", () => {
    const m = buildReport(input([r(1, 10, 1, "x"), r(2, 11, 1, "y", true)]), at("2020-04-02T09:00:00+08:00"));
    expect(m.units.find((u) => u.unit === "市商务局")).toMatchObject({ total: 2, onTime: 1, late: 1, missing: 0, percent: 100 });
    expect(m.units.find((u) => u.unit === "市财政局")).toMatchObject({ total: 2, missing: 2, percent: 0 });
    expect(m.sections).toEqual([
      expect.objectContaining({ no: 1, title: "稳增长", total: 3, reported: 1, percent: 33 }),
      expect.objectContaining({ no: 2, title: "惠民生", total: 2, reported: 1, percent: 50 }),
    ]);
  });

  it("names late units: late reporters always, missing ones only after the deadline", () => {
    const reports = [r(1, 10, 1, "x", true)];
    const before = buildReport(input(reports), at("2020-03-30T09:00:00+08:00"));
    expect(before.overdue).toBe(false);
    expect(before.lateUnits).toEqual([{ unit: "市商务局", kind: "municipal", late: 1, missing: 0 }]);
    const after = buildReport(input(reports), at("2020-04-01T00:30:00+08:00"));
    expect(after.overdue).toBe(true);
    expect(after.lateUnits.map((u) => u.unit)).toEqual(["市财政局", "市商务局", "魏都区政府"]);
    expect(after.lateUnits[0]).toEqual({ unit: "市财政局", kind: "municipal", late: 0, missing: 2 });
  });

  it("judges indicators against 序时进度 from the lead's report, unknown when unclear", () => {
    expect(yearElapsedShare("2020-03-31")).toBeCloseTo(91 / 366);
    expect(yearElapsedShare("2020-12-31")).toBe(1);
    const ahead = buildReport(input([r(1, 10, 1, "一季度完成固定资产投资300亿元"), r(2, 11, 2, "已建成5G基站100座")]), at("2020-04-02T09:00:00+08:00"));
    expect(ahead.timeProgress).toBeCloseTo(0.2486, 3);
    expect(ahead.indicators).toEqual([
      expect.objectContaining({ taskNo: 1, value: 300, status: "ahead", leadUnit: "市商务局" }),
      expect.objectContaining({ taskNo: 2, value: 100, status: "behind", leadUnit: "市财政局" }),
    ]);
    expect(ahead.behindTasks).toEqual([2]);
    const onTrack = buildReport(input([r(1, 10, 1, "完成投资250亿元")]), at("2020-04-02T09:00:00+08:00"));
    expect(onTrack.indicators[0]).toMatchObject({ value: 250, status: "on_track" });
    // Two figures in the same measure, neither named like the indicator: no guess.
    const unclear = buildReport(input([r(1, 10, 1, "签约项目200亿元，到位资金80亿元")]), at("2020-04-02T09:00:00+08:00"));
    expect(unclear.indicators[0]).toMatchObject({ value: null, status: "unknown" });
  });

  it("a unit's report counts only its assignments", () => {
    const only = input([r(1, 10, 1, "x")]);
    only.tasks = only.tasks.map((t) => ({ ...t, assignments: t.assignments.filter((a) => a.unitId === 1) }));
    only.unitName = "市商务局";
    const m = buildReport(only, at("2020-04-02T09:00:00+08:00"));
    expect(m.unitFilter).toBe("市商务局");
    expect(m.units.map((u) => u.unit)).toEqual(["市商务局"]);
    expect(m.totals).toMatchObject({ total: 2, reported: 1 });
  });
});

describe("销号, 对表 and lights in the model (issue 13)", () => {
  it("counts a 销号 task's unreported cells as completed and carries verdicts and lights", () => {
    const i = input([]);
    i.tasks[1] = { ...i.tasks[1]!, closure: "closed", verdict: "closed", light: "none" };
    i.tasks[0] = { ...i.tasks[0]!, verdict: "behind", light: "red" };
    i.unitLights = { 1: "red", 2: "yellow" };
    const m = buildReport(i, new Date("2020-03-25T00:00:00Z"));
    const closed = m.tasks.find((t) => t.no === 2)!;
    expect(closed.cells.map((c) => c.status)).toEqual(["closed", "closed"]);
    expect(closed.counts).toMatchObject({ reported: 2, missing: 0, closed: 2, percent: 100 });
    expect(closed.leadReported).toBe(true);
    expect(m.totals).toMatchObject({ total: 5, reported: 2, closed: 2 });
    expect(m.tasks.map((t) => [t.no, t.verdict, t.light])).toEqual([[1, "behind", "red"], [2, "closed", "none"]]);
    expect(m.verdicts).toEqual({ closed: 1, on_track: 0, behind: 1, unfinished: 0 });
    expect(m.units.find((u) => u.unit === "市财政局")!.light).toBe("yellow");
  });

  it("leaves verdicts and lights empty when not judged", () => {
    const m = buildReport(input([]), new Date("2020-03-25T00:00:00Z"));
    expect(m.tasks.every((t) => t.verdict === null && t.light === "none")).toBe(true);
    expect(m.verdicts).toEqual({ closed: 0, on_track: 0, behind: 0, unfinished: 0 });
  });
});
