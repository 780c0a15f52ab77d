import { describe, expect, it } from "vitest";
import { isOverdue, parsePeriodKey, periodAt, periodOf, planPeriodAt, reportDeadline, shanghaiDate } from "../../src/reporting/periods";

describe("periods in Asia/Shanghai", () => {
  it("puts an instant in its Shanghai quarter even when UTC is still in the previous one", () => {
    // 2020-03-31T16:30Z is 2020-04-01 00:30 in Shanghai: Q2 there.
    expect(periodAt(new Date("2020-03-31T16:30:00Z")).key).toBe("2020Q2");
    expect(periodAt(new Date("2020-03-31T15:59:59Z")).key).toBe("2020Q1");
    expect(shanghaiDate(new Date("2020-12-31T16:00:00Z"))).toBe("2021-01-01");
  });

  it("gives each quarter its last day as the deadline; Q4 is the year report", () => {
    expect(periodAt(new Date("2020-02-10T00:00:00+08:00"))).toMatchObject({ key: "2020Q1", deadline: "2020-03-31", isYearEnd: false });
    expect(periodAt(new Date("2020-05-10T00:00:00+08:00")).deadline).toBe("2020-06-30");
    expect(periodAt(new Date("2020-08-10T00:00:00+08:00")).deadline).toBe("2020-09-30");
    expect(periodAt(new Date("2020-11-10T00:00:00+08:00"))).toMatchObject({ deadline: "2020-12-31", isYearEnd: true });
  });

  it("is overdue from the day after the deadline, Shanghai time", () => {
    const q1 = parsePeriodKey("2020Q1")!;
    expect(isOverdue(q1, new Date("2020-03-31T23:59:00+08:00"))).toBe(false);
    expect(isOverdue(q1, new Date("2020-04-01T00:00:00+08:00"))).toBe(true);
    expect(parsePeriodKey("2020Y")?.key).toBe("2020Q4");
    expect(parsePeriodKey("2020Q5")).toBeNull();
  });

  it("reports a past year's plan against its year summary, a current plan against this quarter", () => {
    const now = new Date("2026-11-28T10:00:00+08:00");
    expect(planPeriodAt(2020, now)).toMatchObject({ period: { key: "2020Q4" }, planIsCurrent: false });
    expect(planPeriodAt(2026, now)).toMatchObject({ period: { key: "2026Q4" }, planIsCurrent: true });
    expect(planPeriodAt(2027, now).period.key).toBe("2027Q1");
  });
});

describe("reportBy (schedule.yaml)", () => {
  it("quarterEnd (the default), a day of the quarter's last month, or days after the quarter", () => {
    expect(reportDeadline(2020, 1)).toBe("2020-03-31");
    expect(reportDeadline(2020, 1, { reportBy: "quarterEnd" })).toBe("2020-03-31");
    expect(reportDeadline(2020, 2, { reportBy: { day: 25 } })).toBe("2020-06-25");
    expect(reportDeadline(2020, 2, { reportBy: { day: 31 } })).toBe("2020-06-30"); // June has 30 days
    expect(reportDeadline(2020, 1, { reportBy: { daysAfterQuarter: 5 } })).toBe("2020-04-05");
    expect(reportDeadline(2020, 4, { reportBy: { daysAfterQuarter: 10 } })).toBe("2021-01-10");
    // The year summary follows reportBy unless yearEndReportBy says otherwise.
    expect(reportDeadline(2020, 4, { reportBy: { day: 25 } })).toBe("2020-12-25");
    expect(reportDeadline(2020, 4, { reportBy: { day: 25 }, yearEndReportBy: { daysAfterQuarter: 15 } })).toBe("2021-01-15");
    expect(reportDeadline(2020, 3, { reportBy: { day: 25 }, yearEndReportBy: { daysAfterQuarter: 15 } })).toBe("2020-09-25");
    // A period remembers its rule, so a key parsed against it gets the same deadline; quarter-end periods are unchanged.
    const q1 = periodOf(2020, 1, { reportBy: { day: 25 } });
    expect(parsePeriodKey("2020Q3", q1.rule)!.deadline).toBe("2020-09-25");
    expect(periodOf(2020, 1, { reportBy: "quarterEnd" })).toEqual(periodOf(2020, 1));
  });
});
