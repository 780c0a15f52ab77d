// `duban outbox --status failed`: every message that is not getting through, with why — also
// one a worker is trying again right now after failing before (issue 21 item 6), which resend
// leaves to that worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/db/migrate";
import { openDatabase, type Database } from "../../src/db/client";
import { runDuban } from "../helpers/cli";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
let database: Database;

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent" };
  await migrate(made.url);
  database = await openDatabase(made.url);
  const row = { platform: "wecom", channel: "webhook", destination: "group:7", payload: "{}", subject: "市商务局" };
  await database.db.outboxMessage.create({ data: { ...row, key: "delivered", status: "sent", attempts: 1, sentAt: new Date() } });
  await database.db.outboxMessage.create({ data: { ...row, key: "first-try", status: "sending", attempts: 1, claimedBy: "host:1", claimedAt: new Date() } });
  await database.db.outboxMessage.create({
    data: { ...row, key: "third-try", status: "sending", attempts: 3, claimedBy: "host:1", claimedAt: new Date(), lastError: "HTTP 502: bad gateway" },
  });
});
afterAll(async () => {
  await database.close();
  await drop();
});

describe("duban outbox --status failed", () => {
  it("lists a message in its third attempt with the failures behind it, and its last error", async () => {
    const r = await runDuban(env, "outbox", "--status", "failed");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    const third = lines.find((l) => l.includes("third-try"));
    expect(third).toBeDefined();
    expect(third).toContain("正在第3次尝试");
    expect(third).toContain("HTTP 502: bad gateway");
    // A first attempt has nothing behind it yet; a delivered message is no problem.
    expect(r.out).not.toContain("first-try");
    expect(r.out).not.toContain("delivered");
  });

  it("resend leaves a message being sent right now to its worker", async () => {
    const r = await runDuban(env, "outbox", "resend", "--status", "failed");
    expect(r.code).toBe(0);
    expect(r.out).toContain("没有符合条件的未送达消息");
    const row = await database.db.outboxMessage.findUniqueOrThrow({ where: { key: "third-try" } });
    expect(row.status).toBe("sending");
    expect(row.attempts).toBe(3);
  });
});
