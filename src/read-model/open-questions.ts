// Who has an open question (PendingQuestion) in which chat: the common message has none, and
// need not query for it. Expired rows count too: dispatch drops them when the person writes.
import type { Db, Tx } from "../db/client";

export interface OpenQuestions {
  has(platform: string, chatId: string, userId: string): boolean;
}

export async function loadOpenQuestions(db: Db | Tx): Promise<OpenQuestions> {
  const rows = await db.pendingQuestion.findMany({ select: { platform: true, chatId: true, userId: true } });
  const keys = new Set(rows.map((r) => `${r.platform}\u0000${r.chatId}\u0000${r.userId}`));
  return { has: (platform, chatId, userId) => keys.has(`${platform}\u0000${chatId}\u0000${userId}`) };
}
