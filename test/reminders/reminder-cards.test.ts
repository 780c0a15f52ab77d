// Reminders as cards (issue 22): a unit group reached by chat id (WeCom AI bot long connection,
// DingTalk app robot) gets its notice with 去汇报 / 同上季 / 已阅 / 申请延期 buttons, the card kept
// so its clicks find it; a group bound with a robot webhook keeps plain text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "../../src/cards/card";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { importPlanFile } from "../../src/plan/import-file";
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
  - { platform: dingtalk, user: "0001", unit: 市发展改革委 }
groups:
  - { platform: wecom, chat: wr-shangwu, unit: 市商务局 }
  - { platform: dingtalk, chat: cid-fgw, unit: 市发展改革委, webhook: "https://oapi.dingtalk.com/robot/send?access_token=t1" }
`,
    "dir.yaml",
  );
  deps = { db: database.db, templates: loadTemplates(), schedule: DEFAULT_SCHEDULE, calendar: createWorkCalendar() };
});
afterAll(async () => database.drop());

describe("reminder cards", () => {
  it("a group pushed by chat id gets the notice with buttons; a webhook group keeps text", async () => {
    await runTick(deps, new Date("2020-03-24T09:00:00+08:00"));
    const rows = await database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    const bySubject = new Map(rows.map((r) => [r.subject, JSON.parse(r.payload) as { text: string; card?: Card }]));
    const shangwu = bySubject.get("市商务局")!;
    expect(shangwu.text).toContain("12. 完善促进消费的体制机制");
    expect(shangwu.card).toMatchObject({ kind: "tasks", period: "2020Q1", unitName: "市商务局", title: "【催报】市商务局｜2020年第一季度" });
    expect(shangwu.card!.buttons.map((b) => b.label)).toEqual(["去汇报", "同上季", "已阅", "申请延期"]);
    expect(shangwu.card!.lines.some((l) => l.includes("另有"))).toBe(true);
    expect(await database.db.card.findUnique({ where: { id: shangwu.card!.id } })).not.toBeNull();
    expect(bySubject.get("市发展改革委")!.card).toBeUndefined();
  });
});

describe("reminder cards of a quarter already over", () => {
  it("an overdue notice sent in the next quarter is text: its card would be stale on arrival", async () => {
    await database.db.outboxMessage.deleteMany();
    await runTick(deps, new Date("2020-04-01T09:00:00+08:00"));
    const rows = await database.db.outboxMessage.findMany({ where: { subject: "市商务局" } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => JSON.parse(r.payload).card === undefined)).toBe(true);
  });
});
