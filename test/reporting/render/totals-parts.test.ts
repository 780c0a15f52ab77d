// Every total shows its parts, and they sum (issue 20 item 3): 应报 = 按时 + 逾期补报 +
// 已办结 + 未报, in the 通报 (chat and md), the workbook, the dashboard and chat 汇总.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPage } from "../../../src/http/dashboard/views";
import { periodReport } from "../../../src/reporting/period-report";
import type { ReportModel } from "../../../src/reporting/report-model";
import { renderReport } from "../../../src/reporting/render/render-report";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
let m: ReportModel;

beforeAll(async () => {
  h = await createHarness("2020-06-10T10:00:00+08:00");
  // Task 12: 市商务局 reports on time; then a task it leads with cooperating units is 销号.
  expect((await h.send("zhangsan", "本季度 12 举办促消费活动3场")).text).toContain("12");
  const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  const led = (await h.database.db.assignment.findMany({ where: { unitId: unit.id, role: "lead" }, include: { task: { include: { assignments: true } } }, orderBy: { task: { no: "asc" } } })).find((a) => a.task.no !== 12 && a.task.assignments.length > 2)!.task;
  await h.send("zhangsan", `办结 ${led.no} 已全部完成`);
  expect((await h.send("lisi", `销号 ${led.no}`)).text).toContain("已销号");
  h.now.value = new Date("2020-07-02T10:00:00+08:00");
  m = await periodReport(h.database.db, { period: "2020Q2", now: h.now.value });
  expect(m.totals.closed).toBeGreaterThan(1);
  expect(m.totals.onTime).toBeGreaterThan(0);
}, 60_000);
afterAll(async () => h.database.drop());

/** The figures after each label, as written. */
function figure(text: string, label: string): number {
  const found = new RegExp(`${label}(\\d+)`).exec(text);
  if (!found) throw new Error(`no ${label} in ${text.slice(0, 300)}`);
  return Number(found[1]);
}

describe("the parts of every total", () => {
  it("the model's parts sum to the total, everywhere it counts", () => {
    for (const c of [m.totals, ...m.sections, ...m.units]) expect(c.onTime + c.late + c.closed + c.missing).toBe(c.total);
  });

  it("the 通报 names every part, and they sum to 应报", async () => {
    const md = (await renderReport(m, "md")).toString("utf8");
    const opening = md.split("\n").find((l) => l.startsWith("根据"))!;
    const parts = ["按时报送", "逾期补报", "已办结（销号）", "逾期未报送"].map((l) => figure(opening, l));
    expect(parts.reduce((a, b) => a + b)).toBe(figure(opening, "共应报送"));
    expect(parts[2]).toBe(m.totals.closed);
    for (const line of md.split("\n").filter((l) => /^- \d+\. .+应报/.test(l))) {
      expect(["按时报送", "逾期补报", "已办结", "逾期未报送"].map((l) => figure(line, l)).reduce((a, b) => a + b)).toBe(figure(line, "应报"));
    }
  });

  it("the workbook's 汇总 and 分项 have an 已办结 column, and each row sums", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport(m, "xlsx")) as never);
    for (const sheet of [wb.getWorksheet("汇总")!, wb.getWorksheet("分项")!]) {
      const header = (sheet.getRow(2).values as unknown[]).map(String);
      const col = (name: string) => header.indexOf(name);
      expect(col("已办结")).toBeGreaterThan(0);
      let closed = 0;
      sheet.eachRow((row, n) => {
        if (n <= 2) return;
        const v = (name: string) => Number(row.getCell(col(name)).value);
        expect(v("按时报送") + v("逾期补报") + v("已办结") + v("未报")).toBe(v("应报"));
        closed += v("已办结");
      });
      expect(closed).toBe(m.totals.closed);
    }
  });

  it("the dashboard shows 已办结 beside the other parts", () => {
    const html = renderPage("period", { m, queue: [], overdueMilestones: [], periods: [], formats: [] });
    expect(html).toContain(`<b id="total-closed">${m.totals.closed}</b>`);
    const cards = ["total-on-time", "total-late", "total-closed", "total-missing"].map((id) => Number(new RegExp(`id="${id}">(\\d+)<`).exec(html)![1]));
    expect(cards.reduce((a, b) => a + b)).toBe(Number(/id="total-total">(\d+)</.exec(html)![1]));
  });

  it("chat 汇总 shows the parts and they sum", async () => {
    const r = await h.send("lisi", "汇总 2020Q2");
    const header = r.text.split("\n")[0]!;
    expect(["按时", "逾期补报", "已办结", "逾期未报"].map((l) => figure(header, l)).reduce((a, b) => a + b)).toBe(figure(header, "应报"));
  });
});
