// From a document on disk to a parsed plan (and, unless dry-run, into the database). The file
// may be text (UTF-8, UTF-16, GBK), Word, Excel or PDF: its content decides (detect-format.ts).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Db } from "../db/client";
import { InputError } from "../errors";
import { importPlan, type ImportSummary } from "./import-plan";
import { parseBlocks } from "./parse-blocks";
import type { ImportWarning } from "./parse-document";
import { readBlocks } from "./read-blocks";
import { proposeReportBy, type ReportByProposal } from "./report-by-phrase";
import { resolveCollectiveUnits } from "./resolve-collective-units";
import type { ParsedPlan } from "./types";
import { parseUnitDirectory, type UnitDirectory } from "./unit-directory";

export interface ReadPlanResult {
  plan: ParsedPlan;
  warnings: ImportWarning[];
  directory: UnitDirectory;
  hash: string;
  /** The report-by day the document states, to propose for schedule.yaml (never applied). */
  reportBy: ReportByProposal | null;
}

export async function readPlanFile(file: string, opts: { unitsFile: string; year?: number }): Promise<ReadPlanResult> {
  let bytes: Buffer;
  let unitsText: string;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`无法读取文件 ${file}: ${(e as Error).message}`, "unreadable_document");
  }
  try {
    unitsText = readFileSync(opts.unitsFile, "utf8");
  } catch (e) {
    throw new InputError(`无法读取单位目录 ${opts.unitsFile}: ${(e as Error).message}`, "unreadable_directory");
  }
  const directory = parseUnitDirectory(unitsText, opts.unitsFile);
  // The hash is taken before reading: pdfjs may detach the buffer it is handed.
  // The directory takes part in it: new aliases change how the same document resolves.
  const hasher = createHash("sha256").update(bytes).update("\0").update(unitsText).update("\0");
  const blocks = await readBlocks(new Uint8Array(bytes), file);
  const parsed = parseBlocks(blocks, { directory, year: opts.year, sourceName: file });
  const { warnings } = parsed;
  const plan = resolveCollectiveUnits(parsed.plan, directory);
  const hash = hasher.update(String(plan.year)).digest("hex");
  const reportBy = proposeReportBy(blocks.flatMap((b) => (b.kind === "line" ? [b.text] : b.cells.map((c) => c.text))));
  return { plan, warnings, directory, hash, reportBy };
}

export async function importPlanFile(
  db: Db,
  file: string,
  opts: { unitsFile: string; year?: number },
): Promise<ReadPlanResult & { summary: ImportSummary }> {
  const read = await readPlanFile(file, opts);
  const summary = await importPlan(db, read.plan, read.directory, { name: file, hash: read.hash });
  // Fresh statistics for the query planners after a plan's worth of rows: with none, SQLite
  // and PostgreSQL may pick a poorer Report index (the plain ANALYZE is the same on both).
  if (summary.status !== "unchanged") await db.$executeRawUnsafe("ANALYZE");
  return { ...read, summary };
}
