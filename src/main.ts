// Composition root: the only module that reads process.env. It builds the conversation, the
// platform adapters, the delivery worker and the scheduler, and serves them.
import "dotenv/config";
import { createServer } from "node:http";
import { setFlagsFromString } from "node:v8";
import { clockStartingAt, systemClock } from "./clock";
import { configSecrets, loadConfig, platformStatus, ConfigError, type Config } from "./config";
import { createConversation } from "./conversation/create-conversation";
import { createDeliveryWorker } from "./delivery/delivery-worker";
import { createApp } from "./http/create-app";
import { registerMetricsRoute } from "./http/metrics-route";
import { createAuthThrottle } from "./http/auth-throttle";
import { registerReadinessRoute } from "./http/readiness-route";
import { startBackupSchedule } from "./db/backup-schedule";
import { sqlitePath } from "./db/client";
import { migrationsDir } from "./db/migrate";
import { createMetrics } from "./metrics";
import { createConnectionBoard } from "./platforms/connection-state";
import { startConnectionStatusWriter } from "./platforms/connection-status-writer";
import { processInstanceId } from "./instance-id";
import { createLogger } from "./logger";
import { dingtalkRoutes } from "./platforms/dingtalk/http-routes";
import { createDestinationResolver, dingtalkRobotClient, groupPushByChatId } from "./platforms/push-channels";
import { outboxBotSendLater, outboxSendLater } from "./platforms/wecom/late-reply-outbox";
import { wecomRoutes } from "./platforms/wecom/routes";
import { loadReminderSettings } from "./reminders/load-reminder-settings";
import { deliveryOptions } from "./reminders/schedule-config";
import { startScheduler } from "./reminders/scheduler";
import { recordReadReceipts } from "./platforms/dingtalk/read-receipts";
import { createTodoClient } from "./platforms/dingtalk/todo-client";
import { syncTodos } from "./reminders/sync-todos";
import { createReadModel } from "./read-model/read-model";
import { sqliteVersionReader } from "./read-model/sqlite-version-reader";
import { openPreparedDatabase } from "./startup";
import { loadTemplates } from "./templates";

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`duban: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}

async function main(): Promise<void> {
  // Prisma's query compiler is WebAssembly (~3 MB); V8 would also compile all of it a second
  // time with its optimising tier, which costs ~80 MB of resident memory for no measurable gain
  // here (its share of a query is small). Set before the first database client loads it.
  setFlagsFromString("--liftoff-only");
  const config = readConfig();
  const log = createLogger(config.logLevel, "duban", { secrets: configSecrets(config) });
  const database = await openPreparedDatabase(config, log);
  const { db } = database;
  const instanceId = processInstanceId();

  const clock = config.now ? clockStartingAt(config.now) : systemClock;
  if (config.now) log.info({ now: config.now.toISOString() }, "business clock set by DUBAN_NOW");
  const templates = loadTemplates();
  const settings = loadReminderSettings(config);
  const metrics = createMetrics(db);
  const connections = createConnectionBoard();
  metrics.watchConnections(connections);
  // Loaded before the first message, so that one is not the one that waits for it.
  // On SQLite each message's counter check is a prepared statement on a connection of its own.
  const versions = database.provider === "sqlite" ? sqliteVersionReader(sqlitePath(config.databaseUrl)) : undefined;
  const readModel = createReadModel(db, { versions });
  await readModel.current();
  const handle = metrics.instrument(createConversation({ db, templates, clock, log, reminders: settings, pushByChatId: groupPushByChatId(config), readModel }));

  const platforms = platformStatus(config);
  const missing = Object.entries(platforms).filter(([, on]) => !on).map(([p]) => p);
  if (missing.length) {
    log.warn({ notConfigured: missing }, `not configured: ${missing.join(", ")} (see README: Connecting WeCom and DingTalk); the console chat and CLI work without them`);
  }

  const stops: (() => Promise<void>)[] = [];
  // Late replies go through the outbox; the worker that sends them is created below.
  const kickWorker = () => worker.kick();
  // The long-connection SDKs (~12 MB between them) are loaded only where they are configured,
  // before anything starts (a message must not arrive while the worker below is not made yet).
  const botWs = config.wecom.botWs;
  const wecomLongConnection = botWs && (await import("./platforms/wecom/long-connection"));
  const dingtalkStream = config.dingtalk.robot?.mode === "stream" && (await import("./platforms/dingtalk/stream"));
  const wecomWs =
    botWs && wecomLongConnection
      ? wecomLongConnection.startWecomLongConnection({ config: botWs, handle, log, sendLater: outboxBotSendLater(db, kickWorker), tracker: connections.track("wecom") })
      : undefined;
  if (wecomWs) stops.push(() => wecomWs.stop());
  if (dingtalkStream) {
    const stream = dingtalkStream.startDingtalkStream({ config: config.dingtalk, handle, log, tracker: connections.track("dingtalk") });
    stops.push(() => stream.stop());
  }
  if (wecomWs || dingtalkStream) {
    // After the connections' own stops, so their "stopped" is written before the rows go.
    const statusWriter = startConnectionStatusWriter(db, connections, { instanceId, onError: (err) => log.error({ err }, "connection status not written") });
    stops.push(() => statusWriter.stop());
  }

  const worker = createDeliveryWorker({
    db,
    log: log.child({ component: "delivery" }),
    resolve: createDestinationResolver(db, config, { wecomBot: wecomWs?.channel }),
    ...deliveryOptions(settings.schedule),
    instanceId,
    onEvent: metrics.onDelivery,
  });
  worker.start();
  stops.push(() => worker.stop());

  if (config.scheduler) {
    const dingtalkClient = dingtalkRobotClient(config);
    const scheduler = startScheduler({
      db,
      templates,
      ...settings,
      clock,
      worker,
      log: log.child({ component: "scheduler" }),
      instanceId,
      onTick: metrics.onSchedulerTick,
      ...(dingtalkClient ? { readReceipts: () => recordReadReceipts(db, dingtalkClient) } : {}),
      ...(dingtalkClient && settings.schedule.ladder
        ? (() => {
            const todoClient = createTodoClient(dingtalkClient, { oapiBase: config.dingtalk.oapiBase });
            return { todos: () => syncTodos({ db, templates, ...settings }, todoClient, clock(), { publicUrl: config.signIn.publicUrl }) };
          })()
        : {}),
    });
    stops.unshift(() => scheduler.stop());
    // Catch up a stage missed while the server was down, without waiting for the next minute.
    void scheduler.tick().catch((err) => log.error({ err }, "start-up reminder tick failed"));
  }

  const backup = settings.schedule.backup;
  if (backup && database.provider === "sqlite") {
    const snapshots = startBackupSchedule({ dbFile: sqlitePath(config.databaseUrl), ...backup, log: log.child({ component: "backup" }) });
    stops.unshift(() => snapshots.stop());
  }

  const dingtalkHttp = dingtalkRoutes({ config: config.dingtalk, handle, log });
  // One count of failed sign-ins and wrong tokens per address, for the dashboard and /metrics.
  const authThrottle = createAuthThrottle({ log: log.child({ component: "auth" }) });
  const app = createApp({
    db,
    trustProxy: config.signIn.trustProxy,
    provider: database.provider,
    log,
    platforms,
    dashboard: { adminToken: config.adminToken, clock, schedule: settings.schedule, signIn: config.signIn, throttle: authThrottle },
    routes: [
      (router) =>
        registerReadinessRoute(router, {
          db,
          migrationsDir: migrationsDir(database.provider),
          // Any HTTP callback (WeCom app, WeCom AI bot callback, DingTalk HTTP) is another way in.
          connections: { board: connections, onlyInbound: !(config.wecom.app || config.wecom.bot || config.dingtalk.robot?.mode === "http") },
        }),
      (router) => registerMetricsRoute(router, { registry: metrics.registry, adminToken: config.adminToken, throttle: authThrottle }),
      wecomRoutes({ config: config.wecom, handle, log, sendLater: outboxSendLater(db, kickWorker) }),
      dingtalkHttp,
    ],
  });
  const server = createServer(app.callback());
  server.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.port;
    log.info({ port, database: database.provider }, `duban listening on http://localhost:${port} (GET /healthz)`);
  });

  const shutdown = (signal: string) => {
    log.info({ signal }, "shutting down");
    setTimeout(() => process.exit(0), 10_000).unref();
    void (async () => {
      // Stop taking requests, finish the ones in hand (DingTalk's are answered after its 200),
      // then stop the scheduler, connections and worker, and close the database last.
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      await closed;
      await dingtalkHttp.idle();
      for (const stop of stops) await stop().catch((err) => log.error({ err }, "stop failed"));
      versions?.close();
      await database.close();
      process.exit(0);
    })();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err) => {
  process.stderr.write(`duban: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
