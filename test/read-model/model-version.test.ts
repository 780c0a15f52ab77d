// The change counters move on every write to their domain's tables, by whatever writer —
// Prisma, raw SQL — because database triggers bump them; other tables leave them alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readModelVersion, type ModelVersion } from "../../src/read-model/model-version";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

/** Which counters a write moved. */
async function moved(write: () => Promise<unknown>): Promise<string[]> {
  const before = (await readModelVersion(h.database.db)) as ModelVersion;
  await write();
  const after = (await readModelVersion(h.database.db)) as ModelVersion;
  return (Object.keys(after) as (keyof ModelVersion)[]).filter((k) => after[k] !== before[k]);
}

describe("ModelVersion", () => {
  it("has its one row after migration, and an import and a directory load moved the counters", async () => {
    const v = await readModelVersion(h.database.db);
    expect(v).not.toBeNull();
    expect(v!.plan).toBeGreaterThan(0);
    expect(v!.directory).toBeGreaterThan(0);
  });

  it("moves the directory counter on units, aliases, members and groups", async () => {
    const db = h.database.db;
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    expect(await moved(() => db.unit.create({ data: { name: "测试局", kind: "municipal" } }))).toEqual(["directory"]);
    expect(await moved(() => db.unitAlias.create({ data: { alias: "测试别名局", unitId: unit.id } }))).toEqual(["directory"]);
    expect(await moved(() => db.member.updateMany({ where: { userId: "zhangsan" }, data: { name: "张三丰" } }))).toEqual(["directory"]);
    expect(await moved(() => db.chatGroup.deleteMany({ where: { chatId: "nope" } }))).toEqual(h.database.provider === "postgresql" ? ["directory"] : []);
    expect(await moved(() => db.chatGroup.create({ data: { platform: "wecom", chatId: "g-test", unitId: unit.id } }))).toEqual(["directory"]);
  });

  it("moves the plan counter on plans, tasks, assignments, 落实方案 and milestones", async () => {
    const db = h.database.db;
    const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    expect(await moved(() => db.task.update({ where: { id: task.id }, data: { closure: "pending" } }))).toEqual(["plan"]);
    expect(await moved(() => db.plan.updateMany({ data: { title: "改" } }))).toEqual(["plan"]);
    const tp = await db.taskPlan.create({ data: { taskId: task.id, unitId: unit.id, text: "方案", platform: "wecom", userId: "zhangsan" } });
    expect(await moved(() => db.milestone.create({ data: { taskPlanId: tp.id, taskId: task.id, position: 1, text: "6月30日前出台" } }))).toEqual(["plan"]);
    expect(await moved(() => db.assignment.updateMany({ where: { taskId: task.id }, data: { position: 9 } }))).toEqual(["plan"]);
  });

  it("moves the reports counter on a report, the questions counter on a question, also by raw SQL; nothing on other tables", async () => {
    const db = h.database.db;
    expect(await moved(() => h.send("zhangsan", "12：举办促消费活动3场"))).toEqual(["reports"]);
    expect(await moved(() => db.$executeRawUnsafe(`UPDATE "Report" SET "late" = true`))).toEqual(["reports"]);
    expect(
      await moved(() => db.pendingQuestion.create({ data: { platform: "wecom", chatId: "c", userId: "u", text: "t", expiresAt: new Date() } })),
    ).toEqual(["questions"]);
    expect(await moved(() => db.inboundEvent.create({ data: { platform: "wecom", messageId: "x-1" } }))).toEqual([]);
    expect(await moved(() => db.auditEvent.create({ data: { action: "member.added", actorPlatform: "cli", actorId: "me" } }))).toEqual([]);
  });
});
