// Read receipts of the personal nudges (issue 23). DingTalk answers a 1:1 robot send with a
// processQueryKey and tells, when asked with it, who has read the message: the delivery worker
// keeps the key on the outbox row (receipt) and this records readAt from the answer. WeCom app
// messages have no read receipt (see the README): their rows never get a readAt.
// Asked for rows sent within the last week (DingTalk keeps the state for a limited time), not yet
// read, oldest first, a bounded number per pass: the scheduler calls it every few minutes.
import type { Db } from "../../db/client";
import type { DingtalkApiClient } from "./api-client";

const HORIZON_MS = 7 * 24 * 3600_000;

export async function recordReadReceipts(db: Db, client: Pick<DingtalkApiClient, "readStatus">, now: Date = new Date(), limit = 50): Promise<{ asked: number; read: number }> {
  const rows = await db.outboxMessage.findMany({
    where: { destination: { startsWith: "dingtalk-user:" }, status: "sent", receipt: { not: null }, readAt: null, sentAt: { gt: new Date(now.getTime() - HORIZON_MS) } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, destination: true, receipt: true },
  });
  let read = 0;
  for (const row of rows) {
    const r = await client.readStatus(row.receipt!);
    // A failure is asked again next pass; nothing to record meanwhile.
    if (!r.ok) continue;
    const userId = row.destination.slice("dingtalk-user:".length);
    const mine = r.data.find((x) => x.userId === userId);
    if (!mine?.read) continue;
    await db.outboxMessage.update({ where: { id: row.id }, data: { readAt: mine.readAt ?? now } });
    read++;
  }
  return { asked: rows.length, read };
}
