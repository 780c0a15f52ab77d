// What the server and the CLI do before serving: open the database, apply pending
// migrations, and import the seed plan when the database has none yet.
import { openDatabase, type Database } from "./db/client";
import { migrate } from "./db/migrate";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { importPlanFile } from "./plan/import-file";

export async function openMigratedDatabase(config: Pick<Config, "databaseUrl">, log?: Logger): Promise<Database> {
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
