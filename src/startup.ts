// What the server and the CLI do before serving: open the database, apply pending
// migrations, and import the seed plan when the database has none yet.
import { openDatabase, type Database } from "./db/client";
import { migrate, migrationsDir } from "./db/migrate";
import { pendingMigrations } from "./db/pending-migrations";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { importPlanFile } from "./plan/import-file";

/**
 * The database, migrated. An up-to-date database (the usual case, and always beside a running
 * server) is checked with one query and the schema engine is never started; otherwise our own
 * connection is closed first, so the engine can take SQLite's lock, and it releases the lock
 * when it is done (migrate() closes every connection it opened).
 */
export async function openMigratedDatabase(config: Pick<Config, "databaseUrl">, log?: Logger): Promise<Database> {
  const database = await openDatabase(config.databaseUrl);
  const pending = await pendingMigrations(database.db, migrationsDir(database.provider)).catch(async (e) => {
    await database.close();
    throw e;
  });
  if (!pending.length) return database;
  await database.close();
  const { applied } = await migrate(config.databaseUrl, { log: (msg) => log?.debug(msg) });
  if (applied.length) log?.info({ applied }, "applied database migrations");
  return await openDatabase(config.databaseUrl);
}

export async function importSeedIfEmpty(database: Database, config: Config, log: Logger): Promise<void> {
  if (!config.autoImport) return;
  if ((await database.db.plan.count()) > 0) return;
  let imported;
  try {
    imported = await importPlanFile(database.db, config.seedPlanFile, { unitsFile: config.unitsFile });
  } catch (e) {
    // Two instances starting on one empty database: the other one imported it first.
    if ((e as { code?: string }).code === "P2002" && (await database.db.plan.count()) > 0) return;
    throw e;
  }
  const { summary, warnings } = imported;
  for (const w of warnings) log.warn({ line: w.line, where: w.where }, w.message);
  log.info({ file: config.seedPlanFile, year: summary.year, tasks: summary.tasks.created }, "imported seed plan into the empty database");
}
