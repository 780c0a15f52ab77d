// What the server and the CLI do before serving: open the database, apply pending
// migrations, and import the seed plan when the database has none yet.
import { openDatabase, type Database } from "./db/client";
import { migrate, migrationsDir } from "./db/migrate";
import { pendingMigrations } from "./db/pending-migrations";
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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

/**
 * The server's start-up work on the database — pending migrations and the seed import — in a
 * child process (src/seed-import-worker.ts), so the memory they take leaves with it: the
 * schema engine (WebAssembly) and the import's parse and writes grow the heap by ~50 MB that
 * V8 keeps long after (it returns pages lazily). Nothing is started when the database is up to
 * date and has a plan (the usual start). The child runs the build
 * (dist/seed-import-worker.js beside dist/main.js) or, under tsx (`npm run dev`, tests), the
 * source with the same loader flags.
 */
export async function openPreparedDatabase(config: Config, log: Logger): Promise<Database> {
  const database = await openDatabase(config.databaseUrl);
  let ready: boolean;
  try {
    const pending = await pendingMigrations(database.db, migrationsDir(database.provider));
    ready = !pending.length && (!config.autoImport || (await database.db.plan.count()) > 0);
  } catch (e) {
    await database.close();
    throw e;
  }
  if (ready) return database;
  // Closed first: on SQLite the schema engine in the child takes the database's lock.
  await database.close();
  const script = workerScript();
  // --liftoff-only: the child compiles Prisma's schema engine and query compiler (WebAssembly)
  // only to use them for a second or two; V8's optimising tier on top cost ~0.6 s of a first
  // start (1.7–2.4 s → 1.2–1.4 s for the child alone).
  const execArgv = [...(script.endsWith(".ts") ? ["--import", "tsx"] : []), "--liftoff-only"];
  const child = fork(script, [], { execArgv, env: childEnv(config, log), stdio: "inherit" });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (c, signal) => resolve(signal ? 128 : c));
  });
  if (code !== 0) throw new Error(`preparing the database (migrations, seed import) failed in a child process (exit ${code}); its error is logged above`);
  return await openDatabase(config.databaseUrl);
}

/** The child reads its config from its environment: what this process's config says wins. */
function childEnv(config: Config, log: Logger): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    DUBAN_SEED_PLAN: config.seedPlanFile,
    DUBAN_UNITS_FILE: config.unitsFile,
    DUBAN_AUTO_IMPORT: String(config.autoImport),
    LOG_LEVEL: log.level,
  };
}

function workerScript(): string {
  const main = process.argv[1] ?? "";
  const built = join(dirname(main), "seed-import-worker.js");
  if (/\.js$/.test(main) && existsSync(built)) return built;
  return join(dirname(fileURLToPath(import.meta.url)), "seed-import-worker.ts");
}
