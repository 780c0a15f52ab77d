// The change counters on SQLite, read through a prepared statement on a read-only connection of
// their own: the one query a read-only message makes, without Prisma's per-query work (query
// compilation, the adapter's async hop). The connection reads what is committed (WAL snapshot),
// never an open transaction's rows; a write transaction still reads the counters through its
// own client (read-model.ts).
import BetterSqlite3 from "better-sqlite3";
import type { Domain, ModelVersion } from "./model-version";

export interface VersionReader {
  read(): ModelVersion | null;
  close(): void;
}

export function sqliteVersionReader(file: string): VersionReader {
  const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  const select = conn.prepare<[], Record<Domain, number>>('SELECT "directory", "plan", "reports", "questions" FROM "ModelVersion" WHERE "id" = 1');
  return {
    read() {
      const row = select.get();
      return row ? { directory: row.directory, plan: row.plan, reports: row.reports, questions: row.questions } : null;
    },
    close: () => conn.close(),
  };
}
