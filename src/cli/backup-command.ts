// `duban backup [--out FILE]` and `duban restore FILE`: SQLite only (PostgreSQL has pg_dump).
// Backup is safe while the server runs; restore refuses while anything has the database open.
// Neither opens the database through Prisma: restore must be the only connection, and a backup
// is of the database as it is (no migration, no seed import first).
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import type { Command } from "commander";
import { BackupError, backupFileName, backupSqlite, defaultBackupDir, restoreSqlite } from "../db/backup";
import { sqlitePath } from "../db/client";
import { providerForUrl } from "../db/provider";
import { loadTemplates, type Templates } from "../templates";
import type { CliContext } from "./context";
import { IncompleteRun } from "./exit-code";

export const OPS_TEMPLATES = fileURLToPath(new URL("../../templates/ops.zh-CN.yaml", import.meta.url));

function megabytes(bytes: number): string {
  return bytes < 1 << 20 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

/** The SQLite file of the configured database; on PostgreSQL, says what to use instead. */
function sqliteFile(c: CliContext, tpl: Templates): string {
  if (providerForUrl(c.config.databaseUrl) !== "sqlite") {
    c.warn(tpl.t("backup.postgresql"));
    throw new IncompleteRun(1);
  }
  return sqlitePath(c.config.databaseUrl);
}

async function explained<T>(c: CliContext, tpl: Templates, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    c.warn(tpl.t(`backup.${e.reason}`, { file: e.file, why: e.why ?? "" }));
    throw new IncompleteRun(1);
  }
}

export function registerBackupCommands(program: Command, ctx: () => CliContext): void {
  program
    .command("backup")
    .description("copy the SQLite database while the server runs (SQLite's online backup)")
    .option("--out <file>", "where to write it (default: backups/ beside the database, named by the time)")
    .action(async (o: { out?: string }) => {
      const c = ctx();
      const tpl = loadTemplates(OPS_TEMPLATES);
      const db = sqliteFile(c, tpl);
      const out = o.out ? resolve(o.out) : resolve(defaultBackupDir(db), backupFileName(db, new Date()));
      const r = await explained(c, tpl, () => backupSqlite(db, out));
      c.out(tpl.t("backup.done", { file: r.file, size: megabytes(r.bytes), ms: r.ms }));
    });

  program
    .command("restore")
    .description("replace the SQLite database with a backup (refused while the server or a command has it open)")
    .argument("<file>", "a backup written by duban backup")
    .action(async (file: string) => {
      const c = ctx();
      const tpl = loadTemplates(OPS_TEMPLATES);
      const db = sqliteFile(c, tpl);
      const r = await explained(c, tpl, () => restoreSqlite(resolve(file), db));
      c.out(tpl.t("backup.restored", { from: resolve(file), file: db }));
      if (r.replaced) c.out(tpl.t("backup.replaced", { file: r.replaced }));
      c.out(tpl.t("backup.next_start"));
    });
}
