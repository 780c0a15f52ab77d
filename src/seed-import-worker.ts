// Migrations and the seed import, run by the server in a child process of its own (see
// openPreparedDatabase in startup.ts): the schema engine and the import's parse and writes grow
// the heap by ~50 MB that V8 keeps long after (it returns pages lazily), so a server that did
// them in-process idled at ~200 MB against ~150 MB when started on a prepared database. The
// child's memory goes back to the system when it exits. It runs with the server's environment.
import "dotenv/config";
import { configSecrets, loadConfig } from "./config";
import { createLogger } from "./logger";
import { importSeedIfEmpty, openMigratedDatabase } from "./startup";

const config = loadConfig(process.env);
// Masks the same secrets as the server (a database URL with a password, tokens) in what it logs.
const log = createLogger(config.logLevel, "duban", { secrets: configSecrets(config) });
try {
  const database = await openMigratedDatabase(config, log);
  try {
    await importSeedIfEmpty(database, config, log);
  } finally {
    await database.close();
  }
} catch (err) {
  // Said once, in the server's log, as the operator should read it; the server then stops.
  log.fatal({ err }, `preparing the database failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
