// What every CLI command needs, opened on first use: config, logger, migrated database.
import type { Config } from "../config";
import { configSecrets, loadConfig } from "../config";
import type { Database } from "../db/client";
import { createLogger, type Logger } from "../logger";
import { importSeedIfEmpty, openMigratedDatabase } from "../startup";

export interface CliContext {
  config: Config;
  log: Logger;
  out: (line: string) => void;
  /** Warnings and notes for the operator (stderr). */
  warn: (line: string) => void;
  /** The database, migrated; with the seed plan imported unless `seed: false`. */
  database(opts?: { seed?: boolean }): Promise<Database>;
  close(): Promise<void>;
}

export function createCliContext(
  env: Record<string, string | undefined>,
  io: { out: (line: string) => void; err: (text: string) => void },
): CliContext {
  const config = loadConfig(env);
  // The CLI logs warnings only, to stderr, so its stdout stays parseable.
  const log = createLogger(env.LOG_LEVEL ?? "warn", "duban-cli", { secrets: configSecrets(config) });
  let opened: Promise<Database> | undefined;
  return {
    config,
    log,
    out: io.out,
    warn: (line) => io.err(`${line}\n`),
    async database(opts = {}) {
      opened ??= openMigratedDatabase(config, log);
      const database = await opened;
      if (opts.seed !== false) await importSeedIfEmpty(database, config, log);
      return database;
    },
    async close() {
      if (opened) await (await opened).close();
    },
  };
}
