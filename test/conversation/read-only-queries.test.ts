// What a common message costs the database: 我的任务 is answered from the read model with one
// query (the change counters) when nothing changed, and two when reports did.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversation } from "../../src/conversation/create-conversation";
import { sqlitePath, type Db } from "../../src/db/client";
import { PrismaClient as PgClient } from "../../src/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "../../src/generated/sqlite/client";
import { createLogger } from "../../src/logger";
import type { InboundMessage, Reply } from "../../src/platforms/message";
import { loadTemplates } from "../../src/templates";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
let counted: Db;
let statements: string[] = [];
let handle: (m: InboundMessage) => Promise<Reply>;
beforeAll(async () => {
  h = await createHarness();
  // The same database through a client that tells every statement it sends.
  const log = [{ emit: "event" as const, level: "query" as const }];
  counted = (
    h.database.provider === "sqlite"
      ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${sqlitePath(h.database.url)}` }), log })
      : new PgClient({ adapter: new PrismaPg({ connectionString: h.database.url }), log })
  ) as unknown as Db;
  (counted as unknown as { $on(e: "query", f: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
  handle = createConversation({ db: counted, templates: loadTemplates(), clock: () => h.now.value, log: createLogger("silent") });
}, 60_000);
afterAll(async () => {
  await counted.$disconnect();
  await h.database.drop();
});

let n = 0;
async function send(text: string): Promise<{ reply: Reply; statements: string[] }> {
  statements = [];
  const reply = await handle({ platform: "wecom", messageId: `q-${++n}`, chatId: "zhangsan", chatType: "single", senderId: "zhangsan", text });
  return { reply, statements };
}

describe("statements per message", () => {
  it("我的任务: one when nothing changed, two after a report, and the report is shown", async () => {
    await send("我的任务");
    const quiet = await send("我的任务");
    expect(quiet.statements).toHaveLength(1);
    expect(quiet.statements[0]).toContain("ModelVersion");

    await h.send("zhangsan", "12：举办促消费活动3场");
    const after = await send("我的任务");
    expect(after.statements).toHaveLength(2);
    expect(after.reply.text).toMatch(/12\. 完善促进消费的体制机制［牵头］已报/);
    expect(after.statements.join("\n")).not.toMatch(/InboundEvent|BEGIN|COMMIT/i);
  });

  it("help and acknowledgements: one, and no transaction", async () => {
    expect((await send("帮助")).statements).toHaveLength(1);
    expect((await send("收到")).statements).toHaveLength(1);
  });
});
