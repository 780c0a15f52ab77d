// Milestone (时间节点) and 完成时限 reminders, and the 专项督查 digest, against a real database:
// what each lead unit's group and the supervision group receive, on which working days, once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { importPlanFile } from "../../src/plan/import-file";
import { byteLength } from "../../src/platforms/split-bytes";
import { runDatedTick } from "../../src/reminders/run-dated-tick";
import { runTick, type TickDeps } from "../../src/reminders/run-tick";
import { DEFAULT_SCHEDULE } from "../../src/reminders/schedule-config";
import { addDays } from "../../src/reminders/stages";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { loadTemplates } from "../../src/templates";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let deps: TickDeps;
/** Two tasks 市商务局 leads, one 市发展改革委 leads. */
let shangwu: { id: number; no: number }[];
let weidu: { id: number; no: number };
let shangwuId: number;
let weiduId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  await loadDirectoryText(
    database.db,
    `members:
  - { platform: wecom, user: zhangsan, unit: 市商务局 }
  - { platform: wecom, user: xiaoli, unit: 市商务局 }
  - { platform: wecom, user: wangwu, unit: 市发展改革委 }
groups:
  - { platform: wecom, chat: wr-shangwu, unit: 市商务局, webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1" }
  - { platform: wecom, chat: wr-weidu, unit: 市发展改革委, webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k2" }
  - { platform: dingtalk, chat: cid-duban, supervision: true }
`,
    "dir.yaml",
  );
  deps = { db: database.db, templates: loadTemplates(), schedule: DEFAULT_SCHEDULE, calendar: createWorkCalendar() };
  const lead = async (unit: string) =>
    (await database.db.assignment.findMany({ where: { role: "lead", unit: { name: unit } }, include: { task: true, unit: true }, orderBy: { task: { no: "asc" } } })).map((a) => ({
      id: a.taskId,
      no: a.task.no,
      unitId: a.unitId,
    }));
  const s = await lead("市商务局");
  const w = await lead("市发展改革委");
  expect(s.length).toBeGreaterThanOrEqual(2);
  expect(w.length).toBeGreaterThanOrEqual(1);
  shangwu = s.slice(0, 2);
  weidu = w[0]!;
  shangwuId = s[0]!.unitId;
  weiduId = w[0]!.unitId;
});
afterAll(async () => database.drop());
beforeEach(async () => {
  await database.db.outboxMessage.deleteMany();
  await database.db.reminderRun.deleteMany();
  await database.db.milestone.deleteMany();
  await database.db.taskPlan.deleteMany();
  await database.db.task.updateMany({ data: { deadline: null, closure: null } });
});

/** A 落实方案 for the task with these 时间节点 (null date = undated). */
async function plan(task: { id: number }, unitId: number, nodes: [string, string | null][]) {
  const p = await database.db.taskPlan.create({ data: { taskId: task.id, unitId, text: "方案", platform: "wecom", userId: "zhangsan" } });
  for (const [i, [text, dueDate]] of nodes.entries()) {
    await database.db.milestone.create({ data: { taskPlanId: p.id, taskId: task.id, position: i + 1, text, dueDate } });
  }
  return p;
}

/** Ticks at `time` every day from `from` to `to` (as a scheduler would), returns the dated messages by day. */
async function tickDays(from: string, to: string, time = "09:00"): Promise<Map<string, { key: string; text: string; mentions?: string[] }[]>> {
  const byDay = new Map<string, { key: string; text: string; mentions?: string[] }[]>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const before = await database.db.outboxMessage.findMany({ select: { id: true } });
    const seen = new Set(before.map((r) => r.id));
    await runDatedTick(deps, new Date(`${d}T${time}:00+08:00`));
    // A second instance, and the next minute: nothing more.
    expect((await runDatedTick(deps, new Date(`${d}T${time}:00+08:00`))).enqueued).toBe(0);
    const nextMinute = new Date(new Date(`${d}T${time}:00+08:00`).getTime() + 60_000);
    expect((await runDatedTick(deps, nextMinute)).enqueued).toBe(0);
    const rows = (await database.db.outboxMessage.findMany({ orderBy: { id: "asc" } })).filter((r) => !seen.has(r.id));
    if (rows.length) byDay.set(d, rows.map((r) => ({ key: r.key, ...(JSON.parse(r.payload) as { text: string; mentions?: string[] }) })));
  }
  return byDay;
}

const toUnit = (byDay: Awaited<ReturnType<typeof tickDays>>, group: number) =>
  [...byDay.entries()].flatMap(([day, msgs]) => msgs.filter((m) => m.key.startsWith("dated:") && m.key.includes(`:group:${group}:`)).map((m) => ({ day, ...m })));

describe("milestone notices", () => {
  it("across 国庆 2020: 3 working days before, on the day (moved back off the holiday), overdue the next working day; one message per unit per day", async () => {
    const [a] = shangwu;
    await plan(a!, shangwuId, [
      ["10月5日前完成摸底调查", "2020-10-05"],
      ["10月9日前出台实施意见", "2020-10-09"],
    ]);
    const byDay = await tickDays("2020-09-20", "2020-10-16");
    const notices = toUnit(byDay, 1);
    // 28 Sep: 3 working days before both (1–8 Oct are holidays); 30 Sep: the 5 Oct node's "day",
    // moved back off the holiday; 9 Oct: the 5 Oct node overdue and the 9 Oct node today, one
    // message; 10 Oct (a Saturday 调休 working day): the 9 Oct node overdue.
    expect(notices.map((n) => n.day)).toEqual(["2020-09-28", "2020-09-30", "2020-10-09", "2020-10-10"]);
    const [sep28, sep30, oct9, oct10] = notices;
    expect(sep28!.text).toMatch(/^【节点提醒】市商务局：2项/);
    expect(sep28!.text).toContain("节点1「10月5日前完成摸底调查」：10月5日到期，还有7天");
    expect(sep28!.text).toContain("节点2「10月9日前出台实施意见」：10月9日到期，还有11天");
    expect(sep28!.mentions).toEqual(["zhangsan", "xiaoli"]);
    expect(sep28!.text).toContain(`节点完成后回复「${a!.no} 节点N 已完成 ……」`);
    expect(sep30!.text).toContain("节点1「10月5日前完成摸底调查」：10月5日到期，还有5天");
    expect(sep30!.text).not.toContain("节点2");
    expect(oct9!.text).toContain("节点1「10月5日前完成摸底调查」：10月5日已到期，逾期4天");
    expect(oct9!.text).toContain("节点2「10月9日前出台实施意见」：今天（10月9日）到期");
    expect(oct10!.text).toContain("节点2「10月9日前出台实施意见」：10月9日已到期，逾期1天");
    expect(oct10!.text).not.toContain("节点1");
    // Never on a non-working day, never to another unit's group.
    for (const day of byDay.keys()) expect(deps.calendar.isWorkday(day)).toBe(true);
    expect(toUnit(byDay, 2)).toEqual([]);
  });

  it("across 春节 2020 (24 Jan – 2 Feb off): notices before the holiday, overdue on the first working day after", async () => {
    await plan(shangwu[0]!, shangwuId, [
      ["1月27日前报送方案", "2020-01-27"],
      ["2月3日前召开推进会", "2020-02-03"],
    ]);
    const notices = toUnit(await tickDays("2020-01-10", "2020-02-10"), 1);
    expect(notices.map((n) => n.day)).toEqual(["2020-01-21", "2020-01-23", "2020-02-03", "2020-02-04"]);
    expect(notices[0]!.text).toMatch(/节点1.*\n.*节点2/);
    expect(notices[2]!.text).toContain("节点1「1月27日前报送方案」：1月27日已到期，逾期7天");
    expect(notices[2]!.text).toContain("节点2「2月3日前召开推进会」：今天（2月3日）到期");
  });

  it("sends nothing for an undated milestone or a done one", async () => {
    const p = await plan(shangwu[0]!, shangwuId, [
      ["尽快完成摸底调查", null],
      ["6月30日前出台实施意见", "2020-06-30"],
    ]);
    await database.db.milestone.update({ where: { taskPlanId_position: { taskPlanId: p.id, position: 2 } }, data: { doneAt: new Date("2020-06-01T00:00:00Z") } });
    const byDay = await tickDays("2020-06-20", "2020-07-05");
    expect(toUnit(byDay, 1)).toEqual([]);
    // Nothing due, nothing overdue: no digest either.
    expect([...byDay.values()].flat()).toEqual([]);
  });

  it("sends a milestone done after its first notice no further notices", async () => {
    const p = await plan(shangwu[0]!, shangwuId, [["9月30日前出台实施意见", "2020-09-30"]]);
    // 3 working days before 30 Sep: 29, 28 and Sunday 27 Sep (a 调休 working day).
    await runDatedTick(deps, new Date("2020-09-27T09:00:00+08:00"));
    expect(toUnit(new Map([["x", (await database.db.outboxMessage.findMany()).map((r) => ({ key: r.key, text: "" }))]]), 1)).toHaveLength(1);
    await database.db.milestone.updateMany({ where: { taskPlanId: p.id }, data: { doneAt: new Date("2020-09-28T02:00:00Z") } });
    const later = await tickDays("2020-09-28", "2020-10-12");
    expect(toUnit(later, 1)).toEqual([]);
  });

  it("one message per unit: two units' milestones on the same day go to their own groups", async () => {
    await plan(shangwu[0]!, shangwuId, [["节点A", "2020-05-20"]]);
    await plan(shangwu[1]!, shangwuId, [["节点B", "2020-05-20"]]);
    await plan(weidu, weiduId, [["节点C", "2020-05-20"]]);
    const byDay = await tickDays("2020-05-20", "2020-05-20");
    const s = toUnit(byDay, 1);
    const w = toUnit(byDay, 2);
    expect(s).toHaveLength(1);
    expect(s[0]!.text).toMatch(/节点A[\s\S]*节点B/);
    expect(w).toHaveLength(1);
    expect(w[0]!.text).toContain("节点C");
    expect(w[0]!.mentions).toEqual(["wangwu"]);
  });

  it("goes to the plan's unit on a task every department leads (109–115), not to another lead unit", async () => {
    const task = async (no: number) => ({ id: (await database.db.task.findFirstOrThrow({ where: { no } })).id });
    await plan(await task(109), shangwuId, [["5月20日前精简文件", "2020-05-20"]]);
    await plan(await task(110), weiduId, [["5月20日前组织学习", "2020-05-20"]]);
    const byDay = await tickDays("2020-05-20", "2020-05-20", "09:00");
    expect(toUnit(byDay, 1).map((m) => m.text).join("\n")).toMatch(/^【节点提醒】市商务局[\s\S]*109\./);
    expect(toUnit(byDay, 1).map((m) => m.text).join("\n")).not.toContain("110.");
    expect(toUnit(byDay, 2).map((m) => m.text).join("\n")).toMatch(/^【节点提醒】市发展改革委[\s\S]*110\./);
    expect(toUnit(byDay, 2).map((m) => m.text).join("\n")).not.toContain("109.");
  });

  it("catches up a notice missed while down, and skips one a later stage replaced", async () => {
    await plan(shangwu[0]!, shangwuId, [["节点A", "2020-05-20"]]);
    // d3 was Friday 15 May 09:00; down until Sunday 17 May 20:00 (59 hours): caught up.
    await runDatedTick(deps, new Date("2020-05-17T20:00:00+08:00"));
    const caught = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "dated:" } } });
    expect(caught).toHaveLength(1);
    expect(JSON.parse(caught[0]!.payload).text).toContain("还有5天");
    // Down from before 20 May until 21 May 10:00: d0 (20 May) was replaced by overdue.
    await database.db.outboxMessage.deleteMany();
    await runDatedTick(deps, new Date("2020-05-21T10:00:00+08:00"));
    const rows = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "dated:" } } });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload).text).toContain("逾期1天");
  });
});

describe("完成时限 notices", () => {
  it("7/3/1 days before, the day, overdue — moved off 端午 2020 (25–27 June)", async () => {
    await database.db.task.update({ where: { id: shangwu[0]!.id }, data: { deadline: "2020-06-30" } });
    const notices = toUnit(await tickDays("2020-06-15", "2020-07-10"), 1);
    // d3 (27 June, a holiday) moves back to 24 June; 28 June (Sunday) is a 调休 working day but no stage falls on it.
    expect(notices.map((n) => n.day)).toEqual(["2020-06-23", "2020-06-24", "2020-06-29", "2020-06-30", "2020-07-01"]);
    expect(notices[0]!.text).toContain(`${shangwu[0]!.no}. `);
    expect(notices[0]!.text).toContain("完成时限6月30日：6月30日到期，还有7天");
    expect(notices[1]!.text).toContain("还有6天");
    expect(notices[3]!.text).toContain("今天（6月30日）到期");
    expect(notices[4]!.text).toContain("6月30日已到期，逾期1天");
    expect(notices[0]!.text).toContain(`汇报进展请回复「${shangwu[0]!.no} ……」；整项完成请发「办结 ${shangwu[0]!.no} ……」`);
    expect(notices[0]!.text).not.toContain("节点N");
  });
});

describe("完成时限 of a task several units lead", () => {
  it("tells every lead unit of 109 (every department leads it); the digest lists it once as 市政府各部门", async () => {
    const t109 = await database.db.task.findFirstOrThrow({ where: { no: 109 } });
    await database.db.task.update({ where: { id: t109.id }, data: { deadline: "2020-06-30" } });
    const byDay = await tickDays("2020-06-30", "2020-06-30", "09:00");
    for (const [group, unit] of [[1, "市商务局"], [2, "市发展改革委"]] as const) {
      const text = toUnit(byDay, group).map((m) => m.text).join("\n");
      expect(text, unit).toMatch(new RegExp(`^【节点提醒】${unit}[\\s\\S]*109\\. .*完成时限6月30日：今天（6月30日）到期`));
    }
    const runs = await database.db.reminderRun.count({ where: { key: { startsWith: `deadline:${t109.id}` } } });
    expect(runs).toBe(await database.db.assignment.count({ where: { taskId: t109.id, role: "lead" } }));
    const digest = [...byDay.values()].flat().filter((m) => m.key.startsWith("digest:")).map((m) => m.text).join("\n");
    expect(digest).toContain("【专项督查】6月30日：逾期0项，7日内到期1项");
    expect(digest.split("\n").filter((l) => l.startsWith("· 109 "))).toEqual([expect.stringMatching(/（完成时限）｜市政府各部门｜6月30日$/)]);
  });

  it("names a few lead units in the digest as the first three 等N个单位", async () => {
    const t = shangwu[0]!;
    const units = await database.db.unit.findMany({ where: { department: true, assignments: { none: { taskId: t.id } } }, orderBy: { id: "asc" }, take: 3 });
    expect(units).toHaveLength(3);
    for (const [i, u] of units.entries()) await database.db.assignment.create({ data: { taskId: t.id, unitId: u.id, role: "lead", position: 100 + i } });
    try {
      await database.db.task.update({ where: { id: t.id }, data: { deadline: "2020-06-30" } });
      const byDay = await tickDays("2020-06-30", "2020-06-30", "09:00");
      const leads = await database.db.assignment.findMany({ where: { taskId: t.id, role: "lead" }, include: { unit: true }, orderBy: { unitId: "asc" } });
      expect(leads.length).toBe(4);
      const digest = [...byDay.values()].flat().filter((m) => m.key.startsWith("digest:")).map((m) => m.text).join("\n");
      expect(digest).toContain(`（完成时限）｜${leads.slice(0, 3).map((a) => a.unit.name).join("、")}等4个单位｜6月30日`);
      expect(toUnit(byDay, 1).map((m) => m.text).join("\n")).toContain(`${t.no}. `);
    } finally {
      await database.db.assignment.deleteMany({ where: { taskId: t.id, unitId: { in: units.map((u) => u.id) } } });
    }
  });
});

describe("the 专项督查 digest", () => {
  it("lists the overdue and the due within 7 days, compactly, once a day, to the supervision group only", async () => {
    await plan(shangwu[0]!, shangwuId, [
      ["5月8日前完成摸底调查", "2020-05-08"],
      ["5月20日前出台实施意见", "2020-05-20"],
      ["6月30日前全面完成", "2020-06-30"],
    ]);
    await database.db.task.update({ where: { id: weidu.id }, data: { deadline: "2020-05-15" } });
    const byDay = await tickDays("2020-05-13", "2020-05-13", "08:30");
    const digest = [...byDay.values()].flat().filter((m) => m.key.startsWith("digest:"));
    expect(digest.map((m) => m.key)).toEqual(["digest:2020-05-13:supervision:3:part1"]);
    const lines = digest[0]!.text.split("\n");
    expect(lines[0]).toBe("【专项督查】5月13日：逾期1项，7日内到期2项");
    expect(lines).toContain("逾期：");
    expect(lines).toContain(`· ${shangwu[0]!.no} 节点1「5月8日前完成摸底调查」｜市商务局｜5月8日`);
    expect(lines).toContain("7日内到期：");
    expect(lines.some((l) => l.startsWith(`· ${weidu.no} `) && l.endsWith("（完成时限）｜市发展改革委｜5月15日"))).toBe(true);
    expect(lines).toContain(`· ${shangwu[0]!.no} 节点2「5月20日前出台实施意见」｜市商务局｜5月20日`);
    expect(digest[0]!.text).not.toContain("6月30日");
    // Before 08:30, on a Saturday, and a second time the same day: none.
    await database.db.outboxMessage.deleteMany();
    await runDatedTick(deps, new Date("2020-05-14T08:29:00+08:00"));
    await runDatedTick(deps, new Date("2020-05-13T17:00:00+08:00"));
    await runDatedTick(deps, new Date("2020-05-16T09:00:00+08:00"));
    expect(await database.db.outboxMessage.count({ where: { key: { startsWith: "digest:" } } })).toBe(0);
  });

  it("pages a long digest within the byte limit, in order", async () => {
    const tasks = await database.db.task.findMany({ orderBy: { no: "asc" }, take: 60 });
    for (const t of tasks) await database.db.task.update({ where: { id: t.id }, data: { deadline: "2020-05-12" } });
    await runDatedTick(deps, new Date("2020-05-13T08:30:00+08:00"));
    const parts = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "digest:" } }, orderBy: { id: "asc" } });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.key)).toEqual(parts.map((_, i) => `digest:2020-05-13:supervision:3:part${i + 1}`));
    expect(JSON.parse(parts[1]!.payload).text).toMatch(/^（续2\/\d）/);
    for (const p of parts) expect(byteLength(JSON.parse(p.payload).text)).toBeLessThanOrEqual(2048);
  });
});

describe("销号 and 退回", () => {
  it("a 销号 task gets no reminder of any kind; 待销号 none either; after 退回 they resume", async () => {
    const task = shangwu[0]!;
    await plan(task, shangwuId, [["节点A", "2020-03-31"]]);
    await database.db.task.update({ where: { id: task.id }, data: { deadline: "2020-03-31", closure: "closed" } });
    const quarterNotice = async (iso: string) => {
      await runTick(deps, new Date(iso));
      const row = await database.db.outboxMessage.findFirst({ where: { key: { startsWith: "2020Q1:" }, destination: "group:1" }, orderBy: { id: "desc" } });
      return JSON.parse(row!.payload).text as string;
    };
    const listed = new RegExp(`^${task.no}\\. `, "m");
    // 24 March: the quarter's d7 and the 完成时限's d7.
    expect(await quarterNotice("2020-03-24T09:00:00+08:00")).not.toMatch(listed);
    expect(await database.db.outboxMessage.count({ where: { key: { startsWith: "dated:" } } })).toBe(0);
    // 待销号: still quiet.
    await database.db.task.update({ where: { id: task.id }, data: { closure: "pending" } });
    expect(await quarterNotice("2020-03-27T09:00:00+08:00")).not.toMatch(listed);
    expect(await database.db.outboxMessage.count({ where: { key: { startsWith: "dated:" } } })).toBe(0);
    // 退回: the next stage reminds again, quarter report and milestone alike.
    await database.db.task.update({ where: { id: task.id }, data: { closure: null } });
    expect(await quarterNotice("2020-03-30T09:00:00+08:00")).toMatch(listed);
    const dated = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "dated:" } } });
    expect(dated).toHaveLength(1);
    expect(JSON.parse(dated[0]!.payload).text).toContain("完成时限3月31日：3月31日到期，还有1天");
    await runTick(deps, new Date("2020-03-31T09:00:00+08:00"));
    const today = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "dated:2020-03-31:" } } });
    const text = JSON.parse(today[0]!.payload).text as string;
    expect(text).toContain("节点1「节点A」：今天（3月31日）到期");
    expect(text).toContain("完成时限3月31日：今天（3月31日）到期");
  });

  it("a 销号 task's overdue milestone is not in the digest", async () => {
    await plan(shangwu[0]!, shangwuId, [["节点A", "2020-05-08"]]);
    await database.db.task.update({ where: { id: shangwu[0]!.id }, data: { closure: "closed" } });
    await runDatedTick(deps, new Date("2020-05-13T08:30:00+08:00"));
    expect(await database.db.outboxMessage.count()).toBe(0);
  });
});

describe("staleness", () => {
  it("marks a unit's notice stale when the next stage of one of its items begins, on the wall clock", async () => {
    await plan(shangwu[0]!, shangwuId, [["节点A", "2020-05-20"]]);
    const wallNow = new Date("2026-12-01T08:00:00Z");
    // d3 on Friday 15 May 09:00 (3 working days before Wednesday 20 May); d0 on 20 May 09:00: 120 hours later.
    await runDatedTick(deps, new Date("2020-05-15T09:00:00+08:00"), { wallNow });
    const row = await database.db.outboxMessage.findFirstOrThrow({ where: { key: { startsWith: "dated:" } } });
    expect(row.staleAt?.getTime()).toBe(wallNow.getTime() + 120 * 3600_000);
  });
});
