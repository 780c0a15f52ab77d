// The conversation answers from its in-memory read model; whatever another process writes —
// the CLI, a second instance — is seen by the very next message. Messages that change nothing
// write nothing; a report delivered twice, even at once and to two instances, is stored once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConversation } from "../../src/conversation/create-conversation";
import { openDatabase, type Database } from "../../src/db/client";
import { createLogger } from "../../src/logger";
import type { InboundMessage } from "../../src/platforms/message";
import { loadTemplates } from "../../src/templates";
import { runDuban } from "../helpers/cli";
import { createHarness, type ConversationHarness } from "../helpers/conversation";
import { testDatabaseProvider } from "../helpers/test-database";

let h: ConversationHarness;
let second: Database;
let other: (m: InboundMessage) => Promise<{ text: string }>;
beforeAll(async () => {
  h = await createHarness();
  // A second instance: its own connection to the same database, its own read model.
  second = await openDatabase(h.database.url);
  other = createConversation({ db: second.db, templates: loadTemplates(), clock: () => h.now.value, log: createLogger("silent") });
}, 60_000);
afterAll(async () => {
  await second.close();
  await h.database.drop();
});
beforeEach(async () => {
  h.now.value = new Date("2020-03-24T09:00:00+08:00");
  await h.database.db.report.deleteMany();
  await h.database.db.pendingQuestion.deleteMany();
});

const env = () => ({ DATABASE_URL: h.database.url, LOG_LEVEL: "silent" });
const message = (id: string, senderId: string, text: string): InboundMessage => ({ platform: "wecom", messageId: id, chatId: senderId, chatType: "single", senderId, text });

describe("writes by another process", () => {
  it("a member added with the CLI may talk at once", async () => {
    expect((await h.send("newcomer", "我的任务")).text).toContain("您还不是督办成员");
    const r = await runDuban(env(), "member", "add", "--platform", "wecom", "--user", "newcomer", "--unit", "商务局", "--name", "新人");
    expect(r.code, r.err).toBe(0);
    expect((await h.send("newcomer", "我的任务")).text).toMatch(/^市商务局｜2020年第一季度/);
  });

  it("a plan imported with the CLI is the plan in force at the next message", async () => {
    h.now.value = new Date("2021-03-24T09:00:00+08:00");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^市商务局｜2020年第四季度/);
    const r = await runDuban(env(), "import", "seeds/xuchang-2020-key-tasks.txt", "--year", "2021");
    expect(r.code, r.err).toBe(0);
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^市商务局｜2021年第一季度/);
    await h.database.db.plan.delete({ where: { year: 2021 } });
  }, 60_000);

  it("a report through the second instance shows in 我的任务, 任务 N and 未报 here", async () => {
    expect((await h.send("zhangsan", "我的任务")).text).toContain("已报0");
    await other(message("second-1", "zhangsan", "12：举办促消费活动3场"));
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/12\. 完善促进消费的体制机制［牵头］已报/);
    expect((await h.send("zhangsan", "任务12")).text).toContain("举办促消费活动3场");
    expect((await h.send("zhangsan", "未报")).text).not.toMatch(/^12\./m);
    // And back: a withdrawal here is seen there.
    await h.send("zhangsan", "撤回 12");
    expect((await other(message("second-2", "zhangsan", "我的任务"))).text).toMatch(/12\. 完善促进消费的体制机制［牵头］未报/);
  });
});

describe("writes only for writes", () => {
  it("a read-only message writes no InboundEvent and is answered the same when redelivered", async () => {
    const before = await h.database.db.inboundEvent.count();
    const m = message("ro-1", "zhangsan", "我的任务");
    const first = await h.handle(m);
    expect(await h.handle(m)).toEqual(first);
    for (const text of ["任务12", "未报", "进度", "帮助", "收到", "随便说点什么"]) await h.handle(message(`ro-${text}`, "zhangsan", text));
    await h.handle(message("ro-sup", "lisi", "汇总"));
    expect(await h.database.db.inboundEvent.count()).toBe(before);
    expect(await h.database.db.report.count()).toBe(0);
  });

  it("a report redelivered is stored once, with the same reply, and leaves its InboundEvent", async () => {
    const m = message("w-1", "zhangsan", "12：举办促消费活动3场");
    const first = await h.handle(m);
    expect(await h.handle(m)).toEqual(first);
    // The other instance has no memory of it: the durable guard answers.
    expect(await other(m)).toEqual(first);
    expect(await h.database.db.report.count()).toBe(1);
    expect(await h.database.db.inboundEvent.count({ where: { messageId: "w-1" } })).toBe(1);
  });

  it("the same report delivered twice at once is stored once", async () => {
    const a = message("w-2", "zhangsan", "12：举办促消费活动3场");
    const [r1, r2] = await Promise.all([h.handle(a), h.handle(a)]);
    expect(r1).toEqual(r2);
    expect(await h.database.db.report.count()).toBe(1);
  });

  // Two instances writing at once is a PostgreSQL deployment: on SQLite two connections in one
  // process would block each other's event loop (better-sqlite3 waits synchronously).
  it.runIf(testDatabaseProvider() === "postgresql")("the same report delivered at once to two instances is stored once", async () => {
    const b = message("w-3", "wangwu", "115：开展廉政教育2次");
    const [r3, r4] = await Promise.all([h.handle(b), other(b)]);
    expect(r3).toEqual(r4);
    expect(await h.database.db.report.count()).toBe(1);
  });
});
