// `duban report`: every format read back the way its reader will read it.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli";
import { openDatabase } from "../../src/db/client";
import type { ReportModel } from "../../src/reporting/report-model";
import { HOSTILE, seedBureauReports } from "../helpers/bureau-fixture";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), "duban-report-"));

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", DUBAN_NOW: "2020-04-03T09:00:00+08:00" };
  expect((await duban("units")).code).toBe(0); // migrates and imports the seed
  const database = await openDatabase(made.url);
  await seedBureauReports(database.db);
  await database.close();
});
afterAll(async () => drop());

async function duban(...argv: string[]) {
  return dubanOn(false, ...argv);
}

async function dubanOn(isTTY: boolean, ...argv: string[]) {
  const out: string[] = [];
  const bytes: Buffer[] = [];
  let err = "";
  const code = await runCli(argv, env, {
    out: (l) => out.push(l),
    err: (t) => (err += t),
    stdout: { write: (d) => void bytes.push(d), isTTY },
  });
  return { code, out: out.join("\n"), err, bytes: Buffer.concat(bytes) };
}

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += ch;
  }
  return rows;
}

describe("duban report", () => {
  it("json: the model, with the current report of a superseded pair and the late one", async () => {
    const r = await duban("report", "--period", "2020Q1", "--format", "json");
    expect(r.code).toBe(0);
    const m = JSON.parse(r.bytes.toString("utf8")) as ReportModel;
    expect(m.period.key).toBe("2020Q1");
    expect(m.overdue).toBe(true);
    expect(m.totals).toMatchObject({ onTime: 3, late: 1, reported: 4 });
    const t12 = m.tasks.find((t) => t.no === 12)!;
    expect(t12.cells.find((c) => c.unit === "市商务局")).toMatchObject({ status: "on_time", text: "修改后：举办促消费活动3场，发放消费券500万元" });
    expect(t12.cells.find((c) => c.unit === "市财政局")).toMatchObject({ status: "late" });
    expect(t12).toMatchObject({ leadReported: true, cooperating: { reported: 1 } });
    expect(m.behindTasks).toContain(8);
  });

  it("md: the 通报 with its title, counts, late units and behind tasks, on stdout", async () => {
    const r = await duban("report", "--period", "2020Q1");
    expect(r.code).toBe(0);
    const md = r.bytes.toString("utf8");
    expect(md).toMatch(/^# 关于2020年第一季度重点工作进展情况的通报\n/);
    expect(md).toMatch(/共应报送\d+项次（任务×责任单位），其中按时报送3项次、逾期补报1项次、已办结（销号）0项次、逾期未报送\d+项次/);
    // Late units in running text by kind, the counts in brackets; 市财政局 both missed and came late.
    expect(md).toMatch(/仍有\d+个单位逾期未报送（括号内为未报送项数）。县（市、区）：[^；]*魏都区（\d+项）[^；]*；市直单位：[^；]*市财政局（\d+项）/);
    expect(md).toMatch(/1个单位逾期补报（括号内为补报项数）。市直单位：市财政局（1项）。/);
    expect(md).toMatch(/第8项 着力抓好186个重点项目.*年度投资目标≥1000亿元，报送100亿元，完成10\.0%/);
    expect(md).toContain("## 附件：各部分重点工作进展情况");
  });

  it("csv: UTF-8 with BOM, Chinese headers, one row per task × unit", async () => {
    const out = join(dir, "q1.csv");
    const r = await duban("report", "--period", "2020Q1", "--format", "csv", "--out", out);
    expect(r.code).toBe(0);
    const raw = readFileSync(out);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.subarray(3).toString("utf8"));
    expect(rows[0]).toEqual(["部分", "任务编号", "任务", "单位", "责任类型", "状态", "汇报时间", "汇报人", "汇报内容", "状态灯", "对表"]);
    const json = JSON.parse((await duban("report", "--period", "2020Q1", "--format", "json")).bytes.toString()) as ReportModel;
    expect(rows.length - 1).toBe(json.totals.total);
    const late = rows.find((x) => x[1] === "12" && x[3] === "市财政局")!;
    expect(late.slice(4, 8)).toEqual(["配合", "逾期补报", "2020-04-02 10:00", "钱七"]);
    expect(late[8]).toBe(HOSTILE); // starts with "<": kept as typed
    expect(rows.find((x) => x[1] === "12" && x[3] === "魏都区政府")![5]).toBe("逾期未报");
  });

  it("xlsx: the five sheets, a frozen header, and the late cell marked", async () => {
    const out = join(dir, "q1.xlsx");
    expect((await duban("report", "--period", "2020Q1", "--format", "xlsx", "--out", out)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "分项", "明细", "逾期", "指标"]);
    const detail = wb.getWorksheet("明细")!;
    expect(detail.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(detail.getRow(2).getCell(6).value).toBe("状态");
    let lateRow: ExcelJS.Row | undefined;
    detail.eachRow((row) => {
      if (row.getCell(2).value === 12 && row.getCell(4).value === "市财政局") lateRow = row;
    });
    expect(lateRow!.getCell(6).value).toBe("逾期补报");
    expect((lateRow!.getCell(6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFE699");
    const units = wb.getWorksheet("汇总")!;
    expect(units.getColumn(1).width).toBeGreaterThan(20);
    const ind = wb.getWorksheet("指标")!;
    let judged = "";
    ind.eachRow((row) => {
      if (row.getCell(1).value === 8 && row.getCell(2).value === "年度投资") judged = String(row.getCell(9).value);
    });
    expect(judged).toBe("欠序时");
  });

  it("docx: the 通报 opens in Word with its title, counts, late units and annex", async () => {
    const out = join(dir, "q1.docx");
    expect((await duban("report", "--period", "2020Q1", "--format", "docx", "--out", out)).code).toBe(0);
    const { value: text } = await mammoth.extractRawText({ path: out });
    expect(text.replace(/\s+/g, "")).toContain("关于2020年第一季度重点工作进展情况的通报"); // in two lines
    expect(text).toContain("其中按时报送3项次、逾期补报1项次");
    expect(text).toMatch(/市直单位：[^；]*市财政局（\d+项）/);
    expect(text).toContain("三、进展滞后的任务");
    expect(text).toContain("附件：各部分重点工作进展情况");
    expect(text).toMatch(/许昌市委市政府督查局\s+2020年4月3日/); // 落款 and 成文日期
    expect(text).toContain("1. 抓好常态化疫情防控");
  });

  it("--unit narrows to one unit; 2020 is the year summary; current follows the clock; bad input is refused", async () => {
    const one = JSON.parse((await duban("report", "--period", "2020Q1", "--format", "json", "--unit", "商务局")).bytes.toString()) as ReportModel;
    expect(one.unitFilter).toBe("市商务局");
    expect(one.units.map((u) => u.unit)).toEqual(["市商务局"]);
    expect(one.totals.onTime).toBe(2);
    const year = JSON.parse((await duban("report", "--period", "2020", "--format", "json")).bytes.toString()) as ReportModel;
    expect(year.period).toMatchObject({ key: "2020Q4", isYearEnd: true });
    const current = JSON.parse((await duban("report", "--period", "current", "--format", "json")).bytes.toString()) as ReportModel;
    expect(current.period.key).toBe("2020Q2"); // DUBAN_NOW is 2020-04-03
    const bad = await duban("report", "--period", "2020Q5");
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("期次「2020Q5」无效");
  });

  it("refuses to write xlsx or docx to a terminal", async () => {
    const r = await dubanOn(true, "report", "--period", "2020Q1", "--format", "xlsx");
    expect(r.code).toBe(1);
    expect(r.err).toContain("不能输出到终端");
    expect(r.bytes.length).toBe(0);
  });
});
