// Opens the database named by a URL: SQLite for `file:` URLs (the embedded default),
// PostgreSQL for `postgresql://` (multi-instance deployments). Prisma ties a generated client
// to one provider, so there are two generated clients from two schemas that differ only in
// `provider`; their model APIs are identical, so the rest of duban sees one type, `Db`.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
// Only the provider in use is loaded (its generated client, adapter and driver): the other one
// would cost memory in every process for nothing.
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { pgConnectTimeoutMs } from "./pg-connect-timeout";
import { providerForUrl, type Provider } from "./provider";

export type { Provider };

export type Db = SqliteClient;

/** A transaction client, as handed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The filesystem path of a `file:` URL, resolved against the working directory. */
export function sqlitePath(url: string): string {
  return resolve(url.slice("file:".length).replace(/^\/\/(?=\/)/, ""));
}

export interface Database {
  db: Db;
  provider: Provider;
  url: string;
  close(): Promise<void>;
}

export async function openDatabase(url: string): Promise<Database> {
  const provider = providerForUrl(url);
  let db: Db;
  if (provider === "sqlite") {
    const file = sqlitePath(url);
    mkdirSync(dirname(file), { recursive: true });
    // timeout: wait for a writer instead of failing with SQLITE_BUSY when the CLI and the
    // server touch the same file.
    const [{ PrismaClient }, { PrismaBetterSqlite3 }] = await Promise.all([import("../generated/sqlite/client"), import("@prisma/adapter-better-sqlite3")]);
    db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 }) });
    // WAL lets the CLI read while the server writes, and with synchronous=NORMAL a commit
    // costs no fsync: a killed process loses nothing committed; only a power cut may lose the
    // last transactions. Without it every outbox state change waits ~1 ms for the disk.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  } else {
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import("../generated/postgresql/client"), import("@prisma/adapter-pg")]);
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: pgConnectTimeoutMs(url) }) });
    db = client as unknown as Db;
  }
  return { db, provider, url, close: () => db.$disconnect() };
}
