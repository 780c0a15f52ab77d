// The outbox: every outgoing message is written here first, under a unique key, and sent
// later by a worker (delivery-worker.ts). Writing it is part of the transaction that decided
// to send it, so nothing due is lost on a crash, and the key makes enqueueing idempotent.
import type { Db, Tx } from "../db/client";
import type { OutboundMessage } from "./channel";

export interface OutboxDraft {
  /** Unique per message: e.g. "2020Q1:d7:group:12:part1". Enqueueing the same key twice is a no-op. */
  key: string;
  platform: string;
  /** Where: "group:<ChatGroup id>" — resolved to a vendor channel when sent. */
  destination: string;
  message: OutboundMessage;
  /** The unit or group it concerns, for the delivery log ("市商务局"). */
  subject?: string;
  /** Not before this instant (default: now). */
  notBefore?: Date;
  /** No use after this instant (a reminder: when the next stage begins): retried until then, then dropped. */
  staleAt?: Date;
}

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "dropped";

/** Adds the drafts whose keys are new; returns how many were added. */
export async function enqueue(db: Db | Tx, drafts: OutboxDraft[]): Promise<number> {
  if (!drafts.length) return 0;
  const existing = new Set(
    (await db.outboxMessage.findMany({ where: { key: { in: drafts.map((d) => d.key) } }, select: { key: true } })).map((r) => r.key),
  );
  const fresh = drafts.filter((d) => !existing.has(d.key));
  if (!fresh.length) return 0;
  // skipDuplicates is not available on SQLite; the keys were checked just above, inside the
  // caller's transaction, and the unique index still guards against a racing enqueue.
  await db.outboxMessage.createMany({
    data: fresh.map((d) => ({
      key: d.key,
      platform: d.platform,
      channel: d.destination.split(":")[0]!,
      destination: d.destination,
      payload: JSON.stringify(d.message),
      subject: d.subject ?? null,
      ...(d.notBefore ? { nextAttemptAt: d.notBefore } : {}),
      ...(d.staleAt ? { staleAt: d.staleAt } : {}),
    })),
  });
  return fresh.length;
}
