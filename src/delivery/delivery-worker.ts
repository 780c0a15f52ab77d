// Sends what the outbox holds. Guarantees:
// - each message is sent by one worker: a row is claimed with a conditional update
//   (pending → sending) that only one instance can win, on SQLite and PostgreSQL alike;
// - per destination, messages go out in order (parts of a long list), never faster than the
//   robot's limit (20 a minute by default), counted from the database so that two instances
//   share one budget; different destinations are served concurrently;
// - retryable failures (network, timeout, 5xx, vendor busy/rate codes) come back with
//   exponential backoff and jitter; permanent ones are marked failed with the reason;
// - a message whose send was in flight when its worker died is sent again once the worker's
//   heartbeat lease has lapsed, and is marked possiblyDuplicated in the delivery log.
import { hostname } from "node:os";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { DEFAULT_BACKOFF, retryDelay, type BackoffOptions } from "./backoff";
import type { Channel, OutboundMessage, SendResult } from "./channel";

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
  /** A worker whose heartbeat is older than this is presumed dead. */
  heartbeatMs?: number;
  /** How long a worker's hold on a destination lasts unless renewed (it is, while sending). */
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
  /** Drains until nothing is due within `horizonMs` (used by `duban remind`). */
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
  const heartbeatMs = o.heartbeatMs ?? 5_000;
  const instanceId = o.instanceId ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const leaseName = `worker:${instanceId}`;
  const destinationLeaseMs = o.destinationLeaseMs ?? 30_000;

  let running = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let lastBeat = 0;

  async function heartbeat(force = false): Promise<void> {
    const t = now().getTime();
    if (!force && t - lastBeat < heartbeatMs / 2) return;
    lastBeat = t;
    const expiresAt = new Date(t + heartbeatMs * 3);
    await db.lease.upsert({ where: { name: leaseName }, create: { name: leaseName, holder: instanceId, expiresAt }, update: { expiresAt } });
  }

  /** Rows left "sending" by a worker that is no longer alive go back to pending. */
  async function reclaim(): Promise<number> {
    const live = (await db.lease.findMany({ where: { name: { startsWith: "worker:" }, expiresAt: { gt: now() } }, select: { holder: true } })).map((l) => l.holder);
    const r = await db.outboxMessage.updateMany({
      where: { status: "sending", OR: [{ claimedBy: null }, { claimedBy: { notIn: live } }] },
      data: { status: "pending", possiblyDuplicated: true, claimedBy: null, nextAttemptAt: now() },
    });
    if (r.count) o.log.warn({ count: r.count }, "re-sending messages whose worker died mid-send (possibly duplicated)");
    // A dead worker's hold on its destinations goes too, so they are served at once.
    await db.lease.deleteMany({ where: { name: { startsWith: "dest:" }, holder: { notIn: [...live, instanceId] } } });
    return r.count;
  }

  /**
   * One worker serves a destination at a time (a lease row per destination), so order and the
   * rate window are exact across instances; the lease lapses if its holder dies.
   */
  async function acquireDestination(destination: string): Promise<boolean> {
    const name = `dest:${destination}`;
    const t = now();
    const expiresAt = new Date(t.getTime() + destinationLeaseMs);
    const taken = await db.lease.updateMany({ where: { name, OR: [{ expiresAt: { lt: t } }, { holder: instanceId }] }, data: { holder: instanceId, expiresAt } });
    if (taken.count === 1) return true;
    try {
      await db.lease.create({ data: { name, holder: instanceId, expiresAt } });
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") return false;
      throw e;
    }
  }

  async function releaseDestination(destination: string): Promise<void> {
    await db.lease.deleteMany({ where: { name: `dest:${destination}`, holder: instanceId } });
  }

  async function serveDestination(destination: string, result: DrainResult): Promise<void> {
    if (!(await acquireDestination(destination))) return; // another instance is serving it
    try {
      await serveHeld(destination, result);
    } finally {
      await releaseDestination(destination);
    }
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
    let leaseRenewedAt = now().getTime();

    for (;;) {
      // Only the oldest unfinished messages may go, in id order: parts of a list stay in order.
      const rows = await db.outboxMessage.findMany({ where: { destination, status: { in: ["pending", "sending"] } }, orderBy: { id: "asc" }, take: 50 });
      if (!rows.length) return;
      for (const row of rows) {
        if (!running && loop) return; // stopping: finish the send in hand, start no new one
        if (row.status !== "pending" || row.nextAttemptAt > now()) return;
        while (window.length >= limit) {
          const wait = window[window.length - limit]! + windowMs - now().getTime() + 1;
          if (wait <= 0) window.shift();
          else await sleep(wait);
        }
        if (now().getTime() - leaseRenewedAt > destinationLeaseMs / 3) {
          await acquireDestination(destination);
          leaseRenewedAt = now().getTime();
        }
        const claimed = await db.outboxMessage.updateMany({
          where: { id: row.id, status: "pending" },
          data: { status: "sending", claimedBy: instanceId, claimedAt: now(), attempts: { increment: 1 } },
        });
        if (claimed.count !== 1) return; // another worker has it
        await heartbeat();

        resolved ??= await o.resolve(destination, row.platform);
        const target = resolved;
        const outcome: SendResult =
          "error" in target
            ? { ok: false, retryable: false, error: target.error }
            : await target.channel.send(target.target, { ...(JSON.parse(row.payload) as OutboundMessage), idempotencyKey: row.key }).catch(
                (e: unknown): SendResult => ({ ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) }),
              );
        const attempts = row.attempts + 1;
        if (outcome.ok) {
          const sentAt = now();
          window.push(sentAt.getTime());
          await db.outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt, lastError: null, claimedBy: null } });
          result.sent++;
          continue;
        }
        // Unknown whether it reached the vendor: count it against the window all the same.
        window.push(now().getTime());
        const error = `${outcome.code !== undefined ? `[${outcome.code}] ` : ""}${outcome.error}`.slice(0, 500);
        if (outcome.retryable && attempts < maxAttempts) {
          const delay = retryDelay(attempts, backoff, outcome.retryAfterMs ?? 0);
          await db.outboxMessage.update({
            where: { id: row.id },
            data: { status: "pending", lastError: error, claimedBy: null, nextAttemptAt: new Date(now().getTime() + delay) },
          });
          o.log.warn({ key: row.key, attempts, delay, error }, "delivery failed, will retry");
          result.retried++;
          return; // keep order: this destination waits for its head
        }
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "failed", lastError: error, claimedBy: null } });
        o.log.error({ key: row.key, attempts, error }, "delivery failed permanently");
        result.failed++;
      }
    }
  }

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, retried: 0, reclaimed: 0 };
    await heartbeat(true);
    result.reclaimed = await reclaim();
    const due = await db.outboxMessage.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now() } },
      distinct: ["destination"],
      select: { destination: true },
    });
    const queue = due.map((d) => d.destination);
    const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let d = queue.shift(); d !== undefined; d = queue.shift()) await serveDestination(d, result);
    });
    await Promise.all(lanes);
    return result;
  }

  async function nextDueInMs(): Promise<number | null> {
    const next = await db.outboxMessage.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
    return next ? Math.max(0, next.nextAttemptAt.getTime() - now().getTime()) : null;
  }

  const worker: DeliveryWorker = {
    instanceId,
    drainOnce,
    async drainUntilIdle(horizonMs = 120_000) {
      const total: DrainResult = { sent: 0, failed: 0, retried: 0, reclaimed: 0 };
      for (;;) {
        const r = await drainOnce();
        for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
        const wait = await nextDueInMs();
        if (wait === null || wait > horizonMs) return total;
        // Due work this pass could not take is held by another worker: look again shortly.
        const progressed = r.sent + r.failed + r.retried > 0;
        await sleep(Math.min(Math.max(wait, progressed ? 0 : 50), horizonMs));
      }
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let progressed = false;
          try {
            const r = await drainOnce();
            progressed = r.sent + r.failed + r.retried > 0;
          } catch (e) {
            o.log.error({ err: e }, "delivery pass failed");
          }
          if (!running) break;
          const due = await nextDueInMs().catch(() => null);
          // Due work this pass could not take is another worker's: do not spin on it.
          const wait = Math.min(due ?? Infinity, o.pollMs ?? 5_000);
          await new Promise<void>((r) => {
            const timer = setTimeout(r, progressed ? wait : Math.max(wait, 100));
            wake = () => {
              clearTimeout(timer);
              r();
            };
          });
        }
      })();
    },
    kick() {
      wake?.();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await db.lease.deleteMany({ where: { name: leaseName } }).catch(() => undefined);
    },
  };
  return worker;
}
