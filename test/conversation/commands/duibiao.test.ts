// 对表交账 (issue 13): a constructed year — one task on track, one behind a milestone, one
// past its 完成时限, one 销号 — and the sheet a supervisor gets for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byteLength } from "../../../src/platforms/split-bytes";
import { DEFAULT_SCHEDULE } from "../../../src/reminders/schedule-config";
import { createWorkCalendar } from "../../../src/reminders/work-calendar";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
let nos: number[];

beforeAll(async () => {
  h = await createHarness("2020-11-20T10:00:00+08:00");
  const db = h.database.db;
  const tasks = await db.task.findMany({ where: { assignments: { some: { role: "lead" } } }, include: { assignments: { where: { role: "lead" } } }, orderBy: { no: "asc" }, take: 4 });
  nos = tasks.map((t) => t.no);
  // Every lead unit of the first three tasks reported Q1–Q3.
  for (const t of tasks.slice(0, 3)) {
    for (const a of t.assignments) {
      for (const period of ["2020Q1", "2020Q2", "2020Q3"]) {
        await db.report.create({ data: { taskId: t.id, unitId: a.unitId, period, text: "按计划推进", platform: "wecom", userId: "zhangsan", messageId: `r-${t.id}-${a.unitId}-${period}` } });
      }
    }
  }
  await db.task.updateMany({ where: { id: { in: tasks.map((t) => t.id) } }, data: { deadline: null } });
  const [onTrack, behind, unfinished, closed] = tasks;
  const plan = await db.taskPlan.create({ data: { taskId: behind!.id, unitId: behind!.assignments[0]!.unitId, text: "方案", platform: "wecom", userId: "zhangsan" } });
  await db.milestone.createMany({
    data: [
      { taskPlanId: plan.id, taskId: behind!.id, position: 1, text: "6月30日前出台实施意见", dueDate: "2020-06-30", doneAt: new Date("2020-06-20T00:00:00Z") },
      { taskPlanId: plan.id, taskId: behind!.id, position: 2, text: "10月底前完成摸底", dueDate: "2020-10-31" },
      { taskPlanId: plan.id, taskId: behind!.id, position: 3, text: "12月底前全面完成", dueDate: "2020-12-31" },
    ],
  });
  await db.task.update({ where: { id: unfinished!.id }, data: { deadline: "2020-10-31" } });
  await db.task.update({ where: { id: closed!.id }, data: { closure: "closed", closedAt: new Date(), closedBy: "lisi" } });
  void onTrack;
});
afterAll(async () => h.database.drop());

const lineOf = (text: string, no: number) => new RegExp(`^${no}\\. .*｜(\\S+)$`, "m").exec(text)?.[1];

describe("对表", () => {
  it("gives each task its verdict, counts first, within one reply", async () => {
    const r = await h.send("lisi", "对表 2020");
    const [header, counts] = r.text.split("\n");
    expect(header).toMatch(/^2020年对表交账（截至2020-11-20）：共\d+项$/);
    expect(counts).toMatch(/^已办结1 · 序时推进1 · 滞后\d+ · 未完成1$/);
    expect(nos.map((no) => lineOf(r.text, no))).toEqual(["序时推进", "滞后", "未完成", "已办结"]);
    expect(byteLength(r.text)).toBeLessThanOrEqual(2048);
    expect(r.text).toContain("回复「对表 2020 2」看下一页");
  });

  it("pages through every task, and 对表 alone means the plan in force", async () => {
    const first = await h.send("lisi", "对表");
    expect(first.text.split("\n")[0]).toContain("2020年对表交账");
    const total = Number(/共(\d+)项/.exec(first.text)![1]);
    const pages = Number(/第1\/(\d+)页/.exec(first.text)![1]);
    const seen = new Set<number>();
    for (let p = 1; p <= pages; p++) {
      const r = await h.send("lisi", `对表 2020 ${p}`);
      for (const m of r.text.matchAll(/^(\d+)\. /gm)) seen.add(Number(m[1]));
    }
    expect(seen.size).toBe(total);
    expect((await h.send("lisi", "对表 2019")).text).toBe("没有2019年的计划。");
  });

  it("after the year, every task not 销号 is 未完成", async () => {
    h.now.value = new Date("2021-01-04T10:00:00+08:00");
    const r = await h.send("lisi", "对表 2020");
    expect(r.text.split("\n")[1]).toMatch(/^已办结1 · 序时推进0 · 滞后0 · 未完成\d+$/);
    expect(lineOf(r.text, nos[0]!)).toBe("未完成");
  });

  it("is for supervisors only", async () => {
    expect((await h.send("zhangsan", "对表 2020")).text).toBe("只有督查局人员可以对表交账。");
  });
});

describe("对表 under schedule.yaml's reportBy", () => {
  const calendar = createWorkCalendar();
  const behindOf = (text: string) => Number(/滞后(\d+)/.exec(text)![1]);

  it("{day: 25}: a first-quarter report missing on 3月26日 is 滞后, as 我的任务 says 逾期", async () => {
    const h2 = await createHarness("2020-03-25T18:00:00+08:00", { reminders: { schedule: { ...DEFAULT_SCHEDULE, reportBy: { day: 25 } }, calendar } });
    try {
      expect(behindOf((await h2.send("lisi", "对表")).text)).toBe(0);
      h2.now.value = new Date("2020-03-26T09:00:00+08:00");
      expect((await h2.send("zhangsan", "我的任务")).text).toContain("未报21（其中逾期21项）");
      expect(behindOf((await h2.send("lisi", "对表")).text)).toBeGreaterThan(0);
    } finally {
      await h2.database.drop();
    }
  });

  it("{daysAfterQuarter: 5}: on 4月3日 the first quarter is still open, nothing is 滞后 for it yet", async () => {
    const h2 = await createHarness("2020-04-03T10:00:00+08:00", { reminders: { schedule: { ...DEFAULT_SCHEDULE, reportBy: { daysAfterQuarter: 5 } }, calendar } });
    try {
      expect((await h2.send("zhangsan", "我的任务")).text).not.toContain("逾期");
      expect(behindOf((await h2.send("lisi", "对表")).text)).toBe(0);
      h2.now.value = new Date("2020-04-06T10:00:00+08:00");
      expect(behindOf((await h2.send("lisi", "对表")).text)).toBeGreaterThan(0);
    } finally {
      await h2.database.drop();
    }
  });
});
