// Composition root: the only module that reads process.env.
import "dotenv/config";
import { createServer } from "node:http";
import { loadConfig, platformStatus, ConfigError } from "./config";
import { createLogger } from "./logger";
import { createApp } from "./http/create-app";
import { importSeedIfEmpty, openMigratedDatabase } from "./startup";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`duban: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const database = await openMigratedDatabase(config, log);
  await importSeedIfEmpty(database, config, log);

  const platforms = platformStatus(config);
  const missing = Object.entries(platforms).filter(([, on]) => !on).map(([p]) => p);
  if (missing.length) {
    log.warn({ notConfigured: missing }, `not configured: ${missing.join(", ")} (see README: Connecting WeCom / DingTalk); the console chat and CLI work without them`);
  }
  if (config.now) log.info({ now: config.now.toISOString() }, "business clock set by DUBAN_NOW");

  const app = createApp({ db: database.db, provider: database.provider, log, platforms });
  const server = createServer(app.callback());
  server.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.port;
    log.info({ port, database: database.provider }, `duban listening on http://localhost:${port} (GET /healthz)`);
  });

  const shutdown = (signal: string) => {
    log.info({ signal }, "shutting down");
    server.close(() => void database.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err) => {
  process.stderr.write(`duban: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
