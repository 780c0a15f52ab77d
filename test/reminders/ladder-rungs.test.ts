// Pure: the ladder's rungs for a due day, and the working moments personal messages keep to.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ladderRungs, nextWorkingMoment, rungAt, withinWorkingHours } from "../../src/reminders/ladder-rungs";
import { DEFAULT_LADDER, DEFAULT_SCHEDULE, loadScheduleConfig } from "../../src/reminders/schedule-config";
import { createWorkCalendar } from "../../src/reminders/work-calendar";

const calendar = createWorkCalendar();
const dates = (due: string, kind: "report" | "milestone" | "deadline" = "report") => ladderRungs(due, kind, DEFAULT_LADDER, DEFAULT_SCHEDULE, calendar).map((r) => `${r.rung} ${r.date}`);

describe("ladder rungs", () => {
  it("蓝 7 days before, 黄 on the day, 红 the 3rd working day after — off 国庆 2020, counting the make-up Saturday", () => {
    expect(dates("2020-09-30")).toEqual(["blue 2020-09-23", "yellow 2020-09-30", "red 2020-10-12"]);
  });

  it("a due day on a holiday: 黄 the working day before; a 蓝 moved onto the 黄 day is left to 黄", () => {
    // A milestone of 5 October (国庆): 蓝 3 days before is 2 October, moved back to 30 September — the 黄 day.
    expect(dates("2020-10-05", "milestone")).toEqual(["yellow 2020-09-30", "red 2020-10-12"]);
    // 端午 2020 (25–27 June), 28 June a make-up Sunday: 红 on 30 June.
    expect(dates("2020-06-25")).toEqual(["blue 2020-06-18", "yellow 2020-06-24", "red 2020-06-30"]);
  });

  it("says which rung an item is on", () => {
    const rungs = ladderRungs("2020-09-30", "report", DEFAULT_LADDER, DEFAULT_SCHEDULE, calendar);
    expect(rungAt(rungs, new Date("2020-09-22T12:00:00+08:00"))).toBeNull();
    expect(rungAt(rungs, new Date("2020-10-05T12:00:00+08:00"))?.rung).toBe("yellow");
    expect(rungAt(rungs, new Date("2020-12-01T12:00:00+08:00"))?.rung).toBe("red");
  });

  it("working moments: working days 08:30–18:00 only; the next one skips nights and holidays", () => {
    const hours = DEFAULT_LADDER.workingHours;
    expect(withinWorkingHours(new Date("2020-09-30T17:59:00+08:00"), hours, calendar)).toBe(true);
    expect(withinWorkingHours(new Date("2020-09-30T18:00:00+08:00"), hours, calendar)).toBe(false);
    expect(withinWorkingHours(new Date("2020-10-10T10:00:00+08:00"), hours, calendar)).toBe(true); // 调休 Saturday
    expect(nextWorkingMoment(new Date("2020-09-30T20:00:00+08:00"), hours, calendar)).toEqual(new Date("2020-10-09T08:30:00+08:00"));
    expect(nextWorkingMoment(new Date("2020-10-09T07:00:00+08:00"), hours, calendar)).toEqual(new Date("2020-10-09T08:30:00+08:00"));
  });
});

describe("schedule.yaml ladder:", () => {
  const load = (yaml: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "ladder-")), "schedule.yaml");
    writeFileSync(file, yaml);
    return loadScheduleConfig(file);
  };
  it("is off unless given; `ladder: {}` takes every default; a bad value names its key", () => {
    expect(loadScheduleConfig("seeds/schedule.yaml").ladder).toBeUndefined();
    expect(load("ladder: {}\n").ladder).toEqual(DEFAULT_LADDER);
    expect(load("ladder: {report: {redWorkingDaysAfter: 5}}\n").ladder?.report).toEqual({ blueDaysBefore: 7, redWorkingDaysAfter: 5 });
    expect(() => load("ladder: {workingHours: {from: '8:30'}}\n")).toThrow(/ladder\.workingHours\.from/);
  });
});
