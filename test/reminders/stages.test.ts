import { describe, expect, it } from "vitest";
import { periodOf } from "../../src/reporting/periods";
import { DEFAULT_SCHEDULE } from "../../src/reminders/schedule-config";
import { dueStage, stagesFor, yearStages } from "../../src/reminders/stages";
import { createWorkCalendar } from "../../src/reminders/work-calendar";

const calendar = createWorkCalendar();
const show = (s: { name: string; at: Date }) => `${s.name} ${s.at.toISOString()}`;

describe("stagesFor", () => {
  it("notices 7, 3, 1 days before and on the deadline at 09:00 Shanghai, overdue the day after", () => {
    // 2020Q1 ends Tuesday 2020-03-31. 03-24 Tue, 03-28 Sat → 03-27 Fri, 03-30 Mon, 03-31 Tue; overdue 04-01 Wed.
    expect(stagesFor(periodOf(2020, 1), DEFAULT_SCHEDULE, calendar).map(show)).toEqual([
      "d7 2020-03-24T01:00:00.000Z",
      "d3 2020-03-27T01:00:00.000Z",
      "d1 2020-03-30T01:00:00.000Z",
      "d0 2020-03-31T01:00:00.000Z",
      "overdue 2020-04-01T01:00:00.000Z",
    ]);
  });

  it("moves around 国庆 with 调休: a Sunday make-up workday counts, the holiday week does not", () => {
    // 2020Q3 ends Wed 09-30; 09-27 (Sun) was a make-up workday; 10-01..10-08 were off.
    expect(stagesFor(periodOf(2020, 3), DEFAULT_SCHEDULE, calendar).map((s) => `${s.name} ${s.date}`)).toEqual([
      "d7 2020-09-23",
      "d3 2020-09-27",
      "d1 2020-09-29",
      "d0 2020-09-30",
      "overdue 2020-10-09",
    ]);
  });

  it("moves a notice that falls in 春节 to the working day before", () => {
    // With the deadline 2020-01-31 (a Friday, still in the extended 2020 Spring Festival break),
    // every notice lands before the holiday: 2020-01-23 was the last working day.
    const period = { ...periodOf(2020, 1), deadline: "2020-01-31" };
    const stages = stagesFor(period, DEFAULT_SCHEDULE, calendar);
    expect(stages.filter((s) => s.kind === "notice").map((s) => s.date)).toEqual(["2020-01-23"]);
    expect(stages.find((s) => s.kind === "overdue")?.date).toBe("2020-02-03");
  });

  it("uses an operator's holiday file for a year the package does not cover", () => {
    expect(calendar.covers(2026)).toBe(true);
    expect(calendar.covers(2027)).toBe(false);
    const extra = createWorkCalendar({ "2027": { holidays: ["2027-03-29", "2027-03-30"], workdays: [] } });
    expect(extra.covers(2027)).toBe(true);
    const d1 = stagesFor(periodOf(2027, 1), DEFAULT_SCHEDULE, extra).find((s) => s.name === "d1");
    expect(d1?.date).toBe("2027-03-26"); // Tue 03-30 off, Mon 03-29 off, weekend → Fri 03-26
  });
});

describe("dueStage", () => {
  const stages = yearStages(2020, DEFAULT_SCHEDULE, calendar);
  const at = (iso: string) => dueStage(stages, new Date(iso), DEFAULT_SCHEDULE);

  it("is the latest stage that has begun", () => {
    expect(at("2020-03-24T08:59:00+08:00")).toBeNull();
    expect(at("2020-03-24T09:00:00+08:00")).toMatchObject({ name: "d7", period: { key: "2020Q1" } });
    expect(at("2020-03-25T15:00:00+08:00")).toMatchObject({ name: "d7" });
  });

  it("catches up a missed stage while it is current, and skips it once a later one began", () => {
    // Down from 03-23 to 03-28 10:00: d7 (03-24) is skipped, d3 (03-27) is caught up.
    expect(at("2020-03-28T10:00:00+08:00")).toMatchObject({ name: "d3" });
  });

  it("does not dig up a stage older than catchUpHours", () => {
    expect(at("2020-04-10T09:00:00+08:00")).toBeNull();
    expect(at("2026-11-28T09:00:00+08:00")).toBeNull();
  });

  it("gives the same instants whatever the server's TZ", () => {
    const saved = process.env.TZ;
    const under = (tz: string) => {
      process.env.TZ = tz; // Node applies a changed TZ to Date at once
      return yearStages(2020, DEFAULT_SCHEDULE, createWorkCalendar()).map(show);
    };
    try {
      const shanghai = under("Asia/Shanghai");
      expect(under("UTC")).toEqual(shanghai);
      expect(under("America/New_York")).toEqual(shanghai);
      expect(shanghai[0]).toBe("d7 2020-03-24T01:00:00.000Z");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
