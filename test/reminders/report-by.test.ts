// A city whose quarterly reports are due "每季度最后一个月25日前" (schedule.yaml reportBy: {day: 25}):
// a whole year of stages on the right working days, 我的任务 turning 逾期 after the 25th, the
// 逾期补报 mark and the exports following the same rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodReport } from "../../src/reporting/period-report";
import { runTick, type TickDeps } from "../../src/reminders/run-tick";
import { DEFAULT_SCHEDULE, type ScheduleConfig } from "../../src/reminders/schedule-config";
import { addDays } from "../../src/reminders/stages";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { loadTemplates } from "../../src/templates";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

const schedule: ScheduleConfig = { ...DEFAULT_SCHEDULE, reportBy: { day: 25 } };
const calendar = createWorkCalendar();
let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness("2020-03-25T10:00:00+08:00", { reminders: { schedule, calendar } });
});
afterAll(async () => h.database.drop());

describe("reportBy: {day: 25}", () => {
  it("runs a whole year of stages on the right working days, each once", async () => {
    const deps: TickDeps = { db: h.database.db, templates: loadTemplates(), schedule, calendar };
    const ran: string[] = [];
    for (let d = "2020-01-01"; d <= "2020-12-31"; d = addDays(d, 1)) {
      const r = await runTick(deps, new Date(`${d}T09:00:00+08:00`));
      if (r.stage && !r.alreadyRun && r.enqueued > 0) ran.push(`${r.stage.period.key} ${r.stage.name} ${d}`);
    }
    expect(ran).toEqual([
      "2020Q1 d7 2020-03-18",
      "2020Q1 d3 2020-03-20", // the 22nd is a Sunday: moved back to Friday
      "2020Q1 d1 2020-03-24",
      "2020Q1 d0 2020-03-25",
      "2020Q1 overdue 2020-03-26", // the day after the 25th, not after the quarter end
      "2020Q2 d7 2020-06-18",
      "2020Q2 d3 2020-06-22",
      "2020Q2 d0 2020-06-24", // 25 June is 端午: the day's notice moves back onto d1's day and replaces it
      "2020Q2 overdue 2020-06-28", // 26–27 June are holidays; Sunday 28 June is a 调休 working day
      "2020Q3 d7 2020-09-18",
      "2020Q3 d3 2020-09-22",
      "2020Q3 d1 2020-09-24",
      "2020Q3 d0 2020-09-25",
      "2020Q3 overdue 2020-09-27", // Sunday 27 September: a 调休 working day before 国庆
      "2020Q4 d7 2020-12-18",
      "2020Q4 d3 2020-12-22",
      "2020Q4 d1 2020-12-24",
      "2020Q4 d0 2020-12-25",
      "2020Q4 overdue 2020-12-28",
    ]);
    const notice = await h.database.db.outboxMessage.findFirstOrThrow({ where: { key: "2020Q1:d7:group:1:part1" } });
    expect(JSON.parse(notice.payload).text).toContain("请于3月25日前报送，还有7天截止");
    const overdue = await h.database.db.outboxMessage.findFirstOrThrow({ where: { key: "2020Q1:overdue:group:1:part1" } });
    expect(JSON.parse(overdue.payload).text).toContain("报送已于3月25日截止");
  }, 180_000); // 366 ticks, 19 of them composing a stage for every unit: slow on a loaded machine

  it("我的任务 shows 未报 on the 25th and 逾期 from the 26th, not from 1 April", async () => {
    h.now.value = new Date("2020-03-25T18:00:00+08:00");
    const onDay = (await h.send("zhangsan", "我的任务")).text;
    expect(onDay).toMatch(/未报21$/m);
    h.now.value = new Date("2020-03-26T09:00:00+08:00");
    expect((await h.send("zhangsan", "我的任务")).text).toContain("未报21（其中逾期21项）");
  });

  it("marks a report after the 25th 逾期补报, one on the 25th on time, and the export agrees", async () => {
    h.now.value = new Date("2020-03-25T17:00:00+08:00");
    expect((await h.send("zhangsan", "12：本季度举办促消费活动3场")).text).not.toContain("逾期");
    h.now.value = new Date("2020-03-27T09:00:00+08:00");
    expect((await h.send("zhangsan", "13：已完成")).text).toContain("逾期");
    const model = await periodReport(h.database.db, { period: "2020Q1", now: h.now.value, schedule });
    expect(model.period.deadline).toBe("2020-03-25");
    expect(model.overdue).toBe(true);
    const quarterEnd = await periodReport(h.database.db, { period: "2020Q1", now: h.now.value });
    expect(quarterEnd.period.deadline).toBe("2020-03-31");
    expect(quarterEnd.overdue).toBe(false);
  });
});

describe("reportBy: {daysAfterQuarter: 5}", () => {
  it("files a report on 3 April under the first quarter, on time; on 7 April it is 逾期补报", async () => {
    const h2 = await createHarness("2020-04-03T10:00:00+08:00", { reminders: { schedule: { ...DEFAULT_SCHEDULE, reportBy: { daysAfterQuarter: 5 } }, calendar } });
    try {
      const reply = (await h2.send("zhangsan", "12：一季度举办促消费活动3场")).text;
      expect(reply).toContain("第一季度");
      expect(reply).not.toContain("逾期");
      const r = await h2.database.db.report.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(r).toMatchObject({ period: "2020Q1", late: false });
      h2.now.value = new Date("2020-04-07T10:00:00+08:00");
      await h2.send("zhangsan", "13：已完成");
      const late = await h2.database.db.report.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(late).toMatchObject({ period: "2020Q1", late: true });
    } finally {
      await h2.database.drop();
    }
  });
});
