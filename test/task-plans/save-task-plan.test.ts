// Storing a 落实方案: a resend replaces plan and milestones as a whole, carries over what was
// done when the same milestone is in the new plan (punctuation and width aside), and puts the
// old plan in the audit trail in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveTaskPlan } from "../../src/task-plans/save-task-plan";
import { splitMilestones } from "../../src/task-plans/split-milestones";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

const actor = { platform: "wecom", id: "zhangsan", name: "张三", messageId: "m1" };

async function save(milestones: string, now: string) {
  const db = h.database.db;
  const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
  const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  return db.$transaction((tx) =>
    saveTaskPlan(tx, { task: { id: task.id, no: 12 }, unit: { id: unit.id, name: unit.name }, leader: "王某某", measures: null, text: milestones, milestones: splitMilestones(milestones, 2020), actor, now: new Date(now) }),
  );
}

describe("saveTaskPlan", () => {
  it("replaces the milestones, keeps done the ones the new plan repeats, and records the old plan", async () => {
    const first = await save("3月底前完成摸底调查；6月30日前出台实施意见", "2020-03-20T09:00:00+08:00");
    expect(first).toEqual({ replacedAt: null, keptDone: [] });
    await h.database.db.milestone.updateMany({ where: { position: 1 }, data: { doneAt: new Date("2020-03-28T09:00:00+08:00"), doneBy: "zhangsan" } });

    const second = await save("年内建立长效机制；３月底前，完成摸底调查；9月底前出台实施意见", "2020-04-01T09:00:00+08:00");
    expect(second).toEqual({ replacedAt: new Date("2020-03-20T09:00:00+08:00"), keptDone: [2] });
    const rows = await h.database.db.milestone.findMany({ orderBy: { position: "asc" } });
    expect(rows.map((m) => [m.position, m.text, m.dueDate, m.doneBy])).toEqual([
      [1, "年内建立长效机制", "2020-12-31", null],
      [2, "３月底前，完成摸底调查", "2020-03-31", "zhangsan"],
      [3, "9月底前出台实施意见", "2020-09-30", null],
    ]);
    expect(await h.database.db.taskPlan.count()).toBe(1);
    const replaced = await h.database.db.auditEvent.findFirstOrThrow({ where: { action: "taskplan.replaced" } });
    const detail = JSON.parse(replaced.detail) as { milestones: { text: string; doneAt: string | null }[] };
    expect(detail.milestones.map((m) => [m.text, m.doneAt !== null])).toEqual([
      ["3月底前完成摸底调查", true],
      ["6月30日前出台实施意见", false],
    ]);
  });
});
