// Messages that did not get through: failed for good, dropped as stale, or still being retried
// after failing. What `duban outbox --status failed` and the supervisors' 投递失败 show, and
// what `duban outbox resend` / 重发 put back in the queue.
import type { Db, Tx } from "../db/client";

/** failed or dropped (nothing more will happen), or pending after at least one failed attempt. */
export const PROBLEM_WHERE = {
  OR: [{ status: { in: ["failed", "dropped"] } }, { status: "pending", attempts: { gt: 0 } }],
};

export async function deliveryProblems(db: Db | Tx, take: number) {
  const [rows, total] = await Promise.all([
    db.outboxMessage.findMany({ where: PROBLEM_WHERE, orderBy: { id: "desc" }, take }),
    db.outboxMessage.count({ where: PROBLEM_WHERE }),
  ]);
  return { rows, total };
}

export interface ResendFilter {
  id?: number;
  /** "failed": failed, dropped and still-retrying messages. */
  status?: "failed";
  /** An outbox destination ("group:12"), a group's chat id, or the unit a message concerns. */
  destination?: string;
}

/**
 * Puts matching undelivered messages back in the queue, due now, with a fresh retry budget
 * (an operator asking for a resend has decided it is still worth sending). Returns how many.
 */
export async function resend(db: Db | Tx, filter: ResendFilter, now = new Date()): Promise<number> {
  const where: Record<string, unknown>[] = [PROBLEM_WHERE];
  // A notice dropped as stale would mislead if sent now (还有7天截止 after the deadline): only
  // an operator naming it by id sends it anyway.
  if (filter.id !== undefined) where.push({ id: filter.id });
  else where.push({ status: { not: "dropped" } });
  if (filter.destination) {
    const d = filter.destination;
    const groups = await db.chatGroup.findMany({ where: { chatId: d }, select: { id: true } });
    where.push({ OR: [{ destination: d }, { subject: d }, ...groups.map((g) => ({ destination: `group:${g.id}` }))] });
  }
  const r = await db.outboxMessage.updateMany({
    where: { AND: where },
    data: { status: "pending", nextAttemptAt: now, attempts: 0, staleAt: null, createdAt: now },
  });
  return r.count;
}
