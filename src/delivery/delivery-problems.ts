// Messages that did not get through: failed for good, dropped as stale, or still being retried
// after failing. What `duban outbox --status failed` and the supervisors' 投递失败 show, and
// what `duban outbox resend` / 重发 put back in the queue.
import type { Db, Tx } from "../db/client";

/** failed or dropped (nothing more will happen), or pending after at least one failed attempt. */
export const PROBLEM_WHERE = {
  OR: [{ status: { in: ["failed", "dropped"] } }, { status: "pending", attempts: { gt: 0 } }],
};

/** What is listed: the above, and messages being sent right now with failed attempts behind
 *  them (a worker holds them: they are shown, never put back in the queue under its feet). */
export const LISTED_WHERE = {
  OR: [...PROBLEM_WHERE.OR, { status: "sending", attempts: { gt: 1 }, lastError: { not: null } }],
};

export async function deliveryProblems(db: Db | Tx, take: number) {
  const [rows, total] = await Promise.all([
    db.outboxMessage.findMany({ where: LISTED_WHERE, orderBy: { id: "desc" }, take }),
    db.outboxMessage.count({ where: LISTED_WHERE }),
  ]);
  return { rows, total };
}

export interface StuckDeliveries {
  /** Still being retried after failing (waiting for the next try, or in a try right now). */
  retrying: number;
  /** Failed for good, or dropped as stale, since `since`. */
  failed: number;
  dropped: number;
  /** The newest of them: where it was going and why it failed. */
  newest?: { id: number; destination: string; lastError: string | null };
}

/** What `duban doctor` reports about the delivery log: messages that are not getting through. */
export async function stuckDeliveries(db: Db | Tx, since: Date): Promise<StuckDeliveries> {
  const recent = { OR: [{ claimedAt: { gte: since } }, { createdAt: { gte: since } }] };
  const retryingWhere = { OR: [{ status: "pending", attempts: { gt: 0 } }, { status: "sending", attempts: { gt: 1 }, lastError: { not: null } }] };
  const [retrying, failed, dropped] = await Promise.all([
    db.outboxMessage.count({ where: retryingWhere }),
    db.outboxMessage.count({ where: { status: "failed", ...recent } }),
    db.outboxMessage.count({ where: { status: "dropped", ...recent } }),
  ]);
  if (!retrying && !failed && !dropped) return { retrying, failed, dropped };
  const newest = await db.outboxMessage.findFirst({
    where: { OR: [retryingWhere, { status: { in: ["failed", "dropped"] }, ...recent }] },
    orderBy: { id: "desc" },
    select: { id: true, destination: true, lastError: true },
  });
  return { retrying, failed, dropped, ...(newest && { newest }) };
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
