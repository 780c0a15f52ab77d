// SQLite backups (the embedded default; PostgreSQL has pg_dump).
//
// Guarantees, each tested:
// - backupSqlite() copies through SQLite's online backup API on a connection of its own, so the
//   server keeps writing meanwhile (WAL: readers never block the writer). The copy is one
//   consistent state of the database: every transaction committed before it began is in it,
//   none half. It is written beside the target and renamed into place, so a file with the
//   target's name is always a whole backup.
// - restoreSqlite() refuses while any connection has the database open (a running server, a
//   duban command): it asks SQLite to leave WAL mode, which SQLite refuses while another
//   connection is open. It refuses a file that is not an intact duban database. The database
//   it replaces is kept beside it, renamed, never deleted.
// - pruneBackups() deletes only files named as backupSqlite() names them, oldest first.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import BetterSqlite3 from "better-sqlite3";

/** Why a backup or restore did not happen; the CLI says it in words from templates/ops.zh-CN.yaml. */
export class BackupError extends Error {
  constructor(
    readonly reason: "in_use" | "not_a_backup" | "missing",
    readonly file: string,
    readonly why?: string,
  ) {
    super(`${reason}: ${file}${why ? ` (${why})` : ""}`);
    this.name = "BackupError";
  }
}

/** 20261207T023000Z: sorts as it ages, and never depends on the server's time zone. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/** Where backups of a database file go unless told otherwise: a backups/ folder beside it. */
export function defaultBackupDir(dbFile: string): string {
  return join(dirname(dbFile), "backups");
}

/** The name a backup taken at `at` gets: duban-20261207T023000Z.db for duban.db. */
export function backupFileName(dbFile: string, at: Date): string {
  return `${basename(dbFile).replace(/\.db$/, "")}-${stamp(at)}.db`;
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

export async function backupSqlite(dbFile: string, outFile: string): Promise<BackupResult> {
  if (!existsSync(dbFile)) throw new BackupError("missing", dbFile);
  const started = Date.now();
  mkdirSync(dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial`;
  rmSync(partial, { force: true });
  const source = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    // After the first step, ask for every remaining page in one step: a write by another
    // connection between steps restarts the copy, and one step is one read transaction that the
    // server's writes (WAL) never wait for.
    await source.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    source.close();
  }
  renameSync(partial, outFile);
  return { file: outFile, bytes: statSync(outFile).size, ms: Date.now() - started };
}

/** Why `file` is not a duban database to restore, or undefined when it is one. */
function notADubanDatabase(file: string): string | undefined {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return (e as Error).message;
  }
  try {
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") return `quick_check: ${String(check)}`;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has("_prisma_migrations") || !tables.has("Plan")) return "no duban tables (_prisma_migrations, Plan)";
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    db.close();
  }
}

/** Throws BackupError("in_use") when another connection has the database open. */
function assertNotInUse(dbFile: string): void {
  if (!existsSync(dbFile)) return;
  const db = new BetterSqlite3(dbFile, { fileMustExist: true, timeout: 0 });
  try {
    // Leaving WAL mode needs every other connection closed; SQLite answers SQLITE_BUSY otherwise.
    // (A server killed with -9 holds nothing: its leftover -wal is recovered here first.)
    db.pragma("journal_mode = DELETE");
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") throw new BackupError("in_use", dbFile);
    throw e;
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  /** Where the database that was replaced now is (undefined when there was none). */
  replaced?: string;
}

export async function restoreSqlite(backupFile: string, dbFile: string, at = new Date()): Promise<RestoreResult> {
  if (!existsSync(backupFile)) throw new BackupError("missing", backupFile);
  const why = notADubanDatabase(backupFile);
  if (why) throw new BackupError("not_a_backup", backupFile, why);
  assertNotInUse(dbFile);
  mkdirSync(dirname(dbFile), { recursive: true });
  // Copied beside the database first (through the backup API: a backup that is itself in WAL
  // mode is read whole), then renamed into place.
  const incoming = `${dbFile}.restoring`;
  rmSync(incoming, { force: true });
  const source = new BetterSqlite3(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming);
  } finally {
    source.close();
  }
  let replaced: string | undefined;
  if (existsSync(dbFile)) {
    replaced = `${dbFile}.replaced-${stamp(at)}`;
    renameSync(dbFile, replaced);
  }
  for (const side of ["-wal", "-shm"]) rmSync(`${dbFile}${side}`, { force: true });
  renameSync(incoming, dbFile);
  return { replaced };
}

/** Deletes the oldest backups of `dbFile` in `dir` beyond the newest `keep`; returns their paths. */
export function pruneBackups(dir: string, dbFile: string, keep: number): string[] {
  const base = basename(dbFile).replace(/\.db$/, "");
  const ours = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d{8}T\\d{6}Z\\.db$`);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => ours.test(n));
  } catch {
    return [];
  }
  const old = names.sort().reverse().slice(keep).map((n) => join(dir, n));
  for (const f of old) rmSync(f, { force: true });
  return old;
}
