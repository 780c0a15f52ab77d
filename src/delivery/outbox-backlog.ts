// What the outbox has not finished, counted in messages (not attempts): rows in flight and who
// holds them, rows waiting for a retry and when, rows that failed for good. `duban remind`,
// `duban outbox` and the supervisors' 投递失败 read it.
import type { Db } from "../db/client";

export interface InFlight {
  holder: string;
  count: number;
  /** When the holder's heartbeat lapses unless renewed; null when it has none (already dead). */
  holderExpiresAt: Date | null;
}

export interface Backlog {
  inFlight: InFlight[];
  waiting: { count: number; nextAttemptAt: Date | null };
  failed: number;
}

export async function outboxBacklog(db: Db): Promise<Backlog> {
  const [sending, waiting, next, failed] = await Promise.all([
    db.outboxMessage.groupBy({ by: ["claimedBy"], where: { status: "sending" }, _count: { _all: true } }),
    db.outboxMessage.count({ where: { status: "pending" } }),
    db.outboxMessage.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } }),
    db.outboxMessage.count({ where: { status: "failed" } }),
  ]);
  const holders = sending.map((s) => s.claimedBy ?? "");
  const leases = await db.lease.findMany({ where: { name: { in: holders.map((h) => `worker:${h}`) } } });
  const expiry = new Map(leases.map((l) => [l.holder, l.expiresAt]));
  return {
    inFlight: sending.map((s) => ({ holder: s.claimedBy ?? "?", count: s._count._all, holderExpiresAt: expiry.get(s.claimedBy ?? "") ?? null })),
    waiting: { count: waiting, nextAttemptAt: next?.nextAttemptAt ?? null },
    failed,
  };
}
