// 我的任务 (issue 9): other names and slips for it, Chinese page numbers, a page that does not exist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

describe("我的任务", () => {
  it("understands the names and slips people use", async () => {
    for (const ask of ["我的任务", "我的任物", "我的认务", "查看任务", "任务列表", "任务清单", "责任清单", "本单位任务"]) {
      expect((await h.send("zhangsan", ask)).text, ask).toMatch(/^市商务局｜2020年第一季度\n共21项/);
    }
  });

  it("pages with Arabic or Chinese numbers, and says so when a page does not exist", async () => {
    expect((await h.send("wangwu", "我的任务第二页")).text).toContain("第2/8页");
    expect((await h.send("wangwu", "我的任务 8")).text).toMatch(/115\. /);
    const r = await h.send("wangwu", "我的任务 999");
    expect(r.text).toContain("没有第999页：魏都区政府共108项任务，8页");
    expect(r.text).not.toMatch(/^1\. /m);
  });
});

describe("lights and the lead unit's 时间节点", () => {
  it("an overdue milestone is the plan's unit's: red for it and for the task, not for a county that has reported", async () => {
    h.now.value = new Date("2020-03-10T10:00:00+08:00");
    await h.send("zhangsan", "方案 12\n责任领导：王某\n时间节点：3月5日前完成摸底调查；6月30日前出台实施意见");
    await h.send("wangwu", "12：本区已开展促消费活动");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^🔴12\. /mu);
    expect((await h.send("wangwu", "我的任务")).text).toMatch(/^🟢12\. /mu);
    expect((await h.send("wangwu", "任务 12")).text).toContain("状态灯：🔴");
  });
});
