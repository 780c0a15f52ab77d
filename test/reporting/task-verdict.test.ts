// The 对表交账 verdict (issue 13), table-driven.
import { describe, expect, it } from "vitest";
import { taskVerdict, type VerdictInput } from "../../src/reporting/task-verdict";

const base: VerdictInput = { today: "2020-12-20", planYear: 2020, closure: null, deadline: null, milestones: [], missedReports: 0 };

describe("taskVerdict", () => {
  const rows: [string, Partial<VerdictInput>, string][] = [
    ["nothing missed", {}, "on_track"],
    ["销号", { closure: "closed", deadline: "2020-06-30", missedReports: 2 }, "closed"],
    ["待销号 is judged like any other", { closure: "pending", missedReports: 1 }, "behind"],
    ["a missed quarterly report", { missedReports: 1 }, "behind"],
    ["an overdue milestone", { milestones: [{ dueDate: "2020-11-30", doneAt: null }] }, "behind"],
    ["a closed milestone", { milestones: [{ dueDate: "2020-11-30", doneAt: new Date("2020-11-20T00:00:00Z") }] }, "on_track"],
    ["a milestone due later", { milestones: [{ dueDate: "2020-12-25", doneAt: null }] }, "on_track"],
    ["完成时限 passed", { deadline: "2020-10-31" }, "unfinished"],
    ["完成时限 today is not yet passed", { deadline: "2020-12-20" }, "on_track"],
    ["the year passed", { today: "2021-01-04" }, "unfinished"],
  ];
  it.each(rows)("%s → %s", (_name, change, verdict) => {
    expect(taskVerdict({ ...base, ...change })).toBe(verdict);
  });
});
