// The escalation ladder (三色督办, issue 23) against a real database: a unit climbing 蓝 → 黄 → 红
// over the third quarter of 2020 (国庆 1–8 October, 10月10日 a make-up working day), a report
// stopping the climb, leave and the deputy, never at night.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { importPlanFile } from "../../src/plan/import-file";
import { unitTasks, planInForce } from "../../src/reporting/plan-status";
import { DEFAULT_LADDER, DEFAULT_SCHEDULE, type ScheduleConfig } from "../../src/reminders/schedule-config";
import { runTick, type TickDeps } from "../../src/reminders/run-tick";
import { stopsClimb } from "../../src/reminders/stops-climb";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { loadTemplates } from "../../src/templates";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let deps: TickDeps;
let shangwu: number;
const schedule: ScheduleConfig = { ...DEFAULT_SCHEDULE, ladder: DEFAULT_LADDER };

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  await loadDirectoryText(
    database.db,
    `members:
  - { platform: wecom, user: zhangsan, name: 张三, unit: 市商务局, deputy: sunqi }
  - { platform: wecom, user: wangju, name: 王局, unit: 市商务局, role: leader, post: in_charge }
  - { platform: dingtalk, user: "0009", name: 李局, unit: 市商务局, role: leader, post: head }
  - { platform: wecom, user: wangwu, name: 王五, unit: 魏都区政府 }
groups:
  - { platform: wecom, chat: wr-shangwu, unit: 市商务局, webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1" }
  - { platform: dingtalk, chat: cid-duban, supervision: true }
`,
    "dir.yaml",
  );
  shangwu = (await database.db.unit.findUniqueOrThrow({ where: { name: "市商务局" } })).id;
  deps = { db: database.db, templates: loadTemplates(), schedule, calendar: createWorkCalendar() };
});
afterAll(async () => database.drop());
beforeEach(async () => {
  await database.db.outboxMessage.deleteMany();
  await database.db.reminderRun.deleteMany();
  await database.db.report.deleteMany();
  await database.db.member.updateMany({ data: { leaveUntil: null } });
});

/** The ladder's messages a tick enqueued: destination → text. */
async function tick(iso: string): Promise<Map<string, string>> {
  const before = new Set((await database.db.outboxMessage.findMany({ select: { id: true } })).map((r) => r.id));
  await runTick(deps, new Date(iso));
  const rows = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "ladder:" } }, orderBy: { id: "asc" } });
  const out = new Map<string, string>();
  // A long list goes in parts: joined here, in order.
  for (const r of rows.filter((x) => !before.has(x.id))) out.set(r.destination, [out.get(r.destination), JSON.parse(r.payload).text as string].filter(Boolean).join("\n"));
  return out;
}

describe("the escalation ladder", () => {
  it("climbs 蓝 → 黄 → 红 over a quarter: liaison, then 分管领导, then 主要负责人 and the 约谈 list, off the holidays", async () => {
    expect([...(await tick("2020-09-22T09:00:00+08:00")).keys()]).toEqual([]);

    // 蓝, 7 days before 30 September: each liaison personally, with the unit's own list only.
    const blue = await tick("2020-09-23T09:00:00+08:00");
    const mine = blue.get("wecom-user:zhangsan")!;
    expect(mine).toMatch(/^【蓝色督办】您单位（市商务局）2020年第三季度还有\d+项未报，9月30日截止：/);
    expect(mine).toContain("12. 完善促进消费的体制机制");
    expect(blue.get("wecom-user:wangwu")).toMatch(/^【蓝色督办】您单位（魏都区政府）/);
    expect(blue.get("wecom-user:wangwu")).not.toContain("市商务局");
    // Leaders are not told at 蓝.
    expect(blue.has("wecom-user:wangju")).toBe(false);
    expect(blue.has("dingtalk-user:0009")).toBe(false);
    // Once per item and rung: the next minute, another instance, a restart.
    expect((await tick("2020-09-23T09:01:00+08:00")).size).toBe(0);

    // 黄, on the deadline: the 分管领导 personally (the group has its deadline-day notice).
    const yellow = await tick("2020-09-30T09:00:00+08:00");
    expect([...yellow.keys()]).toEqual(["wecom-user:wangju"]);
    expect(yellow.get("wecom-user:wangju")).toMatch(/^【黄色督办】王局您好：今天是2020年第三季度报送截止日（9月30日），市商务局仍有\d+项未报：/);

    // Nothing on 国庆 (holidays), nothing on 9 October: 红 is the 3rd working day after the
    // deadline — 9 October, the make-up Saturday 10 October, then Monday 12 October.
    expect((await tick("2020-10-05T10:00:00+08:00")).size).toBe(0);
    expect((await tick("2020-10-09T09:00:00+08:00")).size).toBe(0);
    expect((await tick("2020-10-10T09:00:00+08:00")).size).toBe(0);

    const red = await tick("2020-10-12T09:00:00+08:00");
    expect(red.get("dingtalk-user:0009")).toMatch(/^【红色督办】李局您好：市商务局2020年第三季度报送已于9月30日截止，逾期3个工作日仍有\d+项未报，已列入约谈名单：/);
    const supervision = await database.db.chatGroup.findFirstOrThrow({ where: { supervision: true } });
    const interview = red.get(`group:${supervision.id}`)!;
    expect(interview).toMatch(/^【红色督办·约谈名单】10月12日：\d+个单位逾期3个工作日以上仍未报送：/);
    expect(interview).toMatch(/市商务局：2020年第三季度\d+项未报/);
    expect(interview).toMatch(/魏都区政府：2020年第三季度\d+项未报/);
    // The ladder never widens beyond the unit and the bureau.
    expect(red.has("wecom-user:wangju")).toBe(false);
    expect(red.has("wecom-user:zhangsan")).toBe(false);

    const runs = (await database.db.reminderRun.findMany({ where: { key: { startsWith: `ladder:2020Q3:` } } })).map((r) => r.key);
    expect(runs).toEqual(expect.arrayContaining([`ladder:2020Q3:blue:unit:${shangwu}`, `ladder:2020Q3:yellow:unit:${shangwu}`, `ladder:2020Q3:red:unit:${shangwu}`]));
  }, 180_000);

  it("sends last year's fourth-quarter 红 in January even when the new year's plan is already imported", async () => {
    const next = await database.db.plan.create({ data: { year: 2021, sourceName: "2021.txt", sourceHash: "x" } });
    try {
      let red: string | undefined;
      for (let day = 4; day <= 25 && !red; day++) {
        const sent = await tick(`2021-01-${String(day).padStart(2, "0")}T09:00:00+08:00`);
        red = sent.get("dingtalk-user:0009");
      }
      expect(red).toMatch(/^【红色督办】李局您好：市商务局2020年第四季度（全年）报送已于12月31日截止/);
    } finally {
      await database.db.plan.delete({ where: { id: next.id } });
    }
  });

  it("stops climbing once the unit has reported (and leaves out a 办结 task and one stopsClimb() names)", async () => {
    await tick("2020-09-23T09:00:00+08:00");
    const plan = (await planInForce(database.db, new Date("2020-09-23T09:00:00+08:00"), schedule))!;
    const due = await unitTasks(database.db, plan, [shangwu], new Date("2020-09-23T09:00:00+08:00"));
    const [keep, ...rest] = due.filter((x) => x.status !== "reported");
    for (const x of rest) await database.db.report.create({ data: { taskId: x.taskId, unitId: shangwu, period: "2020Q3", text: "已完成", platform: "wecom", userId: "zhangsan" } });

    // One task left: the 分管领导 hears of that one only.
    const yellow = await tick("2020-09-30T09:00:00+08:00");
    expect(yellow.get("wecom-user:wangju")).toContain("市商务局仍有1项未报");
    expect(yellow.get("wecom-user:wangju")).toContain(`${keep!.no}. `);

    // An approved 延期 (or anything else calling stopsClimb) takes it off: no 红 for the unit.
    await stopsClimb(database.db, { taskId: keep!.taskId, unitId: shangwu, until: "2020-10-31" });
    const red = await tick("2020-10-12T09:00:00+08:00");
    expect(red.has("dingtalk-user:0009")).toBe(false);
    const supervision = await database.db.chatGroup.findFirstOrThrow({ where: { supervision: true } });
    expect(red.get(`group:${supervision.id}`)).not.toContain("市商务局");
    expect(red.get(`group:${supervision.id}`)).toContain("魏都区政府");
  }, 120_000);

  it("at 黄 also tells the 责任领导 a 落实方案 names, when registered in the unit", async () => {
    const db = database.db;
    const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
    await db.member.create({ data: { platform: "wecom", userId: "chenju", name: "陈局", unitId: shangwu, role: "leader", post: "head" } });
    await db.taskPlan.create({ data: { taskId: task.id, unitId: shangwu, leader: "陈局（副局长）", text: "方案 12", platform: "wecom", userId: "zhangsan" } });
    try {
      const yellow = await tick("2020-09-30T09:00:00+08:00");
      expect([...yellow.keys()].sort()).toEqual(["wecom-user:chenju", "wecom-user:wangju"]);
      expect(yellow.get("wecom-user:chenju")).toContain("陈局您好");
    } finally {
      await db.taskPlan.deleteMany();
      await db.member.deleteMany({ where: { userId: "chenju" } });
    }
  });

  it("a liaison whose name begins the 责任领导's (张三, 张三丰) is not told at 黄 as that leader", async () => {
    const db = database.db;
    const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
    await db.taskPlan.create({ data: { taskId: task.id, unitId: shangwu, leader: "张三丰（副局长）", text: "方案 12", platform: "wecom", userId: "zhangsan" } });
    try {
      expect([...(await tick("2020-09-30T09:00:00+08:00")).keys()].sort()).toEqual(["wecom-user:wangju"]);
    } finally {
      await db.taskPlan.deleteMany();
    }
  });

  it("never outside working hours: a rung begun at 09:00 waits for the next working morning", async () => {
    expect((await tick("2020-09-23T19:30:00+08:00")).size).toBe(0);
    expect((await tick("2020-09-24T07:50:00+08:00")).size).toBe(0);
    const morning = await tick("2020-09-24T08:45:00+08:00");
    expect(morning.get("wecom-user:zhangsan")).toContain("【蓝色督办】");
  });

  it("on leave: the deputy (B角) gets the nudge and the @-mention instead, until the leave ends", async () => {
    await database.db.member.updateMany({ where: { userId: "zhangsan" }, data: { leaveUntil: "2020-09-25" } });
    const blue = await tick("2020-09-23T09:00:00+08:00");
    expect(blue.has("wecom-user:zhangsan")).toBe(false);
    expect(blue.get("wecom-user:sunqi")).toContain("（张三请假期间由您代收）");
    const group = await database.db.outboxMessage.findFirstOrThrow({ where: { key: { startsWith: "2020Q3:d7:group:" } } });
    expect(JSON.parse(group.payload).mentions).toEqual(["sunqi"]);

    // Back on 30 September: the group's deadline notice @-mentions 张三 again.
    await tick("2020-09-30T09:00:00+08:00");
    const d0 = await database.db.outboxMessage.findFirstOrThrow({ where: { key: { startsWith: "2020Q3:d0:group:" } } });
    expect(JSON.parse(d0.payload).mentions).toEqual(["zhangsan"]);
  }, 120_000);

  it("without ladder: in schedule.yaml, nothing personal is sent", async () => {
    await runTick({ ...deps, schedule: DEFAULT_SCHEDULE }, new Date("2020-09-23T09:00:00+08:00"));
    expect(await database.db.outboxMessage.count({ where: { key: { startsWith: "ladder:" } } })).toBe(0);
    expect(await database.db.outboxMessage.count()).toBeGreaterThan(0);
  });
});
