// The read model's change counters (table ModelVersion, one row), bumped by database triggers
// on every write to a domain's tables, whoever writes. Read once per message, so it is one
// lean raw statement: through Prisma's query builder the same SELECT costs ~10x the CPU, and
// this is the one query a read-only message still makes.
import type { Db, Tx } from "../db/client";

export const DOMAINS = ["directory", "plan", "reports", "questions"] as const;
export type Domain = (typeof DOMAINS)[number];
export type ModelVersion = Record<Domain, number>;

export async function readModelVersion(db: Db | Tx): Promise<ModelVersion | null> {
  const rows = await db.$queryRaw<Record<Domain, number | bigint>[]>`SELECT "directory", "plan", "reports", "questions" FROM "ModelVersion" WHERE "id" = 1`;
  const row = rows[0];
  if (!row) return null;
  return { directory: Number(row.directory), plan: Number(row.plan), reports: Number(row.reports), questions: Number(row.questions) };
}
