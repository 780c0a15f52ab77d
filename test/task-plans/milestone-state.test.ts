// A milestone's state is a function of the milestone and today in Asia/Shanghai.
import { describe, expect, it } from "vitest";
import { isMilestoneOverdue, milestoneState } from "../../src/task-plans/milestone-state";

describe("milestoneState", () => {
  it("is open on its due day and overdue the day after, in Shanghai time", () => {
    const m = { dueDate: "2020-06-30", doneAt: null };
    expect(milestoneState(m, new Date("2020-06-30T23:59:00+08:00"))).toBe("open");
    // 16:00 UTC on 30 June is already 1 July in Shanghai.
    expect(milestoneState(m, new Date("2020-06-30T16:00:00Z"))).toBe("overdue");
    expect(isMilestoneOverdue(m, "2020-07-01")).toBe(true);
    expect(isMilestoneOverdue(m, "2020-06-30")).toBe(false);
  });

  it("is done once closed, whatever the date, and undated without one", () => {
    expect(milestoneState({ dueDate: "2020-03-31", doneAt: new Date("2020-04-10T00:00:00Z") }, new Date("2020-12-01T00:00:00Z"))).toBe("done");
    expect(milestoneState({ dueDate: null, doneAt: null }, new Date("2020-12-01T00:00:00Z"))).toBe("undated");
  });
});
