import { describe, expect, it } from "vitest";
import { isOverdue, parsePeriodKey, periodAt, periodOf, planPeriodAt, reportDeadline, shanghaiDate, shanghaiDateTime, shanghaiYear } from "../../src/reporting/periods";

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

describe("Shanghai calendar fields by arithmetic", () => {
  const intlDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
  const intlTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false });
  const intlYear = new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" });

  it("agrees with the time zone database at every Shanghai midnight and year end, 1992–2100, whatever TZ the server runs in", () => {
    const instants: Date[] = [];
    // Around each Shanghai midnight (16:00 UTC) of every 7th day, and every new year.
    for (let t = Date.UTC(1992, 0, 1, 16); t < Date.UTC(2100, 0, 1); t += 7 * 86_400_000) {
      for (const d of [-1, 0, 1, 59_999, 60_000]) instants.push(new Date(t + d));
    }
    for (let y = 1992; y <= 2100; y++) for (const d of [-1, 0, 1]) instants.push(new Date(Date.UTC(y - 1, 11, 31, 16) + d));
    let disagreements = 0;
    for (const at of instants) {
      if (shanghaiDate(at) !== intlDate.format(at) || shanghaiYear(at) !== Number(intlYear.format(at)) || shanghaiDateTime(at) !== `${intlDate.format(at)} ${intlTime.format(at)}`) disagreements++;
    }
    expect(instants.length).toBeGreaterThan(25_000);
    expect(disagreements).toBe(0);
  });
});

describe("an invalid date", () => {
  it("is an error, as it was through Intl, not a date of NaNs", () => {
    const bad = new Date("not a date");
    expect(() => shanghaiDate(bad)).toThrow(RangeError);
    expect(() => shanghaiYear(bad)).toThrow(RangeError);
    expect(() => periodAt(bad)).toThrow(RangeError);
  });
});
