// The in-server scheduler: node-cron ticks every minute (Asia/Shanghai), one instance per
// tick (leaseCoordinator), runs the due reminder stage and wakes the delivery worker.
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../clock";
import type { DeliveryWorker } from "../delivery/delivery-worker";
import type { Logger } from "../logger";
import { pruneInboundEvents } from "../conversation/prune-inbound-events";
import { leaseCoordinator } from "./lease-coordinator";
import { runTick, type TickDeps, type TickResult } from "./run-tick";

export interface Scheduler {
  /** Runs one tick now (also done once at start, to catch up a stage missed while down). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(
  deps: TickDeps & {
    clock: Clock;
    worker: DeliveryWorker;
    log: Logger;
    instanceId: string;
    onTick?: (r: TickResult) => void;
    /** Records the read state of personal messages (DingTalk 1:1), every few minutes. */
    readReceipts?: () => Promise<{ read: number }>;
    /** Reconciles the DingTalk 待办 with what is due (sync-todos.ts), every few minutes. */
    todos?: () => Promise<{ created: number; completed: number; removed: number; failed: number }>;
  },
): Scheduler {
  let warnedYears = "";
  // Pruning on the wall clock (receivedAt is wall time, whatever DUBAN_NOW says), hourly: the
  // horizon is a day, and a minute's tick need not scan the table.
  let prunedAt = 0;
  const prune = async () => {
    const wall = new Date();
    if (wall.getTime() - prunedAt < 3600_000) return;
    prunedAt = wall.getTime();
    // Never in the way of the reminders: a failed prune is tried again next hour.
    try {
      const pruned = await pruneInboundEvents(deps.db, wall, deps.schedule.inboundEventHours);
      if (pruned) deps.log.info({ pruned }, "old inbound events pruned");
    } catch (e) {
      deps.log.warn({ err: e }, "pruning inbound events failed");
    }
  };
  // Read receipts on the wall clock, every 5 minutes; a failure waits for the next round.
  let receiptsAt = 0;
  const receipts = async () => {
    if (!deps.readReceipts || Date.now() - receiptsAt < 300_000) return;
    receiptsAt = Date.now();
    try {
      const r = await deps.readReceipts();
      if (r.read) deps.log.info({ read: r.read }, "read receipts recorded");
    } catch (e) {
      deps.log.warn({ err: e }, "asking for read receipts failed");
    }
  };
  let todosAt = 0;
  const todos = async () => {
    if (!deps.todos || Date.now() - todosAt < 300_000) return;
    todosAt = Date.now();
    try {
      const r = await deps.todos();
      if (r.created + r.completed + r.removed + r.failed) deps.log.info(r, "DingTalk 待办 reconciled");
    } catch (e) {
      deps.log.warn({ err: e }, "reconciling DingTalk 待办 failed");
    }
  };
  const tick = async () => {
    await prune();
    await receipts();
    await todos();
    const r = await runTick(deps, deps.clock());
    deps.onTick?.(r);
    const years = r.uncoveredYears.join(",");
    if (years && years !== warnedYears) deps.log.warn({ years: r.uncoveredYears }, "holiday calendar lacks these years; add them to seeds/holidays.yaml");
    warnedYears = years;
    if (r.enqueued) {
      deps.log.info({ stage: r.stage && `${r.stage.period.key}:${r.stage.name}`, enqueued: r.enqueued, unbound: r.unboundUnits.length }, "reminders enqueued");
      deps.worker.kick();
    }
  };
  const task: ScheduledTask = cron.schedule(
    "* * * * *",
    async () => {
      try {
        await tick();
      } catch (e) {
        deps.log.error({ err: e }, "scheduler tick failed");
      }
    },
    { name: "duban-reminders", timezone: "Asia/Shanghai", noOverlap: true, distributed: true, runCoordinator: leaseCoordinator(deps.db, deps.instanceId), distributedLease: 55_000 },
  );
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
