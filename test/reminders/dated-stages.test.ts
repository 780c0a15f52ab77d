import { describe, expect, it } from "vitest";
import { deadlineStages, milestoneStages } from "../../src/reminders/dated-stages";
import { DEFAULT_SCHEDULE } from "../../src/reminders/schedule-config";
import { createWorkCalendar } from "../../src/reminders/work-calendar";

const calendar = createWorkCalendar();
const dates = (stages: { name: string; date: string }[]) => stages.map((s) => `${s.name} ${s.date}`);

describe("milestoneStages", () => {
  it("counts working days back over 国庆 2020 and puts overdue on the next working day", () => {
    expect(dates(milestoneStages("2020-10-05", DEFAULT_SCHEDULE, calendar))).toEqual(["d3 2020-09-28", "d0 2020-09-30", "overdue 2020-10-09"]);
    expect(dates(milestoneStages("2020-10-09", DEFAULT_SCHEDULE, calendar))).toEqual(["d3 2020-09-28", "d0 2020-10-09", "overdue 2020-10-10"]);
  });

  it("follows the configured lead times, at the configured time", () => {
    const s = milestoneStages("2020-05-20", { ...DEFAULT_SCHEDULE, time: "10:30", milestones: { noticeWorkingDaysBefore: [5, 1], overdueWorkingDaysAfter: 2 } }, calendar);
    expect(dates(s)).toEqual(["d5 2020-05-13", "d1 2020-05-19", "overdue 2020-05-22"]);
    expect(s[0]!.at.toISOString()).toBe("2020-05-13T02:30:00.000Z");
  });
});

describe("deadlineStages", () => {
  it("moves notices back off 端午 2020 and keeps the more urgent of two landing on one day", () => {
    expect(dates(deadlineStages("2020-06-30", DEFAULT_SCHEDULE, calendar))).toEqual(["d7 2020-06-23", "d3 2020-06-24", "d1 2020-06-29", "d0 2020-06-30", "overdue 2020-07-01"]);
    // 25 June: d1 (24th) and d0 (25th, a holiday → 24th) land on one day; the day's notice wins.
    expect(dates(deadlineStages("2020-06-25", DEFAULT_SCHEDULE, calendar))).toEqual(["d7 2020-06-18", "d3 2020-06-22", "d0 2020-06-24", "overdue 2020-06-28"]);
  });
});
