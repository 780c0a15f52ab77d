// The conversation answers from its in-memory read model; whatever another process writes —
// the CLI, a second instance — is seen by the very next message. Messages that change nothing
// write nothing; a report delivered twice, even at once and to two instances, is stored once.
import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/db/client";
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

/**
 * Another process (the CLI, a second instance) runs `sql` in a write transaction and keeps it
 * open for `ms` before committing: resolves `held` once it holds its locks, `done` once committed.
 */
function holdWrite(url: string, sql: string, ms: number): { held: Promise<void>; done: Promise<void> } {
  if (url.startsWith("file:")) {
    const script = `const D=require("better-sqlite3");const d=new D(${JSON.stringify(sqlitePath(url))},{timeout:5000});d.exec("BEGIN IMMEDIATE");d.exec(${JSON.stringify(sql)});process.stdout.write("held\\n");setTimeout(()=>{d.exec("COMMIT");d.close();},${ms});`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const held = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const done = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`holder exited ${code}`)))));
    return { held, done };
  }
  const client = new pg.Client({ connectionString: url });
  const held = (async () => {
    await client.connect();
    await client.query("BEGIN");
    await client.query(sql);
  })();
  const done = held.then(() => new Promise<void>((r) => setTimeout(r, ms))).then(async () => {
    await client.query("COMMIT");
    await client.end();
  });
  return { held, done };
}

describe("a write that waits for another process's write", () => {
  it("is judged on what that process committed, not on the model read before it waited", async () => {
    const db = h.database.db;
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
    const assignment = await db.assignment.findFirstOrThrow({ where: { taskId: task.id, unitId: unit.id } });
    // The CLI takes 市商务局 off task 12 (as `duban unassign 12 --unit 商务局`) while a report of 12 arrives.
    const holder = holdWrite(h.database.url, `DELETE FROM "Assignment" WHERE "id" = ${assignment.id}`, 1500);
    await holder.held;
    const replied = h.send("zhangsan", "12：举办促消费活动3场");
    await holder.done;
    expect((await replied).text).toContain("第12项不在市商务局的责任清单中");
    expect(await db.report.count()).toBe(0);
    await db.assignment.create({ data: { taskId: assignment.taskId, unitId: assignment.unitId, role: assignment.role, position: assignment.position, source: assignment.source } });
  }, 30_000);
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
