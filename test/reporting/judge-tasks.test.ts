// The report's lights and verdicts (one grouped read) agree with what chat shows (plan-status
// per unit) and with 对表, on the seed plan with reports, a 销号 task and an overdue milestone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPlanFile } from "../../src/plan/import-file";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { judgeTasks, yearVerdicts } from "../../src/reporting/judge-tasks";
import { planInForce } from "../../src/reporting/plan-status";
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
  await db.task.update({ where: { id: tasks[3]!.id }, data: { closure: "closed" } });
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

    const verdicts = await yearVerdicts(db, plan.id, now, calendar);
    expect(verdicts.slice(0, 5).map((v) => v.verdict)).toEqual(["on_track", "on_track", "behind", "closed", "behind"]);
    expect(verdicts.map((v) => v.verdict)).toEqual(tasks.map((t) => judged.verdicts.get(t.id)));
  });
});
