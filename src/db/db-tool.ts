// Stands in for the `prisma migrate` commands, which need a native engine we cannot download
// (see schema-engine.ts). Usage:
//   tsx src/db/db-tool.ts create <name>   new migration for each provider whose schema changed
//   tsx src/db/db-tool.ts check           exit 2 when schemas and migrations drift (for CI)
//   tsx src/db/db-tool.ts sync-schema     rewrite prisma/postgresql/schema.prisma from the sqlite one
//   tsx src/db/db-tool.ts deploy <url>    apply pending migrations to a database
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { derivePostgresSchema } from "./derive-postgres-schema";
import { diffSchemaAgainstMigrations, migrate, migrationsDir, PRISMA_DIR, schemaPath } from "./migrate";
import { LOCKFILE, lockfileContent, MIGRATION_FILE } from "./migrations";
import type { Provider } from "./schema-engine";

const PROVIDERS: Provider[] = ["sqlite", "postgresql"];
const rel = (p: string) => path.relative(path.dirname(PRISMA_DIR), p);

/** Writes the derived postgresql schema if it differs; tells whether it did. */
async function syncSchema(): Promise<boolean> {
  const derived = derivePostgresSchema(await readFile(schemaPath("sqlite"), "utf8"));
  const current = await readFile(schemaPath("postgresql"), "utf8").catch(() => "");
  if (current === derived) return false;
  await writeFile(schemaPath("postgresql"), derived);
  return true;
}

/** Prisma's folder name: UTC yyyymmddHHMMSS_<name>. */
function migrationFolderName(name: string, now = new Date()): string {
  const slug = name.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`migration name "${name}" has no letters or digits`);
  return `${now.toISOString().replace(/\D/g, "").slice(0, 14)}_${slug}`;
}

async function create(name: string | undefined): Promise<number> {
  if (!name) throw new Error("usage: db-tool create <name>");
  const folder = migrationFolderName(name);
  // The postgresql schema is generated: a stale copy would only produce a wrong migration.
  if (await syncSchema()) console.log(`rewrote ${rel(schemaPath("postgresql"))} from the sqlite schema`);
  for (const provider of PROVIDERS) {
    const diff = await diffSchemaAgainstMigrations(provider, process.env.DUBAN_PG_SHADOW_URL);
    if (diff.inSync) {
      console.log(`${provider}: no schema changes, no migration`);
      continue;
    }
    const dir = path.join(migrationsDir(provider), folder);
    if (await exists(dir)) throw new Error(`${rel(dir)} already exists`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, MIGRATION_FILE), diff.script);
    const lock = path.join(migrationsDir(provider), LOCKFILE);
    if (!(await exists(lock))) await writeFile(lock, lockfileContent(provider));
    console.log(`${provider}: wrote ${rel(path.join(dir, MIGRATION_FILE))}`);
  }
  return 0;
}

async function check(): Promise<number> {
  let drift = false;
  const derived = derivePostgresSchema(await readFile(schemaPath("sqlite"), "utf8"));
  if ((await readFile(schemaPath("postgresql"), "utf8").catch(() => "")) !== derived) {
    drift = true;
    console.log(`${rel(schemaPath("postgresql"))} is not derived from the sqlite schema: run npm run db:sync-schema`);
  }
  for (const provider of PROVIDERS) {
    const diff = await diffSchemaAgainstMigrations(provider, process.env.DUBAN_PG_SHADOW_URL);
    if (diff.inSync) {
      console.log(`${provider}: schema and migrations agree`);
      continue;
    }
    drift = true;
    console.log(`${provider}: ${rel(migrationsDir(provider))} lacks this SQL (run npm run db:migrate <name>):`);
    console.log(diff.script);
  }
  return drift ? 2 : 0;
}

async function deploy(url: string | undefined): Promise<number> {
  if (!url) throw new Error("usage: db-tool deploy <database url>");
  const { applied } = await migrate(url, { log: console.log });
  if (applied.length === 0) console.log("no pending migrations");
  return 0;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  switch (command) {
    case "create":
      return create(arg);
    case "check":
      return check();
    case "sync-schema":
      console.log((await syncSchema()) ? "rewrote prisma/postgresql/schema.prisma" : "postgresql schema already up to date");
      return 0;
    case "deploy":
      return deploy(arg);
    default:
      console.error("usage: db-tool create <name> | check | sync-schema | deploy <url>");
      return 1;
  }
}

// Exit explicitly: an idle pg pool would otherwise keep the process alive for seconds.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
