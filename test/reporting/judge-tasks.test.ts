// The report's lights and verdicts (one grouped read) agree with what chat shows (plan-status
// per unit) and with 对表, on the seed plan with reports, a 销号 task and an overdue milestone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPlanFile } from "../../src/plan/import-file";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { judgeTasks, yearVerdicts } from "../../src/reporting/judge-tasks";
import type { ReportByRule } from "../../src/reporting/periods";
import { periodReport } from "../../src/reporting/period-report";
import { planInForce, unitTasks } from "../../src/reporting/plan-status";
import { unitLights } from "../../src/reporting/unit-lights";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
const calendar = createWorkCalendar();

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await importPlanFile(db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  const tasks = await db.task.findMany({ include: { assignments: true }, orderBy: { no: "asc" }, take: 6 });
  // Q1 reports from every unit of tasks 1–3, Q2 from every unit of task 1.
  for (const [i, t] of tasks.slice(0, 3).entries()) {
    for (const a of t.assignments) {
      for (const period of i === 0 ? ["2020Q1", "2020Q2"] : ["2020Q1"]) {
        await db.report.create({ data: { taskId: t.id, unitId: a.unitId, period, text: "推进中", platform: "wecom", userId: "u", messageId: `${t.id}-${a.unitId}-${period}` } });
      }
    }
  }
  // 销号 in Q1, as closure.ts stores it: on each lead unit, summed up on the task.
  const closedAt = new Date("2020-03-20T10:00:00+08:00");
  await db.task.update({ where: { id: tasks[3]!.id }, data: { closure: "closed", closedAt } });
  await db.assignment.updateMany({ where: { taskId: tasks[3]!.id, role: "lead" }, data: { closure: "closed", closedAt } });
  const plan = await db.taskPlan.create({ data: { taskId: tasks[2]!.id, unitId: tasks[2]!.assignments[0]!.unitId, text: "方案", platform: "wecom", userId: "u" } });
  await db.milestone.create({ data: { taskPlanId: plan.id, taskId: tasks[2]!.id, position: 1, text: "5月1日前完成", dueDate: "2020-05-01" } });
});
afterAll(async () => database.drop());

describe("judgeTasks", () => {
  it("gives every task the light chat gives it, and 对表 the same verdicts", async () => {
    const db = database.db;
    const now = new Date("2020-06-26T10:00:00+08:00"); // Q2's deadline 3 working days away
    const plan = (await planInForce(db, now))!;
    const tasks = await db.task.findMany({ where: { planId: plan.id }, include: { assignments: { include: { unit: true } } }, orderBy: { no: "asc" } });
    const judged = await judgeTasks(
      db, plan.id, plan.year, plan.period,
      tasks.map((t) => ({ id: t.id, closure: t.closure, deadline: t.deadline, assignments: t.assignments.filter((a) => a.unit.kind !== "group") })),
      now, calendar,
    );
    const units = await db.unit.findMany({ where: { kind: { not: "group" } } });
    const chat = await unitLights(db, plan, units.map((u) => u.id), now, calendar);
    expect(Object.fromEntries(judged.lightByTask)).toEqual(Object.fromEntries(chat.byTask));
    expect(Object.fromEntries(judged.lightByUnit)).toEqual(Object.fromEntries(chat.byUnit));
    const light = (i: number) => judged.lightByTask.get(tasks[i]!.id);
    expect([light(0), light(1), light(2), light(3), light(4)]).toEqual(["green", "yellow", "red", "none", "red"]);

    const verdicts = await yearVerdicts(db, plan.id, now, calendar, undefined);
    expect(verdicts.slice(0, 5).map((v) => v.verdict)).toEqual(["on_track", "on_track", "behind", "closed", "behind"]);
    expect(verdicts.map((v) => v.verdict)).toEqual(tasks.map((t) => judged.verdicts.get(t.id)));
  });
});

describe("judgeTasks under schedule.yaml's reportBy", () => {
  /** What chat (我的任务 and its lights), the report and 对表 say of every task at `now`. */
  async function allViews(now: Date, schedule: ReportByRule) {
    const db = database.db;
    const plan = (await planInForce(db, now, schedule))!;
    const tasks = await db.task.findMany({ where: { planId: plan.id }, orderBy: { no: "asc" } });
    const units = (await db.unit.findMany({ where: { kind: { not: "group" } } })).map((u) => u.id);
    const mine = await unitTasks(db, plan, units, now);
    const chat = await unitLights(db, plan, units, now, calendar);
    const report = await periodReport(db, { period: "current", now, schedule });
    const duibiao = await yearVerdicts(db, plan.id, now, calendar, schedule);
    const task5 = tasks[4]!; // no report from any unit in any quarter
    return {
      chatStatus: [...new Set(mine.filter((t) => t.taskId === task5.id).map((t) => t.status))],
      chatLight: chat.byTask.get(task5.id),
      reportLight: report.tasks.find((t) => t.no === task5.no)!.light,
      reportVerdict: report.tasks.find((t) => t.no === task5.no)!.verdict,
      duibiao: duibiao.find((v) => v.taskId === task5.id)!.verdict,
      reportLights: Object.fromEntries(report.tasks.map((t) => [t.no, t.light])),
      chatLights: Object.fromEntries(tasks.map((t) => [t.no, chat.byTask.get(t.id) ?? "none"])),
    };
  }

  it("{day: 25}: on 3月26日 an unreported unit is 逾期 and red in chat, red and 滞后 in the report and 对表", async () => {
    const v = await allViews(new Date("2020-03-26T10:00:00+08:00"), { reportBy: { day: 25 } });
    expect(v.chatStatus).toEqual(["overdue"]);
    expect([v.chatLight, v.reportLight, v.reportVerdict, v.duibiao]).toEqual(["red", "red", "behind", "behind"]);
    expect(v.reportLights).toEqual(v.chatLights);
  });

  it("{daysAfterQuarter: 5}: on 4月3日 last quarter's missing report is not yet 逾期 in chat, the report or 对表", async () => {
    const v = await allViews(new Date("2020-04-03T10:00:00+08:00"), { reportBy: { daysAfterQuarter: 5 } });
    expect(v.chatStatus).toEqual(["unreported"]);
    expect(v.chatLight).not.toBe("red");
    expect([v.reportLight, v.reportVerdict, v.duibiao]).toEqual([v.chatLight, "on_track", "on_track"]);
    expect(v.reportLights).toEqual(v.chatLights);
  });

  it("{daysAfterQuarter: 5}: on 4月6日 the missing first-quarter report is 逾期 and 滞后 everywhere", async () => {
    const v = await allViews(new Date("2020-04-06T10:00:00+08:00"), { reportBy: { daysAfterQuarter: 5 } });
    expect(v.chatStatus).toEqual(["overdue"]);
    expect([v.chatLight, v.reportLight, v.reportVerdict, v.duibiao]).toEqual(["red", "red", "behind", "behind"]);
    expect(v.reportLights).toEqual(v.chatLights);
  });
});
