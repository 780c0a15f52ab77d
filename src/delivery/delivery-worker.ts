// Sends what the outbox holds. Guarantees:
// - each message is sent by one worker: a row is claimed with a conditional update
//   (pending → sending) that only one instance can win, on SQLite and PostgreSQL alike, and
//   every later state change is conditional on still holding that claim;
// - per destination (a bound group), messages go out in order (parts of a long list);
// - per robot — the vendor's unit of rate limiting: a WeCom webhook key, a DingTalk
//   access_token, an app robot in one chat — never faster than its limit (20 a minute by
//   default), however many groups share it: one worker at a time serves a robot
//   (destination-lease.ts) and counts its window from the database; different robots are
//   served concurrently;
// - a robot that hangs does not hold up the others: a send slower than `slowSendMs` gives its
//   lane to the next robot with due work while it finishes in the background, and a robot
//   that keeps timing out is left alone for a growing while (circuit breaker);
// - retryable failures (network, timeout, 5xx, vendor busy/rate codes) come back with
//   exponential backoff and jitter until the message is stale — its `staleAt` (a reminder:
//   the next stage), at least `minRetryMs` after it was written — and is then dropped with
//   that reason; permanent failures are marked failed with the reason;
// - a message whose send was in flight when its worker died is sent again once the worker's
//   heartbeat (worker-liveness.ts) has lapsed, and is marked possiblyDuplicated in the log.
import type { Db } from "../db/client";
import { processInstanceId } from "../instance-id";
import type { Logger } from "../logger";
import { DEFAULT_BACKOFF, retryDelay, type BackoffOptions } from "./backoff";
import type { Channel, OutboundMessage, SendResult } from "./channel";
import { destinationLeases } from "./destination-lease";
import { createLiveness } from "./worker-liveness";

/** `robot`: what the vendor rate-limits (default: the destination itself). */
export type ResolvedDestination = { channel: Channel; target: string; robot?: string } | { error: string };

/** What a delivery did, for metrics. */
export type DeliveryEvent = { kind: "sent" | "retry" | "failed" | "dropped"; destination: string; platform: string };

export interface DeliveryWorkerOptions {
  db: Db;
  log: Logger;
  /** Maps a row's destination ("group:12") to a vendor channel, its target and robot, or why not. */
  resolve(destination: string, platform: string): Promise<ResolvedDestination>;
  /** Messages per window per robot (robot webhooks: 20 a minute). */
  ratePerWindow?: number;
  windowMs?: number;
  /** Robots served at once (lanes). */
  concurrency?: number;
  /** Optional cap on attempts; by default a message is retried until it is stale. */
  maxAttempts?: number;
  /** How long a message without its own staleAt is retried (default 24 h). */
  retryForMs?: number;
  /** Every message is retried at least this long after it was written (default 1 h). */
  minRetryMs?: number;
  backoff?: BackoffOptions;
  /** A send in flight longer than this frees its lane for other robots (default 0.25 s; parking a send costs nothing). */
  slowSendMs?: number;
  /** First pause of a robot after a timeout or network failure; doubles up to 10 minutes. */
  breakerMs?: number;
  /** How often the loop looks for work when not woken by kick(). */
  pollMs?: number;
  /** Heartbeat period; a worker silent for three periods is presumed dead. */
  heartbeatMs?: number;
  /** Last-resort expiry of a hold on a robot (normally released, or dropped with a dead holder). */
  destinationLeaseMs?: number;
  /** Real time: delivery follows the wall clock, never the business clock. */
  now?: () => Date;
  instanceId?: string;
  onEvent?: (e: DeliveryEvent) => void;
}

export interface DrainResult {
  sent: number;
  failed: number;
  /** Attempts that will be retried (not messages: see outbox-backlog.ts for those). */
  retried: number;
  reclaimed: number;
  dropped: number;
}

export interface DeliveryWorker {
  readonly instanceId: string;
  /** One pass: every robot with a due message is served until it has none due. */
  drainOnce(): Promise<DrainResult>;
  /** Drains until nothing more is due before `horizonMs` from now (used by `duban remind`). */
  drainUntilIdle(horizonMs?: number): Promise<DrainResult>;
  start(): void;
  /** Wake the loop now (after an enqueue). */
  kick(): void;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const emptyResult = (): DrainResult => ({ sent: 0, failed: 0, retried: 0, reclaimed: 0, dropped: 0 });
type Row = Awaited<ReturnType<Db["outboxMessage"]["findFirstOrThrow"]>>;
type Resolution = ResolvedDestination | { thrown: string };

export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const db = o.db;
  const now = o.now ?? (() => new Date());
  const limit = o.ratePerWindow ?? 20;
  const windowMs = o.windowMs ?? 60_000;
  const concurrency = o.concurrency ?? 16;
  const maxAttempts = o.maxAttempts ?? Infinity;
  const retryForMs = o.retryForMs ?? 24 * 3600_000;
  const minRetryMs = o.minRetryMs ?? 3600_000;
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const slowSendMs = o.slowSendMs ?? 250;
  const breakerMs = o.breakerMs ?? 5_000;
  const instanceId = o.instanceId ?? processInstanceId();
  const liveness = createLiveness(db, instanceId, { heartbeatMs: o.heartbeatMs ?? 5_000, now, onError: (e) => o.log.error({ err: e }, "worker heartbeat failed") });
  const leases = destinationLeases(db, instanceId, { ttlMs: o.destinationLeaseMs ?? 10 * 60_000, now });
  const emit = (kind: DeliveryEvent["kind"], row: Row) => o.onEvent?.({ kind, destination: row.destination, platform: row.platform });

  /** Robots being served by this worker now, some perhaps parked on a slow send. */
  const busy = new Map<string, Promise<void>>();
  /** Robots that timed out: consecutive failures and when they may be tried again. */
  const breaker = new Map<string, { failures: number; openUntil: number }>();

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

  /** A state change of a row we claimed; false if the claim was taken from us meanwhile. */
  async function settle(id: number, data: Parameters<Db["outboxMessage"]["updateMany"]>[0]["data"]): Promise<boolean> {
    const r = await db.outboxMessage.updateMany({ where: { id, status: "sending", claimedBy: instanceId }, data: { claimedAt: now(), ...data, claimedBy: null } });
    if (r.count !== 1) o.log.warn({ id }, "outbox row was reclaimed while this worker held it; leaving it to its new holder");
    return r.count === 1;
  }

  /** Until when a message is worth retrying. */
  const retryUntil = (row: Row) => Math.max((row.staleAt ?? new Date(row.createdAt.getTime() + retryForMs)).getTime(), row.createdAt.getTime() + minRetryMs);
  const staleReason = (row: Row, last: string | null) =>
    `已过期，不再发送（${row.staleAt ? "其后的提醒阶段已开始" : "超过重试期限"}）${last ? `；最后一次错误：${last}` : ""}`.slice(0, 500);

  /** Serves the robot's destinations one after another, under one hold and one rate window. */
  async function serveRobot(robot: string, destinations: string[], resolutions: Map<string, Resolution>, result: DrainResult, onSlow: () => void): Promise<void> {
    if (!(await leases.acquire(robot))) return; // another live worker is serving it
    try {
      // Attempts in the window so far, oldest first: seeded from the database (earlier passes,
      // other instances, other groups on the same robot), then kept here while we hold it.
      const window = (
        await db.outboxMessage.findMany({
          where: { robot, claimedAt: { gt: new Date(now().getTime() - windowMs) } },
          orderBy: { claimedAt: "desc" },
          take: limit,
          select: { claimedAt: true },
        })
      )
        .map((r) => r.claimedAt!.getTime())
        .reverse();
      for (const destination of destinations) {
        if (stopping) return;
        const go = await serveDestination(robot, destination, resolutions, window, result, onSlow);
        if (!go) return; // lost the hold, or the robot is failing: leave its other groups for later
      }
    } finally {
      await leases.release(robot);
    }
  }

  /** false: stop serving this robot now. */
  async function serveDestination(
    robot: string,
    destination: string,
    resolutions: Map<string, Resolution>,
    window: number[],
    result: DrainResult,
    onSlow: () => void,
  ): Promise<boolean> {
    for (;;) {
      // Only the oldest unfinished messages may go, in id order: parts of a list stay in order.
      const rows = await db.outboxMessage.findMany({ where: { destination, status: { in: ["pending", "sending"] } }, orderBy: { id: "asc" }, take: 50 });
      if (!rows.length) return true;
      for (const row of rows) {
        if (stopping) return false; // finish the send in hand, start no new one
        if (row.status !== "pending") return true;
        if (row.staleAt && row.staleAt <= now() && retryUntil(row) <= now().getTime()) {
          // Stale before it could go (e.g. the server was down): late would mislead.
          const r = await db.outboxMessage.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "dropped", lastError: staleReason(row, row.lastError) } });
          if (r.count === 1) {
            result.dropped++;
            emit("dropped", row);
            o.log.warn({ key: row.key }, "dropped a stale message");
          }
          continue;
        }
        if (row.nextAttemptAt > now()) return true;
        if (window.length >= limit) {
          while (window.length >= limit) {
            const wait = window[window.length - limit]! + windowMs - now().getTime() + 1;
            if (wait <= 0) window.shift();
            else await sleep(wait);
          }
          if (!(await leases.acquire(robot))) return false; // renew after sleeping; lost it: stop
        }
        const claimedAt = now();
        const claimed = await db.outboxMessage.updateMany({
          where: { id: row.id, status: "pending" },
          data: { status: "sending", claimedBy: instanceId, claimedAt, robot, attempts: { increment: 1 } },
        });
        if (claimed.count !== 1) return true; // another worker has it
        const attempts = row.attempts + 1;

        let outcome: SendResult;
        const resolution = resolutions.get(destination) ?? { thrown: "not resolved" };
        if ("thrown" in resolution) {
          // Our own failure (e.g. the database while resolving): try again next pass.
          resolutions.delete(destination);
          outcome = { ok: false, retryable: true, error: resolution.thrown };
        } else if ("error" in resolution) {
          outcome = { ok: false, retryable: false, error: resolution.error };
        } else {
          const slow = setTimeout(onSlow, slowSendMs);
          try {
            outcome = await resolution.channel.send(resolution.target, { ...(JSON.parse(row.payload) as OutboundMessage), idempotencyKey: row.key });
          } catch (e) {
            // A bad payload or a throwing channel: retry rather than leave the row claimed.
            outcome = { ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) };
          } finally {
            clearTimeout(slow);
          }
        }

        // Sent or not, it may have reached the vendor: it counts, from when the answer came (the
        // vendor counted it on arrival, a little earlier). claimedAt keeps that time for others.
        const answeredAt = now();
        window.push(answeredAt.getTime());

        if (outcome.ok) {
          breaker.delete(robot);
          if (await settle(row.id, { status: "sent", sentAt: now(), lastError: null, ...(outcome.receipt ? { receipt: outcome.receipt } : {}) })) {
            result.sent++;
            emit("sent", row);
          }
          continue;
        }
        const error = `${outcome.code !== undefined ? `[${outcome.code}] ` : ""}${outcome.error}`.slice(0, 500);
        // Timeouts and network failures (networkFailure's codes) say the robot is unreachable.
        const unreachable = typeof outcome.code === "string" && /^(timeout|network|E[A-Z]+|UND_ERR\w*)$/.test(outcome.code);
        if (unreachable) {
          const b = breaker.get(robot) ?? { failures: 0, openUntil: 0 };
          b.failures++;
          b.openUntil = now().getTime() + Math.min(10 * 60_000, breakerMs * 2 ** (b.failures - 1));
          breaker.set(robot, b);
        }
        if (outcome.retryable && attempts < maxAttempts) {
          // Not before the robot's pause is over: the loop then sleeps instead of looking again.
          const at = Math.max(now().getTime() + retryDelay(attempts, backoff, outcome.retryAfterMs ?? 0), unreachable ? (breaker.get(robot)?.openUntil ?? 0) : 0);
          if (at <= retryUntil(row)) {
            await settle(row.id, { status: "pending", lastError: error, nextAttemptAt: new Date(at) });
            o.log.warn({ key: row.key, attempts, retryAt: new Date(at).toISOString(), error }, "delivery failed, will retry");
            result.retried++;
            emit("retry", row);
            return !unreachable; // keep order: this destination waits for its head
          }
          if (row.staleAt) {
            await settle(row.id, { status: "dropped", lastError: staleReason(row, error) });
            o.log.warn({ key: row.key, attempts, error }, "delivery failed until the message went stale; dropped");
            result.dropped++;
            emit("dropped", row);
            return !unreachable;
          }
        }
        await settle(row.id, { status: "failed", lastError: error });
        o.log.error({ key: row.key, attempts, error }, "delivery failed permanently");
        result.failed++;
        emit("failed", row);
        if (unreachable) return false;
      }
    }
  }

  async function drainOnce(waitForSlow = true): Promise<DrainResult> {
    const result = emptyResult();
    await liveness.start();
    result.reclaimed = await reclaim();
    const due = await db.outboxMessage.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now() } },
      distinct: ["destination"],
      select: { destination: true, platform: true },
      orderBy: { destination: "asc" },
    });
    // Lanes go to robots with due work: group the due destinations by the robot they go through.
    const resolutions = new Map<string, Resolution>();
    const byRobot = new Map<string, string[]>();
    const resolved = await Promise.all(
      due.map(async (d): Promise<Resolution> => {
        try {
          return await o.resolve(d.destination, d.platform);
        } catch (e) {
          return { thrown: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    due.forEach((d, i) => {
      const resolution = resolved[i]!;
      resolutions.set(d.destination, resolution);
      const robot = "channel" in resolution ? (resolution.robot ?? d.destination) : d.destination;
      byRobot.set(robot, [...(byRobot.get(robot) ?? []), d.destination]);
    });
    const t = now().getTime();
    // Healthy robots first; robots whose breaker is open wait it out; robots already being
    // served here (perhaps parked on a slow send) are left to that.
    const queue = [...byRobot.keys()]
      .filter((r) => !busy.has(r) && (breaker.get(r)?.openUntil ?? 0) <= t)
      .sort((a, b) => (breaker.get(a)?.failures ?? 0) - (breaker.get(b)?.failures ?? 0));
    const started: Promise<void>[] = [];
    const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let robot = queue.shift(); robot !== undefined; robot = queue.shift()) {
        if (stopping) return;
        let markSlow!: () => void;
        const slow = new Promise<"slow">((r) => (markSlow = () => r("slow")));
        const task = serveRobot(robot, byRobot.get(robot)!, resolutions, result, markSlow)
          .catch((e) => o.log.error({ err: e, robot }, "serving a robot failed"))
          .finally(() => busy.delete(robot));
        busy.set(robot, task);
        started.push(task);
        // A slow send keeps its robot (and its order) but not the lane.
        await Promise.race([task, slow]);
      }
    });
    await Promise.all(lanes);
    if (waitForSlow) await Promise.all(started);
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

  /** Due work that a pass could not take is another worker's (or parked here): wait a little, do not spin. */
  const pause = (r: DrainResult, dueMs: number | null, cap: number) =>
    Math.min(Math.max(dueMs ?? Infinity, r.sent + r.failed + r.retried + r.dropped > 0 ? 0 : 100), cap);

  return {
    instanceId,
    drainOnce: () => drainOnce(true),
    async drainUntilIdle(horizonMs = 120_000) {
      const total = emptyResult();
      // Measured from the start: a live worker elsewhere renewing its hold must not keep us here.
      const deadline = now().getTime() + horizonMs;
      for (;;) {
        const r = await drainOnce(true);
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
          let r = emptyResult();
          try {
            r = await drainOnce(false);
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
      await Promise.all(busy.values());
      await liveness.stop();
    },
  };
}
