// A period depends only on what had happened by its end (issue 20 item 2): a 销号 counts
// from the quarter in which the bureau confirmed it, an assignment from when it was made.
// And a task led by several units is closed per lead unit (issue 18 item 11).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodReport } from "../../src/reporting/period-report";
import { renderReport } from "../../src/reporting/render/render-report";
import { planInForce, unitTasks } from "../../src/reporting/plan-status";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
const at = (s: string) => new Date(`${s}+08:00`);

beforeAll(async () => {
  h = await createHarness("2020-03-20T10:00:00+08:00");
});
afterAll(async () => h.database.drop());

const report = (period: string, unit?: string) => periodReport(h.database.db, { period, now: h.now.value, ...(unit ? { unit } : {}) });
const cellsOf = async (period: string, no: number) => (await report(period)).tasks.find((t) => t.no === no)!.cells;
// The 对表 lines are a verdict as of the day the 通报 is drawn up (README), not a figure of the period.
const tongbao = async (period: string) => (await renderReport(await report(period), "md")).toString("utf8").replace(/生成于.*|\d{4}-\d\d-\d\dT[\d:.]+Z|对表情况.*|(?:滞后|未完成)：第.*/g, "");

describe("a 销号 counts from the quarter in which it was confirmed", () => {
  it("leaves earlier quarters and their 通报 as they were", async () => {
    const db = h.database.db;
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    const led = (await db.assignment.findMany({ where: { unitId: unit.id, role: "lead" }, include: { task: { include: { assignments: true } } }, orderBy: { task: { no: "asc" } } })).find((a) => a.task.assignments.length > 1)!.task;
    h.now.value = at("2020-06-10T10:00:00");
    const q1Before = await tongbao("2020Q1");
    const q1Cells = await cellsOf("2020Q1", led.no);
    expect(q1Cells.every((c) => c.status === "missing")).toBe(true);

    expect((await h.send("zhangsan", `办结 ${led.no} 已全部完成`)).text).toContain("已申请办结");
    expect((await h.send("lisi", `销号 ${led.no}`)).text).toContain("已销号");

    // Q1 ended before the 销号: its units that never reported are still 未报 there.
    expect((await cellsOf("2020Q1", led.no)).map((c) => c.status)).toEqual(q1Cells.map((c) => c.status));
    expect(await tongbao("2020Q1")).toBe(q1Before);
    // 对表 is a verdict as of now, the same in every period's model as in the 对表 sheet: a task
    // 销号 in Q2 is 已办结 in the Q1 export's 对表 column too, while its Q1 cells stay 未报.
    expect((await report("2020Q1")).tasks.find((t) => t.no === led.no)!.verdict).toBe("closed");
    expect((await h.send("lisi", "对表 2020")).text).toMatch(/已办结1 ·/);
    // From Q2 on the task is 已办结.
    expect((await cellsOf("2020Q2", led.no)).every((c) => c.status === "closed")).toBe(true);
    expect((await cellsOf("2020Q3", led.no)).every((c) => c.status === "closed")).toBe(true);
  });
});

describe("an assignment counts from when it was made", () => {
  it("duban assign in July adds the task from Q3 on, not to Q1 and Q2", async () => {
    const db = h.database.db;
    const yuzhou = await db.unit.findFirstOrThrow({ where: { name: "禹州市政府" } });
    const task = (await db.task.findMany({ where: { assignments: { none: { unitId: yuzhou.id } } }, orderBy: { no: "asc" } }))[0]!;
    h.now.value = at("2020-07-10T10:00:00");
    const before = { q1: (await report("2020Q1", "禹州市政府")).totals.total, q2: (await report("2020Q2", "禹州市政府")).totals.total, q3: (await report("2020Q3", "禹州市政府")).totals.total };
    expect((await h.send("lisi", `指派 ${task.no} 禹州市`)).text).toContain("已指派");
    expect((await report("2020Q1", "禹州市政府")).totals.total).toBe(before.q1);
    expect((await report("2020Q2", "禹州市政府")).totals.total).toBe(before.q2);
    expect((await report("2020Q3", "禹州市政府")).totals.total).toBe(before.q3 + 1);
    // 我的任务 (Q3): the new task is due this quarter, not 逾期（二季度未报）.
    const plan = (await planInForce(db, h.now.value))!;
    const row = (await unitTasks(db, plan, [yuzhou.id], h.now.value)).find((t) => t.no === task.no)!;
    expect(row.status).toBe("unreported");
    expect(row.previousMissing).toBeUndefined();
  });
});

describe("a task led by several units is closed per lead unit (issue 18 item 11)", () => {
  it("one department's 办结 and the bureau's 销号 close it for that unit only, and tell that unit only", async () => {
    const db = h.database.db;
    h.now.value = at("2020-08-03T10:00:00");
    const task = await db.task.findFirstOrThrow({ where: { no: 109 }, include: { assignments: { where: { role: "lead" }, include: { unit: true } } } });
    expect(task.assignments.length).toBeGreaterThan(20);
    expect(task.assignments.map((a) => a.unit.name)).toEqual(expect.arrayContaining(["市商务局", "市发展改革委"]));
    const outboxBefore = await db.outboxMessage.count();

    expect((await h.send("zhangsan", "办结 109 已建立会议文件精简机制")).text).toContain("市商务局");
    const closed = await h.send("lisi", "销号 109");
    expect(closed.text).toContain("已销号");
    expect(closed.text).toContain("市商务局");

    const cells = await cellsOf("2020Q3", 109);
    expect(cells.filter((c) => c.status === "closed").map((c) => c.unit)).toEqual(["市商务局"]);
    expect(cells.find((c) => c.unit === "市发展改革委")!.status).toBe("missing");
    // The other lead units are still asked to report (and reminded); the task itself is not 销号.
    const plan = (await planInForce(db, h.now.value))!;
    const pairs = await unitTasks(db, plan, task.assignments.filter((a) => ["市商务局", "市发展改革委"].includes(a.unit.name)).map((a) => a.unitId), h.now.value);
    const status = (unit: string) => pairs.find((p) => p.no === 109 && p.unitName === unit)!.status;
    expect(status("市商务局")).toBe("closed");
    expect(status("市发展改革委")).toBe("overdue"); // its second-quarter report is missing too
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).closure).toBeNull();
    const shangwuGroup = await db.chatGroup.findFirstOrThrow({ where: { chatId: "wr-shangwu" } });
    const duban = await db.chatGroup.findFirstOrThrow({ where: { chatId: "wr-duban" } });
    const notices = (await db.outboxMessage.findMany({ skip: outboxBefore })).filter((m) => m.destination !== `group:${duban.id}`);
    expect(notices.map((m) => m.destination)).toEqual([`group:${shangwuGroup.id}`]);
  });

  it("with two lead units waiting, 销号 asks which one and stores nothing", async () => {
    const db = h.database.db;
    expect((await h.send("0001", "办结 110 已完成", { platform: "dingtalk" })).text).toContain("已申请办结");
    expect((await h.send("zhangsan", "办结 110 已完成")).text).toContain("已申请办结");
    const ask = await h.send("lisi", "销号 110");
    expect(ask.text).toContain("请写明单位");
    expect(await db.assignment.count({ where: { task: { no: 110 }, closure: "closed" } })).toBe(0);
    expect((await h.send("lisi", "销号 110 市发展改革委")).text).toContain("已销号");
    const cells = await cellsOf("2020Q3", 110);
    expect(cells.filter((c) => c.status === "closed").map((c) => c.unit)).toEqual(["市发展改革委"]);
    expect((await h.send("lisi", "退回 110 商务局 材料不全")).text).toContain("材料不全");
    const shangwu = await db.assignment.findFirstOrThrow({ where: { task: { no: 110 }, unit: { name: "市商务局" } } });
    expect(shangwu).toMatchObject({ closure: null, returnedReason: "材料不全" });
  });
});
