// Sends what the outbox holds. Guarantees:
// - each message is sent by one worker: a row is claimed with a conditional update
//   (pending → sending) that only one instance can win, on SQLite and PostgreSQL alike, and
//   every later state change is conditional on still holding that claim;
// - per destination, messages go out in order (parts of a long list), never faster than the
//   robot's limit (20 a minute by default): one worker at a time serves a destination
//   (destination-lease.ts) and counts its window from the database; different destinations
//   are served concurrently;
// - retryable failures (network, timeout, 5xx, vendor busy/rate codes) come back with
//   exponential backoff and jitter; permanent ones are marked failed with the reason;
// - a message whose send was in flight when its worker died is sent again once the worker's
//   heartbeat (worker-liveness.ts) has lapsed, and is marked possiblyDuplicated in the log.
import type { Db } from "../db/client";
import { processInstanceId } from "../instance-id";
import type { Logger } from "../logger";
import { DEFAULT_BACKOFF, retryDelay, type BackoffOptions } from "./backoff";
import type { Channel, OutboundMessage, SendResult } from "./channel";
import { destinationLeases } from "./destination-lease";
import { createLiveness } from "./worker-liveness";

export type ResolvedDestination = { channel: Channel; target: string } | { error: string };

export interface DeliveryWorkerOptions {
  db: Db;
  log: Logger;
  /** Maps a row's destination ("group:12") to a vendor channel and its target, or why not. */
  resolve(destination: string, platform: string): Promise<ResolvedDestination>;
  /** Messages per window per destination (robot webhooks: 20 a minute). */
  ratePerWindow?: number;
  windowMs?: number;
  /** Destinations served at once. */
  concurrency?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How often the loop looks for work when not woken by kick(). */
  pollMs?: number;
  /** Heartbeat period; a worker silent for three periods is presumed dead. */
  heartbeatMs?: number;
  /** Last-resort expiry of a hold on a destination (normally released, or dropped with a dead holder). */
  destinationLeaseMs?: number;
  /** Real time: delivery follows the wall clock, never the business clock. */
  now?: () => Date;
  instanceId?: string;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
  reclaimed: number;
}

export interface DeliveryWorker {
  readonly instanceId: string;
  /** One pass: every destination with a due message is served until it has none due. */
  drainOnce(): Promise<DrainResult>;
  /** Drains until nothing more is due before `horizonMs` from now (used by `duban remind`). */
  drainUntilIdle(horizonMs?: number): Promise<DrainResult>;
  start(): void;
  /** Wake the loop now (after an enqueue). */
  kick(): void;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const db = o.db;
  const now = o.now ?? (() => new Date());
  const limit = o.ratePerWindow ?? 20;
  const windowMs = o.windowMs ?? 60_000;
  const concurrency = o.concurrency ?? 8;
  const maxAttempts = o.maxAttempts ?? 8;
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const instanceId = o.instanceId ?? processInstanceId();
  const liveness = createLiveness(db, instanceId, { heartbeatMs: o.heartbeatMs ?? 5_000, now, onError: (e) => o.log.error({ err: e }, "worker heartbeat failed") });
  const leases = destinationLeases(db, instanceId, { ttlMs: o.destinationLeaseMs ?? 10 * 60_000, now });

  let stopping = false;
  let looping = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;

  /** Rows left "sending" by a worker that is no longer alive go back to pending. */
  async function reclaim(): Promise<number> {
    const live = await liveness.liveHolders();
    const r = await db.outboxMessage.updateMany({
      where: { status: "sending", OR: [{ claimedBy: null }, { claimedBy: { notIn: [...live, instanceId] } }] },
      data: { status: "pending", possiblyDuplicated: true, claimedBy: null, nextAttemptAt: now() },
    });
    if (r.count) o.log.warn({ count: r.count }, "re-sending messages whose worker died mid-send (possibly duplicated)");
    await leases.dropDead(live);
    return r.count;
  }

  async function serveDestination(destination: string, result: DrainResult): Promise<void> {
    if (!(await leases.acquire(destination))) return; // another live worker is serving it
    try {
      await serveHeld(destination, result);
    } finally {
      await leases.release(destination);
    }
  }

  /** A state change of a row we claimed; false if the claim was taken from us meanwhile. */
  async function settle(id: number, data: Parameters<Db["outboxMessage"]["updateMany"]>[0]["data"]): Promise<boolean> {
    const r = await db.outboxMessage.updateMany({ where: { id, status: "sending", claimedBy: instanceId }, data: { ...data, claimedBy: null } });
    if (r.count !== 1) o.log.warn({ id }, "outbox row was reclaimed while this worker held it; leaving it to its new holder");
    return r.count === 1;
  }

  async function serveHeld(destination: string, result: DrainResult): Promise<void> {
    // Sends in the window so far, oldest first: seeded from the database (earlier passes,
    // other instances before us), then kept here while we hold the destination.
    const window = (
      await db.outboxMessage.findMany({
        where: { destination, sentAt: { gt: new Date(now().getTime() - windowMs) } },
        orderBy: { sentAt: "desc" },
        take: limit,
        select: { sentAt: true },
      })
    )
      .map((r) => r.sentAt!.getTime())
      .reverse();
    let resolved: ResolvedDestination | undefined;

    for (;;) {
      // Only the oldest unfinished messages may go, in id order: parts of a list stay in order.
      const rows = await db.outboxMessage.findMany({ where: { destination, status: { in: ["pending", "sending"] } }, orderBy: { id: "asc" }, take: 50 });
      if (!rows.length) return;
      for (const row of rows) {
        if (stopping) return; // finish the send in hand, start no new one
        if (row.status !== "pending" || row.nextAttemptAt > now()) return;
        if (window.length >= limit) {
          while (window.length >= limit) {
            const wait = window[window.length - limit]! + windowMs - now().getTime() + 1;
            if (wait <= 0) window.shift();
            else await sleep(wait);
          }
          if (!(await leases.acquire(destination))) return; // renew after sleeping; lost it: stop
        }
        const claimed = await db.outboxMessage.updateMany({
          where: { id: row.id, status: "pending" },
          data: { status: "sending", claimedBy: instanceId, claimedAt: now(), attempts: { increment: 1 } },
        });
        if (claimed.count !== 1) return; // another worker has it
        const attempts = row.attempts + 1;

        let outcome: SendResult;
        try {
          resolved ??= await o.resolve(destination, row.platform);
          const target = resolved;
          outcome =
            "error" in target
              ? { ok: false, retryable: false, error: target.error }
              : await target.channel.send(target.target, { ...(JSON.parse(row.payload) as OutboundMessage), idempotencyKey: row.key });
        } catch (e) {
          // Our own failure (database, a bad payload, a throwing channel): try again later
          // rather than leave the row claimed and its destination stuck.
          outcome = { ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) };
        }

        if (outcome.ok) {
          const sentAt = now();
          window.push(sentAt.getTime());
          if (await settle(row.id, { status: "sent", sentAt, lastError: null })) result.sent++;
          continue;
        }
        // Unknown whether it reached the vendor: count it against the window all the same.
        window.push(now().getTime());
        const error = `${outcome.code !== undefined ? `[${outcome.code}] ` : ""}${outcome.error}`.slice(0, 500);
        if (outcome.retryable && attempts < maxAttempts) {
          const delay = retryDelay(attempts, backoff, outcome.retryAfterMs ?? 0);
          await settle(row.id, { status: "pending", lastError: error, nextAttemptAt: new Date(now().getTime() + delay) });
          o.log.warn({ key: row.key, attempts, delay, error }, "delivery failed, will retry");
          result.retried++;
          return; // keep order: this destination waits for its head
        }
        await settle(row.id, { status: "failed", lastError: error });
        o.log.error({ key: row.key, attempts, error }, "delivery failed permanently");
        result.failed++;
      }
    }
  }

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, retried: 0, reclaimed: 0 };
    await liveness.start();
    result.reclaimed = await reclaim();
    const due = await db.outboxMessage.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now() } },
      distinct: ["destination"],
      select: { destination: true },
    });
    const queue = due.map((d) => d.destination);
    const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let d = queue.shift(); d !== undefined; d = queue.shift()) {
        try {
          await serveDestination(d, result);
        } catch (e) {
          o.log.error({ err: e, destination: d }, "serving a destination failed");
        }
      }
    });
    await Promise.all(lanes);
    return result;
  }

  /**
   * When there is next something to do: a retry falling due, or rows another worker holds
   * becoming reclaimable because its heartbeat lapses (a crashed process's rows, right after
   * the crash, are back in reach within three heartbeats).
   */
  async function nextDueInMs(): Promise<number | null> {
    const next = await db.outboxMessage.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    const times = next ? [next.nextAttemptAt.getTime()] : [];
    const held = await db.outboxMessage.findMany({ where: { status: "sending", claimedBy: { not: instanceId } }, distinct: ["claimedBy"], select: { claimedBy: true } });
    if (held.length) {
      const leases = await db.lease.findMany({ where: { name: { in: held.map((h) => `worker:${h.claimedBy}`) } } });
      const expiry = new Map(leases.map((l) => [l.holder, l.expiresAt.getTime()]));
      for (const h of held) times.push((expiry.get(h.claimedBy ?? "") ?? 0) + 1);
    }
    return times.length ? Math.max(0, Math.min(...times) - now().getTime()) : null;
  }

  /** Due work that a pass could not take is another worker's: wait a little, do not spin. */
  const pause = (r: DrainResult, dueMs: number | null, cap: number) => Math.min(Math.max(dueMs ?? Infinity, r.sent + r.failed + r.retried > 0 ? 0 : 100), cap);

  return {
    instanceId,
    drainOnce,
    async drainUntilIdle(horizonMs = 120_000) {
      const total: DrainResult = { sent: 0, failed: 0, retried: 0, reclaimed: 0 };
      // Measured from the start: a live worker elsewhere renewing its hold must not keep us here.
      const deadline = now().getTime() + horizonMs;
      for (;;) {
        const r = await drainOnce();
        for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
        const due = await nextDueInMs();
        if (due === null || now().getTime() + due > deadline) return total;
        await sleep(pause(r, due, horizonMs));
      }
    },
    start() {
      if (looping) return;
      looping = true;
      loop = (async () => {
        while (!stopping) {
          let r: DrainResult = { sent: 0, failed: 0, retried: 0, reclaimed: 0 };
          try {
            r = await drainOnce();
          } catch (e) {
            o.log.error({ err: e }, "delivery pass failed");
          }
          if (stopping) break;
          const due = await nextDueInMs().catch(() => null);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pause(r, due, o.pollMs ?? 5_000));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      })();
    },
    kick() {
      wake?.();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await liveness.stop();
    },
  };
}
