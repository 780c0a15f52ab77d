// The dashboard on a desktop (1366×768) and a phone (390×844), in Debian's chromium (issue 20
// item 10): the overview, a unit, a task in each state (推进中, 待销号, 已销号, 已退回), the
// print view and the matrix. What is asserted is what a reader notices: no text column squeezed
// to a few characters, a readable task column and 对表 column, a page that is not tens of
// thousands of pixels tall, nothing wider than the phone, filters that change the rows.
// Screenshots go to test-results/dashboard-layout/ (DUBAN_SCREENSHOT_DIR=docs/screenshots
// refreshes the README's).
import { createServer, type Server } from "node:http";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/http/create-app";
import { createLogger } from "../../../src/logger";
import { findChromium, launchChromium } from "../../helpers/chromium";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

const TOKEN = "test-admin-token-0123456789";
const SHOTS = process.env.DUBAN_SCREENSHOT_DIR ?? "test-results/dashboard-layout";
const executablePath = findChromium();
if (!executablePath) console.warn("dashboard layout test skipped: chromium is not installed (apt-get install chromium fonts-noto-cjk)");

let h: ConversationHarness;
let server: Server;
let base: string;
const state: Record<"in_progress" | "pending" | "closed" | "returned", number> = { in_progress: 0, pending: 0, closed: 0, returned: 0 };

beforeAll(async () => {
  if (!executablePath) return;
  mkdirSync(SHOTS, { recursive: true });
  h = await createHarness("2020-05-06T10:00:00+08:00");
  const db = h.database.db;
  const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  const led = (await db.assignment.findMany({ where: { unitId: unit.id, role: "lead" }, include: { task: true }, orderBy: { task: { no: "asc" } } })).map((a) => a.task.no);
  [state.pending, state.closed, state.returned, state.in_progress] = led as [number, number, number, number];
  const ok = async (user: string, text: string, expected: string) => expect((await h.send(user, text)).text).toContain(expected);
  await ok("zhangsan", `${state.in_progress} 本季度举办促消费活动3场，发放消费券500万元`, "");
  await ok("zhangsan", `${state.closed} 已完成年度任务`, "");
  await ok("zhangsan", `办结 ${state.pending} 已印发实施方案`, "已申请办结");
  await ok("zhangsan", `办结 ${state.closed} 已全部完成`, "已申请办结");
  await ok("lisi", `销号 ${state.closed}`, "已销号");
  await ok("zhangsan", `办结 ${state.returned} 已完成`, "已申请办结");
  await ok("lisi", `退回 ${state.returned} 依据不足`, "退回");
  const app = createApp({ db, provider: h.database.provider, log: createLogger("silent"), platforms: {}, dashboard: { adminToken: TOKEN, clock: () => h.now.value } });
  server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  if (!executablePath) return;
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h?.database.drop();
});

interface Layout {
  height: number;
  width: number;
  /** Visible table cells (outside the matrix) whose text wraps at fewer than four characters a line. */
  squeezed: string[];
}

/**
 * What a reader sees of the page's layout. Run in the page (a string: the project's TypeScript
 * has no DOM types). A cell is squeezed when its text wraps at fewer than four characters a
 * line, as the overview's columns did on a phone before (issue 20 item 10); the lines are
 * counted from the text's own boxes, so a bar or a tag beside it does not count as a line.
 */
const LAYOUT = `(() => {
  const squeezed = [];
  for (const el of document.querySelectorAll("td, th")) {
    if (!el.offsetParent || el.closest(".matrix")) continue;
    const text = (el.innerText || "").trim();
    if (!text) continue;
    const tops = new Set();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    const lines = tops.size;
    if (lines > 1 && [...text.replace(/\\s+/g, "")].length / lines < 4) squeezed.push(el.tagName + " " + text.slice(0, 12) + ": " + lines + " lines, " + Math.round(el.getBoundingClientRect().width) + "px");
  }
  return { height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth, squeezed };
})()`;

function layout(page: Page): Promise<Layout> {
  return page.evaluate<Layout>(LAYOUT);
}

const widthOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().width);
const rowsOf = (page: Page) => page.locator("#tasks tbody tr").evaluateAll((trs) => trs.map((tr) => ({ no: Number(tr.querySelector("td.no")?.textContent), state: tr.getAttribute("data-state") })));

const SIZES = [
  // taskLine: the width a task's title gets, 20 characters on a desktop, the card's width on a phone.
  { name: "desktop", width: 1366, height: 768, maxOverview: 6000, taskLine: "#tasks td.task", minTaskLine: 20 * 14 },
  { name: "phone", width: 390, height: 844, maxOverview: 9000, taskLine: "#tasks tbody tr", minTaskLine: 330 },
] as const;

describe.skipIf(!executablePath).each(SIZES)("dashboard at $width×$height", (size) => {
  let page: Page;
  let close: () => Promise<void>;
  const foreign: string[] = [];

  beforeAll(async () => {
    const b = await launchChromium(executablePath!, { viewport: { width: size.width, height: size.height }, headers: { authorization: `Bearer ${TOKEN}` } });
    close = b.close;
    page = b.context.pages()[0] ?? (await b.context.newPage());
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) foreign.push(r.url());
    });
  }, 60_000);
  afterAll(async () => {
    await close?.();
  });

  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}-${size.name}.png` });

  it("overview: readable task and 对表 columns, no squeezed column, bounded height", async () => {
    await page.goto(`${base}/dashboard?period=2020Q2`);
    const l = await layout(page);
    expect(l.squeezed).toEqual([]);
    expect(l.width).toBeLessThanOrEqual(size.width);
    expect(l.height).toBeLessThan(size.maxOverview);
    // 20 characters of the task's title on a line; 对表's "序时推进" on one.
    expect(await widthOf(page, size.taskLine)).toBeGreaterThanOrEqual(size.minTaskLine);
    expect(await widthOf(page, "#tasks td.verdict")).toBeGreaterThanOrEqual(4 * 14);
    // Task 109 (every city department leads it) names them as one.
    await page.goto(`${base}/dashboard?period=2020Q2&q=109`);
    expect((await page.locator("#tasks td.units").innerText()).replace(/^牵头：/, "")).toBe("市政府各部门");
    await page.goto(`${base}/dashboard?period=2020Q2`);
    await shot("overview");
  });

  it("overview: the filters and the search change the rows, without script", async () => {
    await page.goto(`${base}/dashboard?period=2020Q2`);
    expect((await rowsOf(page)).length).toBe(30);
    await page.selectOption("select[name=state]", "pending");
    await Promise.all([page.waitForURL(/state=pending/), page.click("form.filters button[type=submit]")]);
    expect(await rowsOf(page)).toEqual([{ no: state.pending, state: "pending" }]);
    expect(await page.locator("#filter-echo").innerText()).toContain("待销号");
    await page.goto(`${base}/dashboard?period=2020Q2`);
    await page.fill("input[name=q]", String(state.returned));
    await Promise.all([page.waitForURL(/q=/), page.press("input[name=q]", "Enter")]);
    expect(await rowsOf(page)).toEqual([{ no: state.returned, state: "returned" }]);
    await page.goto(`${base}/dashboard?period=2020Q2&section=2&light=red`);
    const rows = await rowsOf(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(await page.locator("#tasks .light").evaluateAll((els) => els.map((e) => e.className))).toEqual(rows.map(() => "light red"));
  });

  it("a unit: its tasks and history readable", async () => {
    await page.goto(`${base}/dashboard/units/${encodeURIComponent("市商务局")}?period=2020Q2`);
    const l = await layout(page);
    expect(l.squeezed).toEqual([]);
    expect(l.width).toBeLessThanOrEqual(size.width);
    expect(await page.locator("#unit-exports a").count()).toBeGreaterThan(0);
    await shot("unit");
  });

  for (const s of ["in_progress", "pending", "closed", "returned"] as const) {
    it(`a task ${s}: its state in the heading, nothing squeezed`, async () => {
      await page.goto(`${base}/dashboard/tasks/${state[s]}?period=2020Q2`);
      expect(await page.locator("#task-state").innerText()).toBe({ in_progress: "推进中", pending: "待销号", closed: "已销号", returned: "已退回" }[s]);
      const l = await layout(page);
      expect(l.squeezed).toEqual([]);
      expect(l.width).toBeLessThanOrEqual(size.width);
      await shot(`task-${s.replace("_", "-")}`);
    });
  }

  it("the print view: readable on the screen; on A4 paper no navigation, every task, nothing squeezed", async () => {
    await page.goto(`${base}/dashboard/print?period=2020Q2`);
    const screen = await layout(page);
    expect(screen.squeezed).toEqual([]);
    expect(screen.width).toBeLessThanOrEqual(size.width);
    expect(await page.locator("header.top").count()).toBe(0);
    await shot("print");
    // A4 at 96 dpi, less the page's margins.
    await page.setViewportSize({ width: 702, height: 1069 });
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.locator(".noprint").isVisible()).toBe(false);
      expect(await page.locator("#print-tasks tbody tr").count()).toBe(115);
      const paper = await layout(page);
      expect(paper.squeezed).toEqual([]);
      expect(paper.width).toBeLessThanOrEqual(702);
      if (size.name === "desktop") await page.screenshot({ path: `${SHOTS}/print-a4.png` });
    } finally {
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: size.width, height: size.height });
    }
  });

  it("the matrix: a cell per task and unit", async () => {
    await page.goto(`${base}/dashboard/matrix?period=2020Q2`);
    const units = await page.locator("#matrix thead th.col").allInnerTexts();
    const row = page.locator(`#matrix tr[data-task="${state.in_progress}"] td`);
    const cells = await row.evaluateAll((tds) => tds.slice(1).map((td) => td.className));
    expect(cells[units.indexOf("市商务局")]).toBe("cell on_time lead");
    expect(await page.locator("#matrix td.row").first().evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThanOrEqual(10 * 12);
    expect((await layout(page)).width).toBeLessThanOrEqual(size.width);
    await shot("matrix");
  });

  it("asked nothing from another origin", () => {
    expect(foreign).toEqual([]);
  });
});
