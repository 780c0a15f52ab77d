import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneInboundEvents } from "../../src/conversation/prune-inbound-events";
import { DEFAULT_SCHEDULE, loadScheduleConfig } from "../../src/reminders/schedule-config";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

describe("pruning the redelivery guard", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("deletes events older than the horizon and keeps the recent ones (a redelivery still finds its reply)", async () => {
    const now = new Date("2026-12-06T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
    await database.db.inboundEvent.createMany({
      data: [
        { platform: "wecom", messageId: "old", reply: "{}", receivedAt: hoursAgo(25) },
        { platform: "wecom", messageId: "recent", reply: "{}", receivedAt: hoursAgo(23) },
        { platform: "dingtalk", messageId: "now", reply: "{}", receivedAt: now },
      ],
    });
    expect(await pruneInboundEvents(database.db, now, DEFAULT_SCHEDULE.inboundEventHours)).toBe(1);
    const left = await database.db.inboundEvent.findMany({ orderBy: { messageId: "asc" } });
    expect(left.map((e) => e.messageId)).toEqual(["now", "recent"]);
  });

  it("keeps a day by default and takes the horizon from schedule.yaml, rejecting a nonsense value", () => {
    expect(DEFAULT_SCHEDULE.inboundEventHours).toBe(24);
    expect(loadScheduleConfig("seeds/schedule.yaml").inboundEventHours).toBe(24);
    const file = join(mkdtempSync(join(tmpdir(), "duban-schedule-")), "schedule.yaml");
    writeFileSync(file, "inboundEventHours: 0\n");
    expect(() => loadScheduleConfig(file)).toThrow(/inboundEventHours/);
  });
});
