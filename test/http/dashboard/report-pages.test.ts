// The dashboard's overview filters, paging and collective names, the unit page's paged
// history and exports, the tasks × units matrix, the print view and the year report (issue 20
// item 10), over HTTP on the seed plan and the bureau fixture (2020-04-03: Q1 closed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodReport } from "../../../src/reporting/period-report";
import { HOSTILE } from "../../helpers/bureau-fixture";
import { ADMIN_TOKEN, NOW, startDashboardServer, type DashboardServer } from "../../helpers/dashboard-server";

let s: DashboardServer;
beforeAll(async () => {
  s = await startDashboardServer();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

async function html(path: string): Promise<string> {
  const res = await fetch(`${s.base}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status, path).toBe(200);
  return res.text();
}
const model = (period = "2020Q1", unit?: string) => periodReport(s.database.db, { period, unit, now: NOW });
/** The task numbers of the overview's task list. */
const taskNos = (page: string) => [...(/<table id="tasks"[\s\S]*?<\/table>/.exec(page)?.[0] ?? "").matchAll(/<tr data-state="\w+"><td class="num no"><a [^>]*>(\d+)</g)].map((m) => Number(m[1]));
const text = (fragment: string) => fragment.replace(/<[^>]+>/g, "");

describe("overview", () => {
  it("lists 30 tasks a page, every task on some page", async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((p) => html(`/dashboard?period=2020Q1&page=${p}`)));
    expect(pages.map((p) => taskNos(p).length)).toEqual([30, 30, 30, 25]);
    expect(pages.flatMap(taskNos)).toEqual((await model()).tasks.map((t) => t.no));
    expect(pages[0]).toContain('href="/dashboard?period=2020Q1&amp;page=2"');
  });

  it("shows a task led by every city department as 市政府各部门, not 36 names", async () => {
    const page = await html("/dashboard?period=2020Q1&q=109");
    expect(taskNos(page)).toEqual([109]);
    const row = /<tr data-state="\w+"><td class="num no">[\s\S]*?<\/tr>/.exec(page)![0];
    expect(text(/<td class="units"[^>]*>([\s\S]*?)<\/td>/.exec(row)![1]!)).toBe("市政府各部门");
    expect((await model()).tasks.find((t) => t.no === 109)!.leadUnits.length).toBeGreaterThan(30);
  });

  it("filters by section, unit, kind of unit and light, and echoes the filter", async () => {
    const m = await model();
    const bySection = await html("/dashboard?period=2020Q1&section=3");
    expect(taskNos(bySection)).toEqual(m.tasks.filter((t) => t.sectionNo === 3).map((t) => t.no).slice(0, 30));
    expect(bySection).toContain('<option value="3" selected>');
    const byUnit = await html(`/dashboard?period=2020Q1&unit=${encodeURIComponent("市商务局")}`);
    const ofUnit = m.tasks.filter((t) => t.cells.some((c) => c.unit === "市商务局")).map((t) => t.no);
    expect(byUnit).toContain(`<span id="task-count">${ofUnit.length}</span>`);
    expect(taskNos(byUnit)).toEqual(ofUnit.slice(0, 30));
    expect(byUnit).toMatch(/<p id="filter-echo" class="meta">筛选：单位 市商务局<\/p>/);
    const units = /<table class="bars stack" id="units">[\s\S]*?<\/table>/.exec(byUnit)![0];
    expect([...units.matchAll(/<tr><td class="unit">/g)]).toHaveLength(1);
    const green = m.tasks.filter((t) => t.light === "green").map((t) => t.no);
    expect(taskNos(await html("/dashboard?period=2020Q1&light=green"))).toEqual(green.slice(0, 30));
    const county = await html("/dashboard?period=2020Q1&kind=county&light=red");
    const countyUnits = new Set(m.units.filter((u) => u.kind === "county").map((u) => u.unitId));
    expect(county).toContain(`<span id="task-count">${m.tasks.filter((t) => t.light === "red" && t.cells.some((c) => countyUnits.has(c.unitId))).length}</span>`);
  });

  it("searches by number or words, and keeps the words in the box", async () => {
    expect(taskNos(await html("/dashboard?period=2020Q1&q=%E7%AC%AC12%E9%A1%B9"))).toEqual([12]);
    const words = await html(`/dashboard?period=2020Q1&q=${encodeURIComponent("消费")}`);
    const expected = (await model()).tasks.filter((t) => t.text.includes("消费")).map((t) => t.no);
    expect(expected.length).toBeGreaterThan(1);
    expect(taskNos(words)).toEqual(expected);
    expect(words).toContain('name="q" value="消费"');
    const none = await html(`/dashboard?period=2020Q1&q=${encodeURIComponent("没有这种任务的字样")}`);
    expect(taskNos(none)).toEqual([]);
    expect(none).toContain("没有符合条件的任务。");
  });

  it("escapes what is typed into the search box", async () => {
    const page = await html(`/dashboard?period=2020Q1&q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("&lt;script&gt;alert(1)");
  });

  it("filters by state: 待销号, 已销号, 已退回 and 推进中", async () => {
    const db = s.database.db;
    const plan = await db.plan.findUniqueOrThrow({ where: { year: 2020 } });
    const lead = async (no: number) => db.assignment.findFirstOrThrow({ where: { role: "lead", task: { planId: plan.id, no } }, orderBy: { position: "asc" } });
    const applied = new Date("2020-03-30T10:00:00+08:00");
    await db.assignment.update({ where: { id: (await lead(20)).id }, data: { closure: "pending", closureNote: "已完成", closureAt: applied, closureBy: "zhangsan" } });
    await db.task.update({ where: { planId_no: { planId: plan.id, no: 20 } }, data: { closure: "pending", closureAt: applied } });
    await db.assignment.update({ where: { id: (await lead(21)).id }, data: { returnedReason: "依据不足", returnedAt: NOW } });
    try {
      expect(taskNos(await html("/dashboard?period=2020Q1&state=pending"))).toEqual([20]);
      expect(taskNos(await html("/dashboard?period=2020Q1&state=returned"))).toEqual([21]);
      expect(taskNos(await html("/dashboard?period=2020Q1&state=closed"))).toEqual([]);
      expect(await html("/dashboard?period=2020Q1&state=in_progress")).toContain('<span id="task-count">113</span>');
    } finally {
      await db.assignment.update({ where: { id: (await lead(20)).id }, data: { closure: null, closureNote: null, closureAt: null, closureBy: null } });
      await db.task.update({ where: { planId_no: { planId: plan.id, no: 20 } }, data: { closure: null, closureAt: null } });
      await db.assignment.update({ where: { id: (await lead(21)).id }, data: { returnedReason: null, returnedAt: null } });
    }
  });

  it("ignores filter values it does not know, as an unfiltered list", async () => {
    const page = await html("/dashboard?period=2020Q1&light=purple&state=x&section=abc&page=99");
    expect(page).not.toContain('id="filter-echo"');
    expect(taskNos(page)).toHaveLength(25); // page 99 of 4 is the last
  });
});

describe("unit page", () => {
  it("pages its history by period and 50 reports, and stays small with many versions", async () => {
    const db = s.database.db;
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
    const task = await db.task.findFirstOrThrow({ where: { no: 12, plan: { year: 2020 } } });
    const path = `/dashboard/units/${encodeURIComponent("市商务局")}?period=2020Q1`;
    const before = (await html(path)).length;
    const rows = (period: string, n: number) => Array.from({ length: n }, (_, i) => ({ taskId: task.id, unitId: unit.id, period, text: `${period} 第${i + 1}版：${"推进项目建设".repeat(20)}`, platform: "wecom", userId: "zhangsan", createdAt: NOW }));
    await db.report.createMany({ data: [...rows("2020Q1", 120), ...rows("2020Q2", 7)] });
    const first = await html(path);
    const history = (p: string) => [...(/<table id="unit-history"[\s\S]*?<\/table>/.exec(p)?.[0] ?? "").matchAll(/<tr class="[^"]*"><td/g)].length;
    expect(history(first)).toBe(50);
    expect(first).toMatch(/<span id="history-total">123<\/span>条/); // 120 + the fixture's 3
    expect(first).toContain("第 1/3 页");
    expect(first.length - before).toBeLessThan(50 * 400);
    expect(history(await html(`${path}&history=2020Q1&page=3`))).toBe(23);
    const q2 = await html(`${path}&history=2020Q2`);
    expect(history(q2)).toBe(7);
    expect(q2).toMatch(/<b>2020Q2（7）<\/b>/);
    // The newest version is current, the rest superseded.
    expect(/<table id="unit-history"[\s\S]*?<\/table>/.exec(q2)![0].match(/当前/g)).toHaveLength(1);
    await db.report.deleteMany({ where: { text: { contains: "推进项目建设推进项目建设" } } });
  });

  it("offers the period's exports for this unit only", async () => {
    const page = await html(`/dashboard/units/${encodeURIComponent("市财政局")}?period=2020Q1`);
    const link = /<p class="downloads" id="unit-exports">[\s\S]*?href="([^"]*report\.csv[^"]*)"/.exec(page)![1]!.replace(/&amp;/g, "&");
    expect(link).toBe(`/api/v1/periods/2020Q1/report.csv?unit=${encodeURIComponent("市财政局")}`);
    const csv = await (await fetch(`${s.base}${link}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(csv).toContain("市财政局");
    expect(csv).not.toContain("市商务局,");
  });

  it("shows a report's text as text", async () => {
    const page = await html(`/dashboard/units/${encodeURIComponent("市财政局")}?period=2020Q1`);
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("matrix, print view, year report", () => {
  it("matrix: a row a task, a column a city unit, each cell the pair's status", async () => {
    const m = await model();
    const page = await html("/dashboard/matrix?period=2020Q1");
    const columns = [...page.matchAll(/<th class="col" scope="col"><a [^>]*>([^<]*)<\/a><\/th>/g)].map((x) => x[1]);
    const municipal = m.units.filter((u) => u.kind === "municipal");
    expect(new Set(columns)).toEqual(new Set(municipal.map((u) => u.unit)));
    const row = (no: number) => /<tr data-task="(\d+)">([\s\S]*?)<\/tr>/g;
    for (const t of m.tasks.filter((x) => [8, 12, 13, 109].includes(x.no))) {
      const tr = [...page.matchAll(row(t.no))].find((x) => Number(x[1]) === t.no)![2]!;
      const cells = [...tr.matchAll(/<td( class="cell (\w+)( lead)?")?>/g)].map((x) => x[2] ?? null);
      const expected = columns.map((name) => t.cells.find((c) => c.unit === name)?.status ?? null);
      expect(cells, `task ${t.no}`).toEqual(expected);
    }
    const t12 = [...page.matchAll(row(12))].find((x) => x[1] === "12")![2]!;
    expect(t12).toContain('<td class="cell on_time lead">报</td>');
    expect(t12).toContain('<td class="cell late">补</td>');
    const counties = await html("/dashboard/matrix?period=2020Q1&kind=county");
    expect([...counties.matchAll(/<th class="col"/g)]).toHaveLength(m.units.filter((u) => u.kind === "county").length);
  });

  it("print view: no navigation, every task matching the filter on one page", async () => {
    const all = await html("/dashboard/print?period=2020Q1");
    expect(all).not.toContain('<header class="top">');
    expect(all).toContain('<body class="print">');
    expect([...(/<table id="print-tasks">[\s\S]*?<\/table>/.exec(all)![0]).matchAll(/<tr><td class="num">/g)]).toHaveLength(115);
    const filtered = await html("/dashboard/print?period=2020Q1&section=1");
    const m = await model();
    expect([...(/<table id="print-tasks">[\s\S]*?<\/table>/.exec(filtered)![0]).matchAll(/<tr><td class="num">/g)]).toHaveLength(m.tasks.filter((t) => t.sectionNo === 1).length);
    expect(filtered).toContain("筛选：第1部分");
  });

  it("year report: the four quarters' figures side by side", async () => {
    const page = await html("/dashboard/year?year=2020");
    const quarters = await Promise.all([1, 2, 3, 4].map((q) => model(`2020Q${q}`)));
    const rows = [...(/<table id="year-quarters">[\s\S]*?<\/table>/.exec(page)![0]).matchAll(/<tr><td><a [^>]*>[^<]*<\/a><\/td>([\s\S]*?)<\/tr>/g)].map((x) => text(x[1]!.replace(/<\/td>/g, " ")).trim());
    expect(rows).toEqual(quarters.map((m) => `${m.totals.total} ${m.totals.onTime} ${m.totals.late} ${m.totals.closed} ${m.totals.missing} ${m.totals.percent}%`));
    expect(page).toContain('href="/api/v1/periods/2020/report.xlsx"');
    const res = await fetch(`${s.base}/dashboard/year?year=1999`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(404);
  });

  it("asks for the login like every page", async () => {
    for (const path of ["/dashboard/matrix", "/dashboard/print", "/dashboard/year"]) {
      const res = await fetch(`${s.base}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login\?next=/);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
  });
});
