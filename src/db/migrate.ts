// Applies the committed migrations at server start (no `prisma migrate deploy` binary on the
// intranets we ship to), and tells whether a schema and its migrations folder still agree.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrations } from "./migrations";
import { providerForUrl, redactUrl, type Provider } from "./provider";
import type { SchemaFile } from "./schema-engine";

// The schema engine (wasm, both drivers) is loaded only when a migration or diff runs: a server
// starting on an up-to-date database never needs it.
const schemaEngine = () => import("./schema-engine");

export const PRISMA_DIR = fileURLToPath(new URL("../../prisma/", import.meta.url));
export const DEFAULT_PG_SHADOW_URL = "postgresql://postgres@127.0.0.1:5432/test";
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export const schemaPath = (provider: Provider) => path.join(PRISMA_DIR, provider, "schema.prisma");
export const migrationsDir = (provider: Provider) => path.join(PRISMA_DIR, provider, "migrations");

async function readSchema(provider: Provider): Promise<SchemaFile> {
  const p = schemaPath(provider);
  return { path: p, content: await readFile(p, "utf8") };
}

export async function migrate(url: string, opts: { log?: (msg: string) => void } = {}): Promise<{ applied: string[] }> {
  const where = redactUrl(url);
  try {
    const provider = providerForUrl(url);
    if (provider === "sqlite") await ensureSqliteDir(url);
    const [schema, migrationsList] = await Promise.all([
      readSchema(provider),
      readMigrations(migrationsDir(provider), provider),
    ]);
    const handle = await (await schemaEngine()).openSchemaEngine({ url, schema });
    try {
      const { appliedMigrationNames } = await handle.engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      for (const name of appliedMigrationNames) opts.log?.(`applied migration ${name} to ${where}`);
      return { applied: appliedMigrationNames };
    } finally {
      await handle.close();
    }
  } catch (e) {
    const { errorText } = await schemaEngine();
    // better-sqlite3's SQLITE_BUSY reaches the wasm engine as a kind it does not know.
    if (/SocketTimeout|database is locked/i.test(errorText(e))) {
      throw new Error(`migrating ${where} failed: the database is in use by another process (a running duban server?); stop it, then run the command again to apply the new migrations`, { cause: e });
    }
    throw new Error(`migrating ${where} failed: ${errorText(e)}`, { cause: e });
  }
}

// better-sqlite3 creates the file but not its folder. Same path rule as the adapter: strip "file:".
async function ensureSqliteDir(url: string): Promise<void> {
  const file = url.replace(/^file:/, "");
  if (file === ":memory:" || file === "") return;
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
}

export interface SchemaDiff {
  inSync: boolean;
  /** SQL that would bring a database migrated with the folder up to the schema. */
  script: string;
}

/** Compares the committed schema of a provider with its committed migrations. */
export async function diffSchemaAgainstMigrations(provider: Provider, shadowUrl?: string): Promise<SchemaDiff> {
  return diffSchemaText({ provider, schema: await readSchema(provider), migrationsDir: migrationsDir(provider), shadowUrl });
}

/**
 * Replays the migrations into a scratch database and diffs that against the schema text. The
 * scratch database is in memory for SQLite; for PostgreSQL it is created next to the database
 * of `shadowUrl` (db-tool passes DUBAN_PG_SHADOW_URL), whose user needs CREATEDB.
 */
export async function diffSchemaText(opts: {
  provider: Provider;
  schema: SchemaFile;
  migrationsDir: string;
  shadowUrl?: string;
}): Promise<SchemaDiff> {
  const url = opts.provider === "sqlite" ? "file::memory:" : (opts.shadowUrl ?? DEFAULT_PG_SHADOW_URL);
  const from = await readMigrations(opts.migrationsDir, opts.provider);
  const { openSchemaEngine, errorText } = await schemaEngine();
  const handle = await openSchemaEngine({ url, schema: opts.schema });
  try {
    const result = await handle.engine.diff({
      from: { tag: "migrations", ...from },
      to: { tag: "schemaDatamodel", files: [opts.schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return { inSync: result.exitCode === 0, script: result.stdout ?? "" };
  } catch (e) {
    throw new Error(`diffing the ${opts.provider} schema against ${opts.migrationsDir} failed: ${errorText(e)}`, {
      cause: e,
    });
  } finally {
    await handle.close();
  }
}
