// Which committed migrations a database has not applied yet, read from `_prisma_migrations`
// with an ordinary query. Starting the schema engine costs half a second and, on SQLite, it
// wants the file to itself (it sets locking_mode=EXCLUSIVE on its connection), which a running
// server never gives: so the CLI and the server start the engine only when this says there is
// something to apply.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "./client";
import { MIGRATION_FILE } from "./migrations";
import type { Provider } from "./provider";

/** Names of the migrations in `dir` that are not recorded as finished with the same checksum. */
export async function pendingMigrations(db: Db, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const committed = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const sql = await readFile(path.join(dir, e.name, MIGRATION_FILE)).catch(() => undefined);
        return { name: e.name, checksum: sql ? createHash("sha256").update(sql).digest("hex") : "" };
      }),
  );
  let applied: { migration_name: string; checksum: string }[];
  try {
    applied = await db.$queryRawUnsafe(
      "SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
  } catch {
    return committed.map((m) => m.name).sort(); // no table yet: a new database
  }
  const done = new Set(applied.map((r) => `${r.migration_name}\n${r.checksum}`));
  return committed
    .filter((m) => !done.has(`${m.name}\n${m.checksum}`))
    .map((m) => m.name)
    .sort();
}

export type { Provider };
