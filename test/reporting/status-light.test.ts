// 红黄绿灯 (issue 13), table-driven, with working days around 国庆 2020 (10月1日–8日 off,
// 9月27日 Sunday and 10月10日 Saturday worked).
import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { statusLight, withinWorkdays, worstLight, type LightInput } from "../../src/reporting/status-light";

const calendar = createWorkCalendar();
const base: LightInput = { today: "2020-09-10", closure: null, deadline: null, milestones: [], quarterDeadline: "2020-09-30", reportedThisQuarter: false, reportOverdue: false };
const done = new Date("2020-09-01T00:00:00Z");

describe("statusLight", () => {
  const rows: [string, Partial<LightInput>, string][] = [
    ["nothing due soon", {}, "green"],
    ["销号: no colour", { closure: "closed", reportOverdue: true }, "none"],
    ["a milestone past its date and open", { milestones: [{ dueDate: "2020-09-09", doneAt: null }] }, "red"],
    ["a milestone past its date but done", { milestones: [{ dueDate: "2020-09-09", doneAt: done }] }, "green"],
    ["a milestone with no date", { milestones: [{ dueDate: null, doneAt: null }] }, "green"],
    ["完成时限 passed", { deadline: "2020-09-09" }, "red"],
    ["完成时限 passed but 待销号", { deadline: "2020-09-09", closure: "pending" }, "green"],
    ["the report overdue (this or previous quarter)", { reportOverdue: true }, "red"],
    ["a milestone within 3 working days, nothing reported", { milestones: [{ dueDate: "2020-09-15", doneAt: null }] }, "yellow"],
    ["a milestone 4 working days away", { milestones: [{ dueDate: "2020-09-16", doneAt: null }] }, "green"],
    ["a milestone due today", { milestones: [{ dueDate: "2020-09-10", doneAt: null }] }, "yellow"],
    ["a milestone within 3 working days but reported this quarter", { milestones: [{ dueDate: "2020-09-15", doneAt: null }], reportedThisQuarter: true }, "green"],
    ["完成时限 within 3 working days", { deadline: "2020-09-14" }, "yellow"],
    ["the quarter's report due in 3 working days", { today: "2020-09-25" }, "green"], // 9/27 is worked: 4 working days
    ["the quarter's report due in 2 working days", { today: "2020-09-28" }, "yellow"],
    ["a milestone after 国庆 is 1 working day from 9/30", { today: "2020-09-30", reportedThisQuarter: true, milestones: [{ dueDate: "2020-10-09", doneAt: null }] }, "green"],
    ["a milestone after 国庆, nothing reported, seen on 9/30", { today: "2020-09-30", quarterDeadline: "2020-12-31", milestones: [{ dueDate: "2020-10-09", doneAt: null }] }, "yellow"],
    ["a milestone on 10/12, seen on 9/29", { today: "2020-09-29", quarterDeadline: "2020-12-31", milestones: [{ dueDate: "2020-10-12", doneAt: null }] }, "green"],
  ];
  it.each(rows)("%s → %s", (_name, change, light) => {
    expect(statusLight({ ...base, ...change }, calendar)).toBe(light);
  });
});

describe("withinWorkdays", () => {
  it("counts 国庆 days off and 调休 days worked", () => {
    expect(withinWorkdays("2020-09-30", "2020-10-09", 1, calendar)).toBe(true);
    expect(withinWorkdays("2020-09-30", "2020-10-12", 2, calendar)).toBe(false); // 10/9, 10/10, 10/12
    expect(withinWorkdays("2020-09-30", "2020-10-12", 3, calendar)).toBe(true);
    expect(withinWorkdays("2020-09-30", "2020-09-29", 3, calendar)).toBe(false);
  });
});

describe("worstLight", () => {
  it("is red over yellow over green over none", () => {
    expect(worstLight(["green", "red", "yellow"])).toBe("red");
    expect(worstLight(["green", "yellow", "none"])).toBe("yellow");
    expect(worstLight(["none", "green"])).toBe("green");
    expect(worstLight(["none"])).toBe("none");
    expect(worstLight([])).toBe("none");
  });
});
