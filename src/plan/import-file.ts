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
import { buildDocumentDirectory } from "./document-directory";
import { findRegion, recogniseRegion, type Region } from "./regions";
import { unitsFromSheet } from "./units-sheet";
import { buildUnitDirectory, parseUnitDirectory, type UnitDirectory } from "./unit-directory";

export interface ReadPlanResult {
  plan: ParsedPlan;
  warnings: ImportWarning[];
  directory: UnitDirectory;
  /** Where the directory came from: the units file, or built from the document itself. */
  directorySource: "file" | "document";
  /** The government the plan is from, when known (recognised, or --region). */
  region: Region | null;
  hash: string;
  /** The report-by day the document states, to propose for schedule.yaml (never applied). */
  reportBy: ReportByProposal | null;
}

export interface ReadPlanOptions {
  unitsFile: string;
  year?: number;
  /** The government the plan is from ("滁州市", "湖北省武汉市蔡甸区"), when the document does not say. */
  region?: string;
}

/** How many of the document's first lines may name its government (title, 发文机关, signature). */
const HEADER_LINES = 60;

export async function readPlanFile(file: string, opts: ReadPlanOptions): Promise<ReadPlanResult> {
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
  const fileDirectory = parseUnitDirectory(unitsText, opts.unitsFile);
  let region: Region | null = null;
  if (opts.region) {
    region = findRegion(opts.region);
    if (!region) throw new InputError(`无法识别行政区划"${opts.region}": 请写全称, 如"滁州市"或"湖北省武汉市蔡甸区"`, "unknown_region");
  }
  // The hash is taken before reading: pdfjs may detach the buffer it is handed.
  const hasher = createHash("sha256").update(bytes).update("\0");
  const blocks = await readBlocks(new Uint8Array(bytes), file);
  const texts = blocks.flatMap((b) => (b.kind === "line" ? [b.text] : b.cells.map((c) => c.text)));

  // First the names as written, against no directory: whose plan is it, which units does it name?
  const asWritten = parseBlocks(blocks, { directory: buildUnitDirectory([]), year: opts.year, sourceName: file });
  region ??= recogniseRegion([asWritten.plan.title ?? "", ...texts.slice(0, HEADER_LINES)].join("\n"));
  // A review workbook brings the directory the bureau corrected on its units sheet.
  const sheetUnits = unitsFromSheet(blocks);
  const choice = sheetUnits ? "document" : chooseDirectory(fileDirectory, region, asWritten.plan);
  const directory = sheetUnits
    ? buildUnitDirectory(sheetUnits, region?.level === "city" ? region.name.replace(/市$/, "") : null)
    : choice === "file"
      ? fileDirectory
      : buildDocumentDirectory(
          asWritten.plan.tasks.flatMap((t) => [...t.lead, ...t.cooperating, ...(Array.isArray(t.counties) ? t.counties : [])]),
          region,
          { counties: asWritten.plan.tasks.some((t) => t.counties === "all"), base: fileDirectory.city ? undefined : fileDirectory },
        );
  // The directory takes part in the hash: new aliases change how the same document resolves.
  hasher.update(choice === "file" ? unitsText : `document:${region?.code ?? ""}:${fileDirectory.city ? "" : unitsText}`).update("\0");
  const parsed = parseBlocks(blocks, { directory, year: opts.year, sourceName: file });
  const { warnings } = parsed;
  if (choice === "document" && !region && !sheetUnits)
    warnings.push({ line: 0, task: null, message: "未能从文件确定发文政府, 各县(市、区)等未展开为具体单位; 可用 --region 指定(如 --region 滁州市)" });
  const plan = resolveCollectiveUnits(parsed.plan, directory);
  const hash = hasher.update(String(plan.year)).digest("hex");
  const reportBy = proposeReportBy(texts);
  return { plan, warnings, directory, directorySource: choice, region, hash, reportBy };
}

/**
 * The units file applies to its own city's plans only: a file with `city: 许昌` to a plan the
 * region says is Xuchang's (or, with no region found, whose 文号 starts "许政…").
 * Any other plan gets a directory built from itself. A units file without a city holds aliases
 * for whatever plan: it is merged into the document's directory.
 */
function chooseDirectory(file: UnitDirectory, region: Region | null, plan: ParsedPlan): "file" | "document" {
  if (!file.city) return file.entries.length && !region ? "file" : "document";
  if (region) return [region.name, ...region.parents].some((n) => n.startsWith(file.city!)) ? "file" : "document";
  // The 文号 prefix is the city's first character: "许政〔2022〕1号", "许政办〔2020〕3号".
  // Nothing else: "市财政局" is in every city's plan, so matching names prove nothing.
  return plan.docNo && new RegExp(`^${file.city[0]}(?:政|办|发)`).test(plan.docNo) ? "file" : "document";
}

export async function importPlanFile(
  db: Db,
  file: string,
  opts: ReadPlanOptions,
): Promise<ReadPlanResult & { summary: ImportSummary }> {
  const read = await readPlanFile(file, opts);
  const summary = await importPlan(db, read.plan, read.directory, { name: file, hash: read.hash });
  // Fresh statistics for the query planners after a plan's worth of rows: with none, SQLite
  // and PostgreSQL may pick a poorer Report index (the plain ANALYZE is the same on both).
  if (summary.status !== "unchanged") await db.$executeRawUnsafe("ANALYZE");
  return { ...read, summary };
}
