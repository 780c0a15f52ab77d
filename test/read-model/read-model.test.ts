// The read model answers what the database would, and reloads a domain only when its counter
// moved: a write to reports leaves the loaded plan and directory as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadModel } from "../../src/read-model/read-model";
import { planInForce } from "../../src/reporting/plan-status";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

describe("read model", () => {
  it("gives the plan in force as the database query does, this year's or else the latest", async () => {
    const model = await createReadModel(h.database.db).current();
    for (const at of ["2020-03-24T09:00:00+08:00", "2020-12-31T23:59:00+08:00", "2021-01-01T00:00:00+08:00", "2019-06-01T00:00:00+08:00"]) {
      expect(model.plan.planInForce(new Date(at)), at).toEqual(await planInForce(h.database.db, new Date(at)));
    }
  });

  it("keeps unchanged domains and reloads the one that changed", async () => {
    const readModel = createReadModel(h.database.db);
    const first = await readModel.current();
    expect((await readModel.current()).plan).toBe(first.plan);

    await h.send("zhangsan", "12：举办促消费活动3场");
    const afterReport = await readModel.current();
    expect(afterReport.plan).toBe(first.plan);
    expect(afterReport.directory).toBe(first.directory);
    expect(afterReport.reported).not.toBe(first.reported);
    const shangwu = afterReport.directory.lookup.require("商务局");
    const task12 = afterReport.plan.task(afterReport.plan.planInForce(h.now.value)!.id, 12)!;
    expect(await afterReport.reported.pairs("2020Q1", [shangwu.id])).toEqual(new Set([`${task12.id}:${shangwu.id}`]));

    await h.database.db.unitAlias.create({ data: { alias: "商贸局", unitId: shangwu.id } });
    const afterAlias = await readModel.current();
    expect(afterAlias.directory).not.toBe(first.directory);
    expect(afterAlias.plan).toBe(first.plan);
    expect(afterAlias.directory.lookup.require("商贸局").name).toBe("市商务局");
  });

  it("forgets, once invalidated, what it read while a write transaction that rolled back was open", async () => {
    const db = h.database.db;
    const readModel = createReadModel(db);
    const model = await readModel.current();
    const plan = model.plan.planInForce(h.now.value)!;
    const unit = model.directory.lookup.require("财政局");
    const task = model.plan.assignmentsOf(plan.id, unit.id)[0]!.task;
    await expect(
      db.$transaction(async (tx) => {
        await tx.report.create({ data: { taskId: task.id, unitId: unit.id, period: "2020Q1", text: "未提交的汇报", platform: "wecom", userId: "x" } });
        // On SQLite a read outside the transaction runs on the same connection and may see
        // this row; on PostgreSQL it cannot. Either way the model must not keep it.
        await model.reported.pairs("2020Q1", [unit.id]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    readModel.invalidate();
    const after = await readModel.current();
    expect(await after.reported.pairs("2020Q1", [unit.id])).not.toContain(`${task.id}:${unit.id}`);
  });

  it("does not keep a load that began before an invalidate (a rolled-back counter value can come back over other data)", async () => {
    const db = h.database.db;
    const readModel = createReadModel(db);
    await readModel.current();
    await db.unitAlias.create({ data: { alias: "财税局", unitId: (await db.unit.findUniqueOrThrow({ where: { name: "市财政局" } })).id } });
    const pending = readModel.current(); // reads the counters, then loads the directory
    readModel.invalidate(); // a write transaction rolled back meanwhile
    const during = await pending;
    const next = await readModel.current();
    expect(next.directory).not.toBe(during.directory);
    expect(next.directory.lookup.require("财税局").name).toBe("市财政局");
  });

  it("carries issue 13's columns: closure, 落实方案 and milestones per task", async () => {
    const db = h.database.db;
    const task = await db.task.findFirstOrThrow({ where: { no: 13 } });
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    await db.task.update({ where: { id: task.id }, data: { closure: "pending", closureNote: "已完成" } });
    const tp = await db.taskPlan.create({ data: { taskId: task.id, unitId: unit.id, text: "方案", leader: "王某某", platform: "wecom", userId: "zhangsan" } });
    await db.milestone.createMany({
      data: [
        { taskPlanId: tp.id, taskId: task.id, position: 2, text: "年底前完成", dueDate: "2020-12-31" },
        { taskPlanId: tp.id, taskId: task.id, position: 1, text: "6月30日前出台", dueDate: "2020-06-30" },
      ],
    });
    const model = await createReadModel(db).current();
    const inModel = model.plan.task(task.planId, 13)!;
    expect(inModel.closure).toBe("pending");
    expect(model.plan.taskPlan(task.id)?.leader).toBe("王某某");
    expect(model.plan.taskPlan(task.id)?.milestones.map((m) => m.dueDate)).toEqual(["2020-06-30", "2020-12-31"]);
  });
});
