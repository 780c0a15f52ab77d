// From a document on disk to a parsed plan (and, unless dry-run, into the database).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Db } from "../db/client";
import { InputError } from "../errors";
import { importPlan, type ImportSummary } from "./import-plan";
import { parseDocument, type ImportWarning } from "./parse-document";
import { resolveCollectiveUnits } from "./resolve-collective-units";
import type { ParsedPlan } from "./types";
import { parseUnitDirectory, type UnitDirectory } from "./unit-directory";

export interface ReadPlanResult {
  plan: ParsedPlan;
  warnings: ImportWarning[];
  directory: UnitDirectory;
  hash: string;
}

export function readPlanFile(file: string, opts: { unitsFile: string; year?: number }): ReadPlanResult {
  let text: string;
  let unitsText: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`无法读取文件 ${file}: ${(e as Error).message}`, "unreadable_document");
  }
  try {
    unitsText = readFileSync(opts.unitsFile, "utf8");
  } catch (e) {
    throw new InputError(`无法读取单位目录 ${opts.unitsFile}: ${(e as Error).message}`, "unreadable_directory");
  }
  const directory = parseUnitDirectory(unitsText, opts.unitsFile);
  const parsed = parseDocument(text, { directory, year: opts.year, sourceName: file });
  const { warnings } = parsed;
  const plan = resolveCollectiveUnits(parsed.plan, directory);
  // The directory takes part in the hash: new aliases change how the same text resolves.
  const hash = createHash("sha256").update(text).update("\0").update(unitsText).update("\0").update(String(plan.year)).digest("hex");
  return { plan, warnings, directory, hash };
}

export async function importPlanFile(
  db: Db,
  file: string,
  opts: { unitsFile: string; year?: number },
): Promise<ReadPlanResult & { summary: ImportSummary }> {
  const read = readPlanFile(file, opts);
  const summary = await importPlan(db, read.plan, read.directory, { name: file, hash: read.hash });
  return { ...read, summary };
}
