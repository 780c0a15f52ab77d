// Reminder ticks against a real database: what is enqueued, once, for whom.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { importPlanFile } from "../../src/plan/import-file";
import { byteLength } from "../../src/platforms/split-bytes";
import { DEFAULT_SCHEDULE } from "../../src/reminders/schedule-config";
import { runTick, type TickDeps } from "../../src/reminders/run-tick";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { loadTemplates } from "../../src/templates";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let deps: TickDeps;
beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  await loadDirectoryText(
    database.db,
    `members:
  - { platform: wecom, user: zhangsan, unit: 市商务局 }
  - { platform: wecom, user: xiaoli, unit: 市商务局 }
  - { platform: dingtalk, user: "0002", unit: 市商务局 }
  - { platform: wecom, user: wangwu, unit: 魏都区政府 }
groups:
  - { platform: wecom, chat: wr-shangwu, unit: 市商务局, webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1" }
  - { platform: wecom, chat: wr-weidu, unit: 魏都区政府, webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k2" }
  - { platform: dingtalk, chat: cid-duban, supervision: true }
`,
    "dir.yaml",
  );
  deps = { db: database.db, templates: loadTemplates(), schedule: DEFAULT_SCHEDULE, calendar: createWorkCalendar() };
});
afterAll(async () => database.drop());
beforeEach(async () => {
  await database.db.outboxMessage.deleteMany();
  await database.db.reminderRun.deleteMany();
  await database.db.report.deleteMany();
});

const at = (iso: string) => new Date(iso);

describe("runTick", () => {
  it("enqueues the 7-day notice once per unit group with unreported tasks, @-mentioning its members", async () => {
    const r = await runTick(deps, at("2020-03-24T09:00:00+08:00"));
    expect(r.stage).toMatchObject({ name: "d7", period: { key: "2020Q1" } });
    const rows = await database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((x) => x.key)).toEqual(["2020Q1:d7:group:1:part1", "2020Q1:d7:group:2:part1"]);
    const shangwu = JSON.parse(rows[0]!.payload);
    expect(shangwu.text).toContain("【督办提醒】市商务局：2020年第一季度重点工作进展请于3月31日前报送，还有7天截止，21项未报：");
    expect(shangwu.text).toContain("12. 完善促进消费的体制机制");
    expect(shangwu.mentions).toEqual(["zhangsan", "xiaoli"]); // WeCom members only, for a WeCom group
    expect(rows.every((x) => byteLength(JSON.parse(x.payload).text) <= 2048)).toBe(true);

    // The next minute, another instance, a restart: nothing more.
    const again = await runTick(deps, at("2020-03-24T09:01:00+08:00"));
    expect(again).toMatchObject({ alreadyRun: true, enqueued: 0 });
    expect(await database.db.outboxMessage.count()).toBe(2);
  });

  it("marks each notice stale when the next stage begins, on the wall clock (DUBAN_NOW moves only the business clock)", async () => {
    const wallNow = new Date("2026-12-01T08:00:00Z");
    await runTick(deps, at("2020-03-24T10:30:00+08:00"), { wallNow });
    const rows = await database.db.outboxMessage.findMany();
    expect(rows.length).toBeGreaterThan(0);
    // d7 (24 March) is superseded by d3 on Friday 27 March 09:00: 70.5 hours after this tick.
    for (const r of rows) expect(r.staleAt?.getTime()).toBe(wallNow.getTime() + 70.5 * 3600_000);
  });

  it("says how many days are left: 7 days, 4 (the 3-day notice moved back off a Saturday), 1, and today", async () => {
    const header = async (iso: string) => {
      await runTick(deps, at(iso));
      const rows = await database.db.outboxMessage.findMany({ where: { key: { endsWith: "group:1:part1" } }, orderBy: { id: "desc" }, take: 1 });
      return (JSON.parse(rows[0]!.payload).text as string).split("\n")[0];
    };
    expect(await header("2020-03-24T09:00:00+08:00")).toContain("还有7天截止");
    expect(await header("2020-03-27T09:00:00+08:00")).toContain("还有4天截止");
    expect(await header("2020-03-30T09:00:00+08:00")).toContain("还有1天截止");
    expect(await header("2020-03-31T09:00:00+08:00")).toMatch(/^【督办提醒】今天截止/);
  });

  it("leaves out a unit that has reported everything, and stops as soon as it has", async () => {
    const unit = await database.db.unit.findUniqueOrThrow({ where: { name: "市商务局" }, include: { assignments: true } });
    await database.db.report.createMany({
      data: unit.assignments.map((a) => ({ taskId: a.taskId, unitId: unit.id, period: "2020Q1", text: "已完成", platform: "wecom", userId: "zhangsan" })),
    });
    await runTick(deps, at("2020-03-30T09:00:00+08:00"));
    const keys = (await database.db.outboxMessage.findMany()).map((x) => x.key);
    expect(keys).toEqual(["2020Q1:d1:group:2:part1"]);
  });

  it("lists only what is still due, and at the overdue stage tells the supervision group", async () => {
    const task12 = await database.db.task.findFirstOrThrow({ where: { no: 12 } });
    const unit = await database.db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    await database.db.report.create({ data: { taskId: task12.id, unitId: unit.id, period: "2020Q1", text: "x", platform: "wecom", userId: "zhangsan" } });
    await runTick(deps, at("2020-04-01T09:00:00+08:00"));
    const rows = await database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    const shangwu = JSON.parse(rows.find((x) => x.key === "2020Q1:overdue:group:1:part1")!.payload).text as string;
    expect(shangwu).toContain("【逾期提醒】市商务局：2020年第一季度报送已于3月31日截止，仍有20项未报：");
    expect(shangwu).not.toMatch(/^12\. /m);
    const summary = rows.filter((x) => x.key.startsWith("2020Q1:overdue:supervision:3:"));
    expect(summary.length).toBeGreaterThan(0);
    expect(summary[0]!.platform).toBe("dingtalk");
    expect(JSON.parse(summary[0]!.payload).text).toMatch(/^【逾期通报】2020年第一季度报送已于3月31日截止，\d+个单位共\d+项未报：\n建安区政府：110项/);
  });

  it("splits a long list into ordered parts within the byte limit", async () => {
    await runTick(deps, at("2020-04-01T09:00:00+08:00"));
    const parts = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "2020Q1:overdue:supervision" } }, orderBy: { id: "asc" } });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.key)).toEqual(parts.map((_, i) => `2020Q1:overdue:supervision:3:part${i + 1}`));
    expect(JSON.parse(parts[1]!.payload).text).toMatch(/^（续2\/\d）/);
    for (const p of parts) expect(byteLength(JSON.parse(p.payload).text)).toBeLessThanOrEqual(2048);
  });

  it("catches up a stage missed while down, and skips one a later stage replaced", async () => {
    // Down from before 03-24 until 03-28 10:00 (a Saturday): d7 is skipped, d3 (Fri 03-27) caught up.
    const r = await runTick(deps, at("2020-03-28T10:00:00+08:00"));
    expect(r.stage?.name).toBe("d3");
    const keys = (await database.db.outboxMessage.findMany()).map((x) => x.key);
    expect(keys.every((k) => k.startsWith("2020Q1:d3:"))).toBe(true);
    expect(keys.length).toBe(2);
  });

  it("--dry-run composes the same messages and writes nothing", async () => {
    const r = await runTick(deps, at("2020-03-24T09:00:00+08:00"), { dryRun: true });
    expect(r.drafts.map((d) => d.key)).toEqual(["2020Q1:d7:group:1:part1", "2020Q1:d7:group:2:part1"]);
    expect(await database.db.outboxMessage.count()).toBe(0);
    expect(await database.db.reminderRun.count()).toBe(0);
  });

  it("warns the supervision group once when the holiday calendar lacks the coming year", async () => {
    const r = await runTick(deps, at("2026-12-01T09:00:00+08:00"));
    expect(r.uncoveredYears).toEqual([2027]);
    await runTick(deps, at("2026-12-02T09:00:00+08:00"));
    const warnings = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "calendar:" } } });
    expect(warnings.map((w) => w.key)).toEqual(["calendar:2027:group:3"]);
    expect(JSON.parse(warnings[0]!.payload).text).toContain("尚无2027年法定节假日和调休安排");
  });

  it("two ticks racing for the same stage enqueue it once", async () => {
    const [a, b] = await Promise.all([runTick(deps, at("2020-03-24T09:00:00+08:00")), runTick(deps, at("2020-03-24T09:00:30+08:00"))]);
    expect([a.alreadyRun, b.alreadyRun].filter(Boolean)).toHaveLength(1);
    expect(await database.db.outboxMessage.count()).toBe(2);
  });

  it("still sends last year's year-summary overdue notice after this year's plan was imported", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "duban-2021-")), "2021.txt");
    writeFileSync(file, readFileSync("seeds/xuchang-2020-key-tasks.txt", "utf8").replace("许政 [2020] 20号", "许政 [2021] 3号"));
    await importPlanFile(database.db, file, { unitsFile: "seeds/units.yaml" });
    try {
      // 2020Q4 ended Thu 2020-12-31; 2021-01-01 was a holiday: overdue on Mon 2021-01-04.
      const r = await runTick(deps, at("2021-01-04T09:30:00+08:00"));
      expect(r.stage).toMatchObject({ name: "overdue", period: { key: "2020Q4" } });
      const rows = await database.db.outboxMessage.findMany({ where: { key: { startsWith: "2020Q4:overdue:group:1" } } });
      expect(JSON.parse(rows[0]!.payload).text).toContain("【逾期提醒】市商务局：2020年第四季度（全年）报送已于12月31日截止");
    } finally {
      await database.db.plan.deleteMany({ where: { year: 2021 } });
    }
  });
});
