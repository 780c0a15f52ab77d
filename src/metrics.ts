// Prometheus metrics (prom-client), one registry per server: what operators watch — inbound
// messages and how fast they are answered, the outbox's depth, deliveries and retries per
// destination kind, leases held, scheduler ticks, reminder stages run, and the long connections'
// state and reconnects. Counters are fed by hooks (conversation, delivery worker, scheduler,
// connection board); gauges read the database, or the connection board, when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Db } from "./db/client";
import type { DeliveryEvent } from "./delivery/delivery-worker";
import type { ConnectionBoard, ConnectionPhase } from "./platforms/connection-state";
import type { InboundMessage, MessageHandler } from "./platforms/message";

export interface Metrics {
  registry: Registry;
  /** The handler, counting messages by platform and outcome and timing the replies. */
  instrument(handle: MessageHandler): MessageHandler;
  onDelivery(e: DeliveryEvent): void;
  onSchedulerTick(r: { stage: { period: { key: string }; name: string } | null; enqueued: number }): void;
  /** Long connections: a state gauge per platform (1 for the current state) and reconnects. */
  watchConnections(board: ConnectionBoard): void;
}

const PHASES: ConnectionPhase[] = ["connecting", "open", "backing-off", "stopped"];

export function createMetrics(db: Db, opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "duban_" });
  const inbound = new Counter({ name: "duban_inbound_messages_total", help: "Inbound chat messages by platform and outcome", labelNames: ["platform", "outcome"], registers: [registry] });
  const latency = new Histogram({
    name: "duban_reply_seconds",
    help: "Time from an inbound message to its reply",
    labelNames: ["platform"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4.5, 10],
    registers: [registry],
  });
  const deliveries = new Counter({ name: "duban_deliveries_total", help: "Delivery attempts' results by destination kind (sent, retry, failed, dropped)", labelNames: ["kind", "result"], registers: [registry] });
  const retries = new Counter({ name: "duban_delivery_retries_total", help: "Failed delivery attempts that will be retried", labelNames: ["kind"], registers: [registry] });
  const ticks = new Counter({ name: "duban_scheduler_ticks_total", help: "Scheduler ticks run by this instance", registers: [registry] });
  const stagesSent = new Counter({ name: "duban_reminder_stages_sent_total", help: "Reminder stages this instance enqueued", labelNames: ["stage"], registers: [registry] });
  new Gauge({
    name: "duban_outbox_messages",
    help: "Outbox messages by status",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of ["pending", "sending", "sent", "failed", "dropped"]) this.set({ status }, 0);
      for (const g of await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } })) this.set({ status: g.status }, g._count._all);
    },
  });
  new Gauge({
    name: "duban_leases_held",
    help: "Unexpired leases by kind (worker heartbeats, robot holds, scheduler)",
    labelNames: ["kind"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.lease.findMany({ where: { expiresAt: { gt: new Date() } }, select: { name: true } });
      const counts = new Map<string, number>();
      for (const r of rows) {
        const kind = r.name.includes(":") ? r.name.slice(0, r.name.indexOf(":")) : r.name;
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      for (const [kind, n] of counts) this.set({ kind }, n);
    },
  });
  new Gauge({
    name: "duban_reminder_stages_run",
    help: "Reminder stages run so far (all instances)",
    registers: [registry],
    async collect() {
      this.set(await db.reminderRun.count());
    },
  });

  // The escalation ladder (issue 23): every message it enqueued, by rung (蓝/黄/红) and where it
  // stands — read from the outbox, so rungs sent by any instance and 督办单 sent by hand count.
  new Gauge({
    name: "duban_ladder_messages",
    help: "Escalation ladder messages (personal nudges, 约谈 list, 督办单) by rung and outbox status",
    labelNames: ["rung", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const rung of ["blue", "yellow", "red"]) this.set({ rung, status: "sent" }, 0);
      const rows = await db.outboxMessage.findMany({ where: { key: { startsWith: "ladder:" } }, select: { key: true, status: true } });
      const counts = new Map<string, number>();
      for (const r of rows) {
        const k = `${r.key.split(":")[1]}\u0000${r.status}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      for (const [k, n] of counts) {
        const [rung, status] = k.split("\u0000");
        this.set({ rung: rung!, status: status! }, n);
      }
    },
  });

  const reconnects = new Counter({ name: "duban_long_connection_reconnects_total", help: "Long-connection attempts after the first, by platform", labelNames: ["platform"], registers: [registry] });
  let boards: ConnectionBoard[] = [];
  new Gauge({
    name: "duban_long_connection_state",
    help: "Long connection (WeCom AI bot WebSocket, DingTalk Stream) state by platform: 1 for the current one",
    labelNames: ["platform", "state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of boards.flatMap((b) => b.all())) for (const state of PHASES) this.set({ platform: s.platform, state }, s.state === state ? 1 : 0);
    },
  });

  const kindOf = (destination: string) => destination.split(":")[0] ?? "unknown";
  return {
    registry,
    instrument(handle) {
      return async (message: InboundMessage) => {
        const end = latency.startTimer({ platform: message.platform });
        try {
          const reply = await handle(message);
          inbound.inc({ platform: message.platform, outcome: "answered" });
          return reply;
        } catch (e) {
          inbound.inc({ platform: message.platform, outcome: "error" });
          throw e;
        } finally {
          end();
        }
      };
    },
    onDelivery(e) {
      deliveries.inc({ kind: kindOf(e.destination), result: e.kind });
      if (e.kind === "retry") retries.inc({ kind: kindOf(e.destination) });
    },
    watchConnections(board) {
      boards = [...boards, board];
      const seen = new Map<string, number>();
      board.onChange((s) => {
        const before = seen.get(s.platform) ?? 0;
        if (s.reconnects > before) reconnects.inc({ platform: s.platform }, s.reconnects - before);
        seen.set(s.platform, s.reconnects);
      });
    },
    onSchedulerTick(r) {
      ticks.inc();
      if (r.stage && r.enqueued) stagesSent.inc({ stage: r.stage.name });
    },
  };
}
