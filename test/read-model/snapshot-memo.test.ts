// 我的任务 is answered once per unit, page and minute while the data stays the same
// (src/read-model/snapshot-memo.ts): what a liaison sees must still change the moment the data
// does — whoever wrote it — and when the clock crosses a deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { createReadModel } from "../../src/read-model/read-model";
import { memoOnSnapshot } from "../../src/read-model/snapshot-memo";
import { createHarness, resetState, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

describe("memoOnSnapshot", () => {
  it("computes once per key while the snapshot stands, again once any part of it changes", async () => {
    const readModel = createReadModel(h.database.db);
    let runs = 0;
    const compute = async () => ++runs;
    const first = await readModel.current();
    expect(await memoOnSnapshot(first, "k", compute)).toBe(1);
    expect(await memoOnSnapshot(await readModel.current(), "k", compute)).toBe(1);
    expect(await memoOnSnapshot(first, "other", compute)).toBe(2);

    // A directory change alone (the reports part is the same object) still starts over.
    const shangwu = first.directory.lookup.require("商务局");
    await h.database.db.unitAlias.create({ data: { alias: "商贸局", unitId: shangwu.id } });
    const afterAlias = await readModel.current();
    expect(afterAlias.reported).toBe(first.reported);
    expect(await memoOnSnapshot(afterAlias, "k", compute)).toBe(3);
  });

  it("does not keep a computation that failed", async () => {
    const model = await createReadModel(h.database.db).current();
    await expect(memoOnSnapshot(model, "fails", async () => Promise.reject(new Error("busy")))).rejects.toThrow("busy");
    expect(await memoOnSnapshot(model, "fails", async () => "second try")).toBe("second try");
  });
});

describe("我的任务 with the memo", () => {
  it("shows a report stored by another process (the CLI) in the same minute", async () => {
    await resetState(h);
    h.now.value = new Date("2020-03-24T09:00:00+08:00");
    expect((await h.send("zhangsan", "我的任务")).text).toContain("共21项：已报0");
    const other = await openDatabase(h.database.url);
    try {
      const model = await createReadModel(other.db).current();
      const unit = model.directory.lookup.require("商务局");
      const plan = model.plan.planInForce(h.now.value)!;
      const task = model.plan.task(plan.id, 12)!;
      await other.db.report.create({ data: { taskId: task.id, unitId: unit.id, period: "2020Q1", text: "举办促消费活动3场", platform: "console", userId: "cli", messageId: "memo-cli-1" } });
    } finally {
      await other.close();
    }
    expect((await h.send("zhangsan", "我的任务")).text).toContain("共21项：已报1");
    // and its own liaison's report, of course
    await h.send("zhangsan", "13：已完成");
    expect((await h.send("zhangsan", "我的任务")).text).toContain("共21项：已报2");
  });

  it("turns 未报 into 逾期 when the clock passes the deadline, not a minute later", async () => {
    await resetState(h);
    h.now.value = new Date("2020-03-31T23:59:40+08:00");
    const before = (await h.send("zhangsan", "我的任务")).text;
    expect(before).toContain("共21项：已报0 · 未报21");
    expect(before).not.toContain("逾期");
    h.now.value = new Date("2020-04-01T00:00:05+08:00");
    expect((await h.send("zhangsan", "我的任务")).text).toContain("（其中逾期21项）");
  });

  it("keeps units and pages apart", async () => {
    await resetState(h);
    const shangwu = (await h.send("zhangsan", "我的任务")).text;
    const county = (await h.send("wangwu", "我的任务")).text;
    const countyPage2 = (await h.send("wangwu", "我的任务 2")).text;
    expect(shangwu).toMatch(/^市商务局｜/);
    expect(county).toMatch(/^魏都区政府｜/);
    expect(countyPage2).toContain("第2/8页");
    expect(county).toContain("第1/8页");
  });
});
