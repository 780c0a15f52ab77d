// The dashboard in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Signs in with WeCom (a local fake of its web login), switches period, opens a task and a unit, checks the
// figures against the report model, and saves screenshots under test-results/dashboard/.
// Skips, saying so, only when chromium is not installed (CI installs it: see .ci/run).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodReport } from "../../../src/reporting/period-report";
import type { ReportModel } from "../../../src/reporting/report-model";
import { addMember } from "../../../src/directory/members";
import { startFakeWecomLogin, type FakeWecomLogin } from "../../fakes/wecom-login";
import { HOSTILE } from "../../helpers/bureau-fixture";
import { NOW, startDashboardServer, type DashboardServer } from "../../helpers/dashboard-server";

function findChromium(): string | null {
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

const executablePath = findChromium();
if (!executablePath) console.warn("dashboard browser test skipped: chromium is not installed (apt-get install chromium fonts-noto-cjk)");

const SHOTS = "test-results/dashboard";

describe.skipIf(!executablePath)("dashboard in chromium", () => {
  let s: DashboardServer;
  let wecom: FakeWecomLogin;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const foreign: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    const app = { corpId: "wwcorp0001", agentId: 1000002, secret: "wecom-app-secret" };
    wecom = await startFakeWecomLogin(app);
    wecom.signInAs = "zhaoliu";
    s = await startDashboardServer({ signIn: { trustProxy: 0, wecom: { ...app, apiBase: wecom.base, loginBase: wecom.base } } });
    await addMember(s.database.db, { platform: "wecom", userId: "zhaoliu", unit: "市委市政府督查局", name: "赵六", role: "supervisor" });
    profile = mkdtempSync(join(tmpdir(), "duban-chromium-"));
    mkdirSync(SHOTS, { recursive: true });
    // A fresh profile directory (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: executablePath!,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1280, height: 900 },
      locale: "zh-CN",
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("request", (r) => {
      // The vendor's login page is the one other origin a sign-in visits.
      if (!r.url().startsWith(s.base) && !r.url().startsWith(`${wecom.base}/wwlogin/`)) foreign.push(r.url());
    });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await s?.close();
    await wecom?.close();
  });

  const model = (period: string, unit?: string): Promise<ReportModel> => periodReport(s.database.db, { period, unit, now: NOW });
  const text = (selector: string) => page.locator(selector).innerText();

  it("signs in with WeCom and lands on the closed quarter", async () => {
    await page.goto(`${s.base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.screenshot({ path: `${SHOTS}/login.png` });
    await Promise.all([page.waitForURL(/\/dashboard$/), page.click("#signin-wecom")]);
    const q1 = await model("2020Q1");
    expect(await text("#signed-in")).toBe("赵六");
    expect(await page.locator("#period").inputValue()).toBe("2020Q1");
    expect(await text("#total-total")).toBe(String(q1.totals.total));
    expect(await text("#total-on-time")).toBe(String(q1.totals.onTime));
    expect(await text("#total-late")).toBe(String(q1.totals.late));
    expect(await text("#total-missing")).toBe(String(q1.totals.missing));
    expect(await page.locator("#units tbody tr").count()).toBe(q1.units.length);
    await page.screenshot({ path: `${SHOTS}/period-2020Q1.png`, fullPage: false });
  });

  it("switches period with the picker", async () => {
    await Promise.all([page.waitForURL(/period=2020Q2/), page.selectOption("#period", "2020Q2")]);
    const q2 = await model("2020Q2");
    expect(await text("h1")).toBe("2020年第二季度重点工作进展");
    expect(await text("#total-on-time")).toBe(String(q2.totals.onTime));
    expect(await text("#total-missing")).toBe(String(q2.totals.missing));
    await Promise.all([page.waitForURL(/period=2020Q1/), page.selectOption("#period", "2020Q1")]);
  });

  it("opens a task: its units, the hostile report as text, the superseded version, the trail section", async () => {
    await Promise.all([page.waitForURL(/\/dashboard\/tasks\/12/), page.click("#tasks a[href^='/dashboard/tasks/12?']")]);
    const t12 = (await model("2020Q1")).tasks.find((t) => t.no === 12)!;
    expect(await text("#task-reported")).toBe(String(t12.counts.reported));
    expect(await page.locator("#task-units tbody tr").count()).toBe(t12.cells.length);
    expect(await page.locator("#task-units").innerText()).toContain(HOSTILE);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.locator("tr.superseded").innerText()).toContain("第一版：举办促消费活动2场");
    expect(await page.locator("#task-audit tbody tr").allInnerTexts()).toEqual([
      expect.stringMatching(/2020-04-02 10:00\s+汇报\s+市财政局\s+2020Q1\s+钱七\s+wecom · m12c/),
      expect.stringMatching(/2020-03-27 10:00\s+更新汇报（原记录留存）\s+市商务局\s+2020Q1\s+张三\s+wecom · m12b/),
      expect.stringMatching(/2020-03-26 10:00\s+汇报\s+市商务局/),
    ]);
    await page.screenshot({ path: `${SHOTS}/task-12.png`, fullPage: true });
  });

  it("opens a unit from the task page", async () => {
    await Promise.all([page.waitForURL(/\/dashboard\/units\//), page.click("#task-units a:text('市商务局')")]);
    const unit = await model("2020Q1", "市商务局");
    expect(await text("h1")).toBe("市商务局 · 2020年第一季度");
    expect(await text("#unit-on-time")).toBe(String(unit.totals.onTime));
    expect(await text("#unit-missing")).toBe(String(unit.totals.missing));
    expect(await page.locator("#unit-tasks tbody tr").count()).toBe(unit.totals.total);
    await page.screenshot({ path: `${SHOTS}/unit.png`, fullPage: false });
  });

  it("退出 ends the session: the dashboard asks to sign in again", async () => {
    await Promise.all([page.waitForURL(/\/login$/), page.click("form.logout button")]);
    await page.goto(`${s.base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.locator("#signin-wecom").count()).toBe(1);
  });

  it("ran no script from a report and asked nothing from another origin", () => {
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
