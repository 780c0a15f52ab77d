// The 通报 as a 公文 (issue 20): `duban report --format docx` for the seed plan with a quarter of
// realistic reports, opened the way a reader opens it — converted to PDF by LibreOffice and
// read page by page — and unzipped to check what Word reads: fonts, page size, margins, grid.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/run-cli";
import { openDatabase, type Db } from "../../../src/db/client";
import { createEmptyDatabaseUrl } from "../../helpers/test-database";

const dir = mkdtempSync(join(tmpdir(), "duban-tongbao-"));
const docxPath = join(dir, "tongbao.docx");
let drop: () => Promise<void>;

/**
 * Q1 and Q2 2020 as a city sees them: most pairs report on time, a few late, and some units
 * miss the quarter altogether — counties, city departments and stationed (中省直) bodies among
 * them. Deterministic: whether a pair reports depends on its ids only.
 */
async function seedQuarters(db: Db): Promise<void> {
  const missAll = new Set(["禹州市政府", "鄢陵县政府", "市市场监管局", "市扶贫办", "市税务局", "许昌海关"]);
  const assignments = await db.assignment.findMany({ include: { unit: true, task: true } });
  const rows = [];
  for (const period of ["2020Q1", "2020Q2"]) {
    const [y, q] = [2020, Number(period.slice(-1))];
    for (const a of assignments) {
      if (a.unit.kind === "group") continue;
      const roll = (a.taskId * 31 + a.unitId * 17 + q) % 20;
      if (period === "2020Q2" && (missAll.has(a.unit.name) || roll === 0)) continue;
      const late = roll === 1;
      const day = late ? `${y}-${String(q * 3 + 1).padStart(2, "0")}-02` : `${y}-${String(q * 3).padStart(2, "0")}-2${roll % 8}`;
      rows.push({ taskId: a.taskId, unitId: a.unitId, period, platform: "wecom", userId: `u${a.unitId}`, userName: "联络员", text: `${a.task.no}项工作按计划推进，完成阶段目标。`, late, createdAt: new Date(`${day}T10:00:00+08:00`), messageId: `${period}-${a.id}` });
    }
  }
  await db.report.createMany({ data: rows });
}

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  const env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", DUBAN_NOW: "2020-07-03T16:00:00+08:00" };
  const cli = (...argv: string[]) => runCli(argv, env, { out: () => {}, err: () => {}, stdout: { write: () => {}, isTTY: false } });
  expect(await cli("units")).toBe(0); // migrates and imports the seed plan
  const database = await openDatabase(made.url);
  await seedQuarters(database.db);
  await database.close();
  expect(await cli("report", "--period", "2020Q2", "--format", "docx", "--out", docxPath)).toBe(0);
}, 120_000);
afterAll(async () => drop());

describe("the 通报 docx as a 公文", () => {
  it("names the 公文 fonts, with fallbacks, and lays out A4 with GB/T 9704 margins and a 22×28 grid", async () => {
    const zip = await JSZip.loadAsync(readFileSync(docxPath));
    const doc = await zip.file("word/document.xml")!.async("string");
    const styles = await zip.file("word/styles.xml")!.async("string");
    const fonts = await zip.file("word/fontTable.xml")!.async("string");
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('w:eastAsia="楷体_GB2312"');
    expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
    expect(styles).toMatch(/<w:sz w:val="32"\/>/); // 三号
    expect(fonts).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
    const sectPr = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(doc)![0]; // the body's; the annex's is landscape
    expect(sectPr).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37 / 35 / 28 / 26 mm
    expect(sectPr).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(sectPr).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"/);
    expect(sectPr).toContain('w:type="even"'); // odd and even page numbers differ
    // No ISO date or time stamp anywhere a reader can see.
    expect(doc.replace(/<[^>]+>/g, "")).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/);
  });

  it("converted to PDF by LibreOffice: 版头, page numbers, 成文日期, late units by kind, no contradiction", async () => {
    const soffice = libreOffice();
    if (!soffice) {
      // Only where LibreOffice is absent and apt-get cannot bring it; .ci/run installs it.
      console.warn("SKIPPED: the PDF check needs libreoffice (apt-get install libreoffice-writer-nogui)");
      return;
    }
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${dir}/lo-profile`, "--convert-to", "pdf", "--outdir", dir, docxPath], { stdio: "ignore", timeout: 180_000 });
    const pages = await pdfPages(join(dir, "tongbao.pdf"));
    expect(pages.length).toBeGreaterThan(2);
    const first = pages[0]!.replace(/\s+/g, "");
    expect(first).toContain("许昌市委市政府督查局");
    expect(first).toContain("第2期");
    expect(first).toContain("关于2020年第二季度重点工作进展情况的通报");
    expect(pages[1]).toContain("— 2 —");
    expect(pages[0]).toContain("— 1 —");
    const all = pages.join("\n");
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|\d{2}:\d{2}/);
    const flat = all.replace(/\s+/g, "");
    expect(flat).toContain("截至2020年7月3日");
    expect(flat).toMatch(/附件：各部分重点工作进展情况许昌市委市政府督查局2020年7月3日/); // 落款 and 成文日期 under the body
    // The late units in running text, by kind, the counties by their place names.
    expect(flat).toMatch(/县（市、区）：禹州市（\d+项）、鄢陵县（\d+项）/);
    expect(flat).toMatch(/市直单位：[^；]*市市场监管局（\d+项）/);
    expect(flat).toMatch(/中省直单位：[^。]*市税务局（\d+项）/);
    expect(flat).not.toContain("禹州市政府（");
    // Nothing says "未发现" beside a count of lagging tasks.
    const lagging = Number(/滞后(\d+)项/.exec(flat)?.[1] ?? 0);
    if (lagging > 0) expect(flat).not.toContain("未发现");
    // The annex has whole task texts, never cut with "…".
    expect(flat).toMatch(/着力抓好186个重点项目[,，]完成年度投资1000亿元以上。全面加快项目建设进度/);
    expect(flat).not.toMatch(/[\u4e00-\u9fff]…/);
  }, 240_000);
});

/** soffice on PATH, installing Debian's package once if it is missing and apt-get can. */
function libreOffice(): string | null {
  const find = () => ["soffice", "libreoffice"].find((c) => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0) ?? null;
  const found = find();
  if (found) return found;
  const apt = spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui"], { stdio: "ignore", timeout: 600_000 });
  return apt.status === 0 ? find() : null;
}

/** The text of each page, lines joined as pdf.js reports them. */
async function pdfPages(path: string): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str + (it.hasEOL ? "\n" : "") : "")).join(""));
  }
  return pages;
}
