// A conversation over a fresh database with the seed plan and a small directory:
//   zhangsan — 市商务局 liaison; wangwu — 魏都区政府 liaison; lisi — 督查局 supervisor;
//   group "wr-shangwu" bound to 市商务局, group "wr-duban" the supervision group.
import { fixedClock } from "../../src/clock";
import { createConversation, type ConversationDeps } from "../../src/conversation/create-conversation";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { createLogger } from "../../src/logger";
import { importPlanFile } from "../../src/plan/import-file";
import type { InboundMessage, Reply } from "../../src/platforms/message";
import { loadTemplates } from "../../src/templates";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const DIRECTORY = `
members:
  - { platform: wecom, user: zhangsan, name: 张三, unit: 市商务局 }
  - { platform: wecom, user: wangwu, name: 王五, unit: 魏都区政府 }
  - { platform: wecom, user: lisi, name: 李四, unit: 督查局, role: supervisor }
  - { platform: dingtalk, user: "0001", name: 赵六, unit: 市发展改革委 }
groups:
  - { platform: wecom, chat: wr-shangwu, unit: 市商务局 }
  - { platform: wecom, chat: wr-duban, supervision: true }
`;

export interface ConversationHarness {
  database: TestDatabase;
  now: { value: Date };
  /** Sends a message as `user` (1:1 unless chat is given) and returns the reply. */
  send(user: string, text: string, opts?: Partial<InboundMessage>): Promise<Reply>;
  handle(message: InboundMessage): Promise<Reply>;
}

export async function createHarness(at = "2020-03-24T09:00:00+08:00", opts: { reminders?: ConversationDeps["reminders"] } = {}): Promise<ConversationHarness> {
  const database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  await loadDirectoryText(database.db, DIRECTORY, "test-directory.yaml");
  const now = { value: new Date(at) };
  const handle = createConversation({
    db: database.db,
    templates: loadTemplates(),
    clock: () => fixedClock(now.value)(),
    log: createLogger("silent"),
    ...(opts.reminders ? { reminders: opts.reminders } : {}),
  });
  let n = 0;
  return {
    database,
    now,
    handle,
    send(user, text, opts = {}) {
      n++;
      return handle({
        platform: "wecom",
        messageId: `m-${n}-${Math.random().toString(36).slice(2)}`,
        chatId: opts.chatId ?? user,
        chatType: opts.chatId ? "group" : "single",
        senderId: user,
        text,
        ...opts,
      });
    },
  };
}

/** 赵七 ("zhaoqi"): the liaison of both 市商务局 and 市发展改革委 (task 12 is on both lists). */
export async function addTwoUnitLiaison(h: ConversationHarness): Promise<void> {
  const units = await h.database.db.unit.findMany({ where: { name: { in: ["市商务局", "市发展改革委"] } } });
  for (const u of units) await h.database.db.member.create({ data: { platform: "wecom", userId: "zhaoqi", name: "赵七", unitId: u.id } });
}

/**
 * Clears what a test's messages leave behind: reports, open questions, 落实方案, 延期 and 异议,
 * and the 办结/销号 state (per lead unit on Assignment, summed up on Task).
 */
export async function resetState(h: ConversationHarness): Promise<void> {
  const db = h.database.db;
  const closure = { closure: null, closureNote: null, closureAt: null, closureBy: null, closedAt: null, closedBy: null, returnedReason: null, returnedAt: null };
  await db.report.deleteMany();
  await db.pendingQuestion.deleteMany();
  await db.milestone.deleteMany();
  await db.taskPlan.deleteMany();
  await db.outboxMessage.deleteMany();
  await db.extension.deleteMany();
  await db.objection.deleteMany();
  await db.task.updateMany({ data: closure });
  await db.assignment.updateMany({ data: closure });
}
