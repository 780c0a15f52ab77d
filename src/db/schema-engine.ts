// Prisma's CLI only migrates through a native `schema-engine` binary that it downloads from
// Prisma's own host, which the intranets duban is deployed on cannot reach (npm works, that host
// does not). The same engine is published on npm as WebAssembly (@prisma/schema-engine-wasm) and
// talks to databases through the driver adapters we already use for queries, so the server can
// migrate itself with nothing but npm packages. This module loads that engine and connects it,
// patching three 7.10.0 bugs on the way. docs/prisma-offline.md has the findings behind it.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { providerForUrl, redactUrl, type Provider } from "./provider";
import { pgConnectTimeoutMs } from "./pg-connect-timeout";

export { providerForUrl, redactUrl, type Provider } from "./provider";

export type SchemaEngine = bg.SchemaEngine;
export interface SchemaFile {
  path: string;
  content: string;
}

// The package entry imports the .wasm file as an ES module, which Node 20 cannot do; instantiate
// it ourselves against the glue module. The glue keeps the instance in module state: load once.
let loaded: Promise<void> | undefined;
// Node has WebAssembly, but the project's lib settings (no DOM) do not declare it.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
    const imports: Record<string, unknown> = { ...bg };
    for (const name of Object.keys(bg)) if (name.startsWith("__wbg_setTimeout_")) imports[name] = trackedSetTimeout;
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": imports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

// The engine never cancels its timers (on PostgreSQL a 10 s lock timeout outlives every call),
// which keeps Node running for 10 s after a short script is done. Cancel the leftovers once no
// engine is open any more: the glue is shared by all engines, so not sooner.
const timers = new Set<NodeJS.Timeout>();
let openEngines = 0;
function trackedSetTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms >>> 0);
  timers.add(t);
  return t;
}
function engineClosed(): void {
  if (--openEngines > 0) return;
  for (const t of timers) clearTimeout(t);
  timers.clear();
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened (pg pools keep Node alive). */
  close(): Promise<void>;
}

export async function openSchemaEngine(opts: {
  url: string;
  schema: SchemaFile;
  log?: (msg: string) => void;
}): Promise<EngineHandle> {
  await loadWasm();
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const a = disposeOnce(await adapter);
    opened.push(a);
    return a;
  };
  const factory = providerForUrl(opts.url) === "sqlite" ? sqliteFactory(opts.url, track) : pgFactory(opts.url, track);
  const log = opts.log ?? (() => {});
  openEngines++;
  const closeAll = async () => {
    // Shadow databases are dropped in dispose, so wait for every one.
    await Promise.allSettled(opened.map((a) => a.dispose()));
    engineClosed();
  };
  let engine: SchemaEngine;
  try {
    engine = await bg.SchemaEngine.new(
      { datamodels: [[opts.schema.path, opts.schema.content]] },
      (msg: string) => log(msg),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (e) {
    await closeAll();
    throw e;
  }
  let closing: Promise<void> | undefined;
  return {
    engine,
    close: () =>
      (closing ??= (() => {
        engine.free();
        return closeAll();
      })()),
  };
}

type Track = (adapter: Promise<SqlDriverAdapter>) => Promise<SqlDriverAdapter>;

function sqliteFactory(url: string, track: Track): SqlMigrationAwareDriverAdapterFactory {
  // timeout = busy_timeout: wait a little for another process's write instead of failing at once.
  const inner = new PrismaBetterSqlite3({ url, timeout: 5000 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => track(inner.connect().then(withScriptFallback)),
    // The adapter's own shadow database is a fresh :memory: one: fine as it is.
    connectToShadowDb: () => track(inner.connectToShadowDb().then(withScriptFallback)),
  };
}

// Bug 1: replaying migrations into the shadow database sends a whole migration.sql through
// executeRaw, and better-sqlite3 refuses to prepare more than one statement. Such calls carry no
// arguments, so run them again as a script; prepare fails before anything is executed.
function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    async executeRaw(query: SqlQuery) {
      try {
        return await adapter.executeRaw(query);
      } catch (e) {
        if (query.args.length > 0 || !/more than one statement/i.test(errorText(e))) throw e;
        await adapter.executeScript(query.sql);
        return 0;
      }
    },
  });
}

function pgFactory(url: string, track: Track): SqlMigrationAwareDriverAdapterFactory {
  const config = pgConfigFromUrl(url);
  const adapterFor = async (database?: string) =>
    wholeScripts(await new PrismaPg({ ...config, ...(database ? { database } : {}), Client: CharAsTextClient }).connect());
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => track(adapterFor()),
    // Bug 3: adapter-pg's own helper connects to the shadow through a connectionString, which
    // overrides the database field, so the "shadow" is the real database; and it drops the
    // shadow before closing the pool still connected to it. Make a scratch database ourselves.
    connectToShadowDb: () =>
      track(
        (async () => {
          const name = `duban_shadow_${randomUUID().replaceAll("-", "")}`;
          await adminQuery(config, `CREATE DATABASE "${name}"`);
          const adapter = await adapterFor(name);
          return delegate(adapter, {
            async dispose() {
              await adapter.dispose();
              await adminQuery(config, `DROP DATABASE IF EXISTS "${name}"`);
            },
          });
        })(),
      ),
  };
}

// Also found here: adapter-pg's executeScript splits a migration at every ";", even inside
// strings, comments and function bodies, and runs the pieces one by one, so a failing script
// leaves its first half applied. A query without parameters goes to PostgreSQL in one message
// (pg's simple protocol), which runs it whole and atomically, as the native engine does.
function wholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    executeScript: async (script) => void (await adapter.executeRaw({ sql: script, args: [], argTypes: [] })),
  });
}

async function adminQuery(config: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Separate fields rather than a connectionString, so `database` can be overridden. */
export function pgConfigFromUrl(url: string): pg.ClientConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1") || u.searchParams.get("host") || undefined,
    port: u.port ? Number(u.port) : undefined,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
    connectionTimeoutMillis: pgConnectTimeoutMs(url),
  };
}

// Bug 2: reading the schema returns columns of PostgreSQL's internal one-byte `"char"` type
// (pg_class.relkind and the like), which adapter-pg refuses to map. Its values arrive as strings
// anyway, so relabel the column as text before the adapter looks at it.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
function charAsText(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as pg.QueryResult | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
}

class CharAsTextClient extends pg.Client {
  // pg-pool calls the callback form, adapter-pg's transactions the promise form.
  override query(...args: unknown[]): any {
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (err: unknown, res: unknown) => {
        if (!err) charAsText(res);
        callback(err, res);
      };
      return query.apply(this, args);
    }
    const out = query.apply(this, args);
    return out instanceof Promise ? out.then((res) => (charAsText(res), res)) : out;
  }
}

function delegate(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  const d: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => adapter.queryRaw(q),
    executeRaw: (q) => adapter.executeRaw(q),
    executeScript: (s) => adapter.executeScript(s),
    startTransaction: (level) => adapter.startTransaction(level),
    dispose: () => adapter.dispose(),
    ...overrides,
  };
  if (adapter.getConnectionInfo) d.getConnectionInfo = () => adapter.getConnectionInfo!();
  return d;
}

// close() disposes whatever the engine opened; the engine may have disposed some already, and
// ending a pg pool twice throws.
function disposeOnce(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let disposing: Promise<void> | undefined;
  return delegate(adapter, { dispose: () => (disposing ??= adapter.dispose()) });
}

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: { originalMessage?: string; message?: string } }).cause;
    const text = [e.message, cause?.originalMessage ?? cause?.message].filter(Boolean).join(": ");
    return text.trim();
  }
  if (typeof e === "object" && e !== null) {
    const m = (e as { message?: unknown }).message;
    return typeof m === "string" ? m : JSON.stringify(e);
  }
  return String(e);
}
