import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULE, loadScheduleConfig } from "../../src/reminders/schedule-config";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { periodOf, planPeriodAt } from "../../src/reporting/periods";
import type { PlanInForce } from "../../src/reporting/plan-status";
import { catchUpPeriod, choosePeriod } from "../../src/reporting/report-period";

const calendar = createWorkCalendar();
const planAt = (iso: string): PlanInForce => ({ id: 1, year: 2020, taskCount: 115, ...planPeriodAt(2020, new Date(iso)) });
const at = (iso: string) => new Date(iso);

describe("catchUpPeriod: the late-report window", () => {
  it("is open from the day after the deadline until the new quarter's first reminder", () => {
    const catchUp = (iso: string, schedule = DEFAULT_SCHEDULE) => catchUpPeriod(planAt(iso), at(iso), schedule, calendar)?.key ?? null;
    expect(catchUp("2020-03-31T20:00:00+08:00")).toBeNull(); // Q1 itself
    expect(catchUp("2020-04-01T10:00:00+08:00")).toBe("2020Q1");
    expect(catchUp("2020-06-23T08:59:00+08:00")).toBe("2020Q1"); // Q2's first notice: 06-23 09:00
    expect(catchUp("2020-06-23T09:00:00+08:00")).toBeNull();
    expect(catchUp("2020-02-01T10:00:00+08:00")).toBeNull(); // no earlier quarter in the plan's year
  });

  it("is a schedule setting: a number of days after the deadline", () => {
    const schedule = { ...DEFAULT_SCHEDULE, lateReportWindow: 3 };
    expect(catchUpPeriod(planAt("2020-04-03T23:00:00+08:00"), at("2020-04-03T23:00:00+08:00"), schedule, calendar)?.key).toBe("2020Q1");
    expect(catchUpPeriod(planAt("2020-04-04T00:00:00+08:00"), at("2020-04-04T00:00:00+08:00"), schedule, calendar)).toBeNull();
  });

  it("is read from seeds/schedule.yaml", () => {
    expect(loadScheduleConfig("seeds/schedule.yaml").lateReportWindow).toBe("firstNotice");
  });
});

describe("choosePeriod", () => {
  const now = at("2020-05-10T10:00:00+08:00");
  const plan = planAt("2020-05-10T10:00:00+08:00");
  it("uses the named period when it is of the plan's year and not in the future", () => {
    expect(choosePeriod(plan, now, { kind: "named", quarter: 1 }, null)).toMatchObject({ ok: true, period: { key: "2020Q1" }, late: true });
    expect(choosePeriod(plan, now, { kind: "previous" }, null)).toMatchObject({ ok: true, period: { key: "2020Q1" } });
    expect(choosePeriod(plan, now, { kind: "current" }, periodOf(2020, 1))).toMatchObject({ ok: true, period: { key: "2020Q2" }, late: false });
    expect(choosePeriod(plan, now, { kind: "named", quarter: 3 }, null)).toMatchObject({ ok: false, problem: "future" });
    expect(choosePeriod(plan, now, { kind: "named", year: 2019, quarter: 4 }, null)).toMatchObject({ ok: false, problem: "other_year" });
  });

  it("otherwise the catch-up period when given, else the period in force", () => {
    expect(choosePeriod(plan, now, undefined, periodOf(2020, 1))).toMatchObject({ ok: true, period: { key: "2020Q1" }, late: true, how: "catchUp" });
    expect(choosePeriod(plan, now, undefined, null)).toMatchObject({ ok: true, period: { key: "2020Q2" }, how: "current" });
  });
});
