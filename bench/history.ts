// The history generator shared by the benches: the seed plan imported for several years, each
// quarter reported. Plans go through importPlanFile (the product's own import); the reports —
// the bulk — are written with raw statements, since a few hundred thousand rows through Prisma
// would take minutes: better-sqlite3 prepared statements in one transaction on SQLite,
// multi-row INSERTs through `pg` on PostgreSQL.
//
// The seed has 1,531 (task, unit) assignments outside groups, so one report per assignment per
// quarter is only ~18k rows over three years. `versions` writes that many reports per
// (task, unit, quarter) — the earlier ones superseded by the later, as when a unit reports
// again — so the default (19) puts ~29k reports in every period and ~350k in three years,
// the density issue 11 measured `任务 N` against.
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath, type Database as Opened } from "../src/db/client";
import { importPlanFile } from "../src/plan/import-file";
import { periodOf } from "../src/reporting/periods";

export const SEED = "seeds/xuchang-2020-key-tasks.txt";
export const UNITS = "seeds/units.yaml";
/** The seed's own year last, so the plan in force during 2020 is the seed. */
export const HISTORY_YEARS = [2018, 2019, 2020];

export interface HistoryOptions {
  years?: number[];
  /** Reports per (task, unit, quarter); the last one is the current report. */
  versions?: number;
  /** Share of (task, unit, quarter) that reported at all (1: every one). */
  share?: number;
  /** Imports the plans too (false when they are already there). */
  importPlans?: boolean;
}

interface ReportRow {
  taskId: number;
  unitId: number;
  period: string;
  text: string;
  late: boolean;
  userId: string;
  userName: string;
  createdAt: Date;
}

/** A small deterministic generator, so every run has the same data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Adds the years' plans (unless present) and their reports; returns the number of reports written. */
export async function addHistory(database: Opened, opts: HistoryOptions = {}): Promise<number> {
  const years = opts.years ?? HISTORY_YEARS;
  const versions = opts.versions ?? 19;
  const share = opts.share ?? 1;
  const rnd = prng(12);
  for (const year of years) {
    if (opts.importPlans === false) continue;
    if (await database.db.plan.findUnique({ where: { year } })) continue;
    await importPlanFile(database.db, SEED, { unitsFile: UNITS, year });
  }
  const writer = database.provider === "sqlite" ? sqliteWriter(database.url) : await pgWriter(database.url);
  let count = 0;
  try {
    for (const year of years) {
      const pairs = await writer.pairs(year);
      const rows: ReportRow[] = [];
      for (const q of [1, 2, 3, 4] as const) {
        const period = periodOf(year, q);
        const deadline = new Date(`${period.deadline}T12:00:00+08:00`).getTime();
        for (const p of pairs) {
          if (share < 1 && rnd() > share) continue;
          const late = rnd() < 0.1;
          for (let v = versions - 1; v >= 0; v--) {
            const text = `本季度完成投资${Math.floor(rnd() * 400)}亿元，推进项目${Math.floor(rnd() * 200)}个，新增就业${Math.floor(rnd() * 5000)}人。`;
            // Earlier versions a day apart before the last one.
            const at = deadline + (late && v === 0 ? 3 : -1) * 86_400_000 - v * 86_400_000;
            rows.push({ ...p, period: period.key, text, late: late && v === 0, userId: `u${p.unitId}`, userName: `联络员${p.unitId}`, createdAt: new Date(at) });
          }
        }
      }
      await writer.insert(rows);
      count += rows.length;
    }
    await writer.analyze();
  } finally {
    await writer.close();
  }
  return count;
}

interface Writer {
  pairs(year: number): Promise<{ taskId: number; unitId: number }[]>;
  insert(rows: ReportRow[]): Promise<void>;
  analyze(): Promise<void>;
  close(): Promise<void>;
}

const PAIRS_SQL = `SELECT a."taskId", a."unitId" FROM "Assignment" a JOIN "Task" t ON t.id = a."taskId" JOIN "Plan" p ON p.id = t."planId" JOIN "Unit" u ON u.id = a."unitId" WHERE p.year = $1 AND u.kind <> 'group' ORDER BY a.id`;

function sqliteWriter(url: string): Writer {
  const sqlite = new Database(sqlitePath(url));
  sqlite.pragma("journal_mode = WAL");
  // Prisma's better-sqlite3 adapter stores DateTime as ISO text and booleans as 0/1.
  const ins = sqlite.prepare(
    `INSERT INTO "Report" (taskId, unitId, period, text, late, platform, userId, userName, createdAt) VALUES (?, ?, ?, ?, ?, 'wecom', ?, ?, ?)`,
  );
  const pairs = sqlite.prepare(PAIRS_SQL.replace("$1", "?"));
  return {
    pairs: async (year) => pairs.all(year) as { taskId: number; unitId: number }[],
    insert: async (rows) => {
      sqlite.transaction(() => {
        for (const r of rows) ins.run(r.taskId, r.unitId, r.period, r.text, r.late ? 1 : 0, r.userId, r.userName, r.createdAt.toISOString());
      })();
    },
    // The statistics a freshly imported database would have after the import's ANALYZE, if any.
    analyze: async () => void sqlite.exec("ANALYZE"),
    close: async () => void sqlite.close(),
  };
}

async function pgWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const COLS = 8;
  // 1,000 rows × 8 parameters stays well under PostgreSQL's 65,535 parameters per statement.
  const BATCH = 1000;
  return {
    pairs: async (year) => (await client.query<{ taskId: number; unitId: number }>(PAIRS_SQL, [year])).rows,
    insert: async (rows) => {
      await client.query("BEGIN");
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        const values: unknown[] = [];
        const tuples = chunk.map((r, j) => {
          values.push(r.taskId, r.unitId, r.period, r.text, r.late, r.userId, r.userName, r.createdAt);
          const b = j * COLS;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, 'wecom', $${b + 6}, $${b + 7}, $${b + 8})`;
        });
        await client.query(`INSERT INTO "Report" ("taskId", "unitId", period, text, late, platform, "userId", "userName", "createdAt") VALUES ${tuples.join(", ")}`, values);
      }
      await client.query("COMMIT");
    },
    analyze: async () => void (await client.query("ANALYZE")),
    close: () => client.end(),
  };
}
