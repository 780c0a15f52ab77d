// The dashboard over HTTP: who gets in, the headers every answer carries, escaping, exports,
// and the JSON API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type Koa from "koa";
import { createApp } from "../../../src/http/create-app";
import { createLogger } from "../../../src/logger";
import { HOSTILE } from "../../helpers/bureau-fixture";
import { ADMIN_TOKEN, startDashboardServer, type DashboardServer } from "../../helpers/dashboard-server";
import type { ReportModel } from "../../../src/reporting/report-model";

let s: DashboardServer;
beforeAll(async () => {
  s = await startDashboardServer();
});
afterAll(async () => s.close());

const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${s.base}${path}`, { headers, redirect: "manual" });

describe("access", () => {
  it("without credentials: pages redirect to /login, the API answers 401", async () => {
    const page = await get("/dashboard/tasks/12?period=2020Q1");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/login?next=%2Fdashboard%2Ftasks%2F12%3Fperiod%3D2020Q1");
    for (const path of ["/api/v1/units", "/api/v1/tasks/12", "/api/v1/periods/2020Q1/matrix", "/api/v1/periods/2020Q1/report.xlsx"]) {
      expect((await get(path)).status).toBe(401);
    }
  });

  it("a wrong token is 401 for pages and API alike", async () => {
    expect((await get("/dashboard", { authorization: "Bearer nope-nope-nope-nope" })).status).toBe(401);
    expect((await get("/api/v1/units", { authorization: `Bearer ${ADMIN_TOKEN}x` })).status).toBe(401);
  });

  it("a session cookie that is no session opens nothing", async () => {
    for (const cookie of ["duban_session=v1.99999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", `duban_session=${"A".repeat(43)}`]) {
      expect((await get("/api/v1/units", { cookie })).status).toBe(401);
      expect((await get("/dashboard", { cookie })).status).toBe(302);
    }
  });

  it("is not started without a token of at least 16 characters or a sign-in, and says why", async () => {
    for (const adminToken of [undefined, "short-token"]) {
      const lines: string[] = [];
      const log = createLogger("warn");
      const app = createApp({ db: s.database.db, provider: "sqlite", log: Object.assign(Object.create(log), { warn: (_o: unknown, msg: string) => lines.push(msg) }), platforms: {}, dashboard: { adminToken, clock: () => new Date() } });
      expect((await serve(app, "/login")).status).toBe(404);
      expect(lines.join("\n")).toMatch(/dashboard not started: neither ADMIN_TOKEN/);
      if (adminToken) expect(lines.join("\n")).toMatch(/shorter than 16 characters/);
    }
  });

  it("starts for signed-in staff when a sign-in is configured and no ADMIN_TOKEN is: no Bearer token opens it", async () => {
    const signIn = { trustProxy: 0, wecom: { corpId: "ww1", agentId: 1000002, secret: "s", apiBase: "http://127.0.0.1:9", loginBase: "http://127.0.0.1:9" } };
    const app = createApp({ db: s.database.db, provider: "sqlite", log: createLogger("silent"), platforms: {}, dashboard: { adminToken: undefined, clock: () => new Date(), signIn } });
    expect((await serve(app, "/login")).status).toBe(200);
    expect((await serve(app, "/dashboard")).status).toBe(302);
    expect((await serve(app, "/api/v1/units", { authorization: "Bearer undefined" })).status).toBe(401);
    expect((await serve(app, "/api/v1/units", { authorization: "Bearer " })).status).toBe(401);
  });
});

/** One request to an app on a port of its own (no redirect followed). */
async function serve(app: Koa, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const { port } = server.address() as { port: number };
    return await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: "manual" });
  } finally {
    server.close();
  }
}

describe("pages", () => {
  it("carry a CSP without inline script, no framing, no sniffing", async () => {
    for (const path of ["/login", "/dashboard", "/dashboard/tasks/12", "/api/v1/units"]) {
      const res = await get(path, bearer);
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("show a hostile report as text on every page that shows it, and load nothing from elsewhere", async () => {
    for (const path of ["/dashboard/tasks/12?period=2020Q1", "/dashboard/units/市财政局?period=2020Q1"]) {
      const html = await (await get(path, bearer)).text();
      expect(html).not.toContain(HOSTILE);
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
      expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/dashboard/assets/app.js" defer>']);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("an unknown task or unit is a 404 page", async () => {
    const res = await get("/dashboard/tasks/999", bearer);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("没有第999项任务");
    expect((await get("/dashboard/units/不存在的局", bearer)).status).toBe(400);
  });
});

describe("API", () => {
  it("matrix is the report model; tasks/:no has every report with superseded ones marked", async () => {
    const m = (await (await get("/api/v1/periods/2020Q1/matrix", bearer)).json()) as ReportModel;
    expect(m.totals).toMatchObject({ onTime: 3, late: 1 });
    const task = (await (await get("/api/v1/tasks/12", bearer)).json()) as { reports: { unit: string; superseded: boolean; text: string }[] };
    expect(task.reports.filter((r) => r.unit === "市商务局").map((r) => r.superseded)).toEqual([true, false]);
    const units = (await (await get("/api/v1/units", bearer)).json()) as { name: string }[];
    expect(units.map((u) => u.name)).toContain("市商务局");
  });

  it("a task number is plain digits: too large, 1e1 or 0x0c is not found, never a 500 (issue 20 item 5)", async () => {
    for (const no of ["99999999999999999999", "1e1", "0x0c", "12.0", "-12", "%2012"]) {
      const api = await get(`/api/v1/tasks/${no}`, bearer);
      expect(api.status, `/api/v1/tasks/${no}`).toBe(404);
      expect(((await api.json()) as { error?: string }).error ?? "").not.toContain("Prisma");
      expect((await get(`/dashboard/tasks/${no}`, bearer)).status, `/dashboard/tasks/${no}`).toBe(404);
    }
    expect((await get("/api/v1/tasks/12", bearer)).status).toBe(200);
  });

  it("exports download with their content type and a file name", async () => {
    const res = await get("/api/v1/periods/2020Q1/report.docx", bearer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toContain('filename="duban-2020Q1.docx"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const csv = Buffer.from(await (await get("/api/v1/periods/2020Q1/report.csv?unit=商务局", bearer)).arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8").trim().split("\r\n").slice(1).every((l) => l.includes(",市商务局,"))).toBe(true);
    expect((await get("/api/v1/periods/2020Q1/report.pdf", bearer)).status).toBe(400);
  });
});
