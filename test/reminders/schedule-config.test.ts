import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScheduleConfig } from "../../src/reminders/schedule-config";

const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), "duban-schedule-")), "schedule.yaml");
  writeFileSync(p, text);
  return p;
};

describe("schedule.yaml", () => {
  it("the shipped file: quarter end, milestones 3 working days and the day, 完成时限 7/3/1/0, digest 08:30 over 7 days", () => {
    const s = loadScheduleConfig("seeds/schedule.yaml");
    expect(s).toMatchObject({
      reportBy: "quarterEnd",
      milestones: { noticeWorkingDaysBefore: [3, 0], overdueWorkingDaysAfter: 1 },
      taskDeadlines: { noticeDaysBefore: [7, 3, 1, 0], overdueDaysAfter: 1 },
      digest: { time: "08:30", horizonDays: 7 },
    });
    expect(s.yearEndReportBy).toBeUndefined();
  });

  it("reads each reportBy form and refuses a wrong one, naming the key", () => {
    expect(loadScheduleConfig(file("reportBy: {day: 25}\n")).reportBy).toEqual({ day: 25 });
    expect(loadScheduleConfig(file("reportBy: {daysAfterQuarter: 5}\nyearEndReportBy: quarterEnd\n"))).toMatchObject({ reportBy: { daysAfterQuarter: 5 }, yearEndReportBy: "quarterEnd" });
    expect(() => loadScheduleConfig(file("reportBy: {day: 32}\n"))).toThrow(/reportBy/);
    expect(() => loadScheduleConfig(file("reportBy: 25\n"))).toThrow(/reportBy/);
    expect(() => loadScheduleConfig(file("milestones: {noticeDaysBefore: [3]}\n"))).toThrow(/milestones/);
    expect(() => loadScheduleConfig(file('digest: {time: "8:30"}\n'))).toThrow(/digest\.time/);
  });
});
