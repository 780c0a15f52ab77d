// Every task page renders, whatever state the task is in (issue 20 item 1): 办结 pending
// (待销号), 销号, 退回, with a 落实方案 and milestones, and untouched. The states are made
// through chat, as officials make them, so the audit trail carries every action's row.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../../src/audit/record-audit";
import { createApp } from "../../../src/http/create-app";
import { createLogger } from "../../../src/logger";
import { loadTemplates } from "../../../src/templates";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

const TOKEN = "test-admin-token-0123456789";
let h: ConversationHarness;
let server: Server;
let base: string;
const state: Record<string, number> = {};

beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
  const db = h.database.db;
  const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  const led = (await db.assignment.findMany({ where: { unitId: unit.id, role: "lead" }, include: { task: true }, orderBy: { task: { no: "asc" } } })).map((a) => a.task.no);
  [state.pending, state.closed, state.returned, state.planned] = led as [number, number, number, number];
  const ok = async (user: string, text: string, expected: string) => expect((await h.send(user, text)).text).toContain(expected);
  await ok("zhangsan", `${state.closed} 已完成年度任务`, "");
  await ok("zhangsan", `办结 ${state.pending} 已印发实施方案`, "已申请办结");
  await ok("zhangsan", `办结 ${state.closed} 已全部完成`, "已申请办结");
  await ok("lisi", `销号 ${state.closed}`, "已销号");
  await ok("zhangsan", `办结 ${state.returned} 已完成`, "已申请办结");
  await ok("lisi", `退回 ${state.returned} 依据不足`, "退回");
  await ok("zhangsan", `方案 ${state.planned}\n责任领导：王某某（副局长）\n主要措施：加强调度\n时间节点：3月底前完成摸底调查；6月30日前出台实施意见；12月底前全面完成`, "落实方案");
  const app = createApp({ db, provider: h.database.provider, log: createLogger("silent"), platforms: {}, dashboard: { adminToken: TOKEN, clock: () => h.now.value } });
  server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h.database.drop();
});

const page = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

describe("task pages", () => {
  it("every audit action has its label, so no 留痕 row breaks a page", () => {
    const t = loadTemplates();
    for (const action of AUDIT_ACTIONS) expect(t.t(`bureau.audit.${action.replace(".", "_")}`)).not.toBe("");
  });

  it("render for a task in each state, showing what happened", async () => {
    const expectations: [number, string[]][] = [
      [state.pending!, ["待销号", "已印发实施方案"]],
      [state.closed!, ["已销号", "已全部完成"]],
      [state.returned!, ["已退回", "依据不足"]],
      [state.planned!, ["王某某（副局长）", "出台实施意见", "2020-06-30"]],
    ];
    for (const period of ["", "?period=2020Q1", "?period=2020Q2"]) {
      for (const [no, words] of expectations) {
        const res = await page(`/dashboard/tasks/${no}${period}`);
        const html = await res.text();
        expect(res.status, `task ${no}${period}: ${html.slice(0, 200)}`).toBe(200);
        expect(res.headers.get("content-type")).toContain("text/html");
        for (const w of words) expect(html).toContain(w);
      }
    }
  });

  it("render for every task of the plan", async () => {
    const tasks = await h.database.db.task.findMany({ select: { no: true }, orderBy: { no: "asc" } });
    expect(tasks.length).toBeGreaterThan(100);
    const failed: string[] = [];
    for (const { no } of tasks) {
      const res = await page(`/dashboard/tasks/${no}`);
      if (res.status !== 200 || !(res.headers.get("content-type") ?? "").includes("text/html")) failed.push(`${no}: ${res.status}`);
      await res.arrayBuffer();
    }
    expect(failed).toEqual([]);
  }, 120_000);
});

describe("what waits for the bureau (issue 20 item 8)", () => {
  it("the overview lists the 待销号 queue with 依据, who and since when, and the overdue 时间节点", async () => {
    const html = await (await page("/dashboard?period=2020Q2")).text();
    const queue = html.slice(html.indexOf('id="closure-queue"'), html.indexOf("</table>", html.indexOf('id="closure-queue"')));
    expect(queue).toContain(`>${state.pending}</a>`);
    expect(queue).toContain("已印发实施方案");
    expect(queue).toContain("张三");
    expect(queue).toContain("2020-05-06");
    expect(queue).not.toContain(`>${state.closed}</a>`); // 销号 already: not waiting
    const late = html.slice(html.indexOf('id="overdue-milestones"'));
    expect(late).toContain("完成摸底调查");
    expect(late).toContain("2020-03-31");
  });

  it("/api/v1 gives the queue, and each task its 落实方案, milestones and 办结 per lead unit", async () => {
    const q = (await (await page("/api/v1/closures")).json()) as { pending: { taskNo: number; unit: string; basis: string; by: string }[]; overdueMilestones: { taskNo: number }[] };
    expect(q.pending).toEqual([expect.objectContaining({ taskNo: state.pending, unit: "市商务局", basis: "已印发实施方案", by: "张三" })]);
    expect(q.overdueMilestones.map((o) => o.taskNo)).toContain(state.planned);
    const t = (await (await page(`/api/v1/tasks/${state.planned}`)).json()) as { plan: { milestones: { dueDate: string; overdue: boolean }[] } };
    expect(t.plan.milestones.map((ms) => [ms.dueDate, ms.overdue])).toEqual([["2020-03-31", true], ["2020-06-30", false], ["2020-12-31", false]]);
    const closed = (await (await page(`/api/v1/tasks/${state.closed}`)).json()) as { units: { unit: string; closure?: { state: string } }[] };
    expect(closed.units.find((u) => u.unit === "市商务局")!.closure!.state).toBe("closed");
  });
});

describe("督办等级 (issue 23)", () => {
  it("the task page shows the ladder's rung of each unit still owing the report, as a label", async () => {
    const db = h.database.db;
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    await db.reminderRun.create({ data: { key: `ladder:2020Q2:red:unit:${unit.id}`, enqueued: 1 } });
    const html = await (await page(`/dashboard/tasks/${state.planned}?period=2020Q2`)).text();
    expect(html).toContain('<span class="rung red">红色督办</span>');
    // Only that unit: the others have no rung.
    expect(html.match(/class="rung /g)).toHaveLength(1);
    await db.reminderRun.deleteMany();
  });

  it("the unit page and the overview's units table show it too, and only for the unit on the ladder", async () => {
    const db = h.database.db;
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    await db.reminderRun.create({ data: { key: `ladder:2020Q2:yellow:unit:${unit.id}`, enqueued: 1 } });
    const unitPage = await (await page(`/dashboard/units/${encodeURIComponent("市商务局")}?period=2020Q2`)).text();
    expect(unitPage).toMatch(/id="unit-rung">督办等级：<span class="rung yellow">黄色督办<\/span>/);
    const other = await (await page(`/dashboard/units/${encodeURIComponent("市财政局")}?period=2020Q2`)).text();
    expect(other).not.toContain('id="unit-rung"');
    const overview = await (await page("/dashboard?period=2020Q2")).text();
    const units = overview.slice(overview.indexOf('id="units"'));
    expect(units).toMatch(/市商务局<\/a> <span class="rung yellow">黄色督办<\/span><\/td>/);
    expect(overview.match(/class="rung /g)).toHaveLength(1);
    await db.reminderRun.deleteMany();
  });
});

describe("lights (issue 20 item 9)", () => {
  it("are drawn in CSS with a text label and a legend, never colour emoji", async () => {
    for (const path of ["/dashboard?period=2020Q2", `/dashboard/units/${encodeURIComponent("市商务局")}?period=2020Q2`]) {
      const html = await (await page(path)).text();
      expect(html).not.toMatch(/[🔴🟡🟢]/u);
      expect(html).toMatch(/<span class="light (red|yellow|green)">(红灯|黄灯|绿灯)<\/span>/);
    }
    const overview = await (await page("/dashboard?period=2020Q2")).text();
    const legend = overview.slice(overview.indexOf('id="light-legend"'), overview.indexOf("</ul>", overview.indexOf('id="light-legend"')));
    for (const word of ["红灯", "黄灯", "绿灯", "逾期", "正常推进"]) expect(legend).toContain(word);
    const css = await (await page("/dashboard/assets/style.css")).text();
    expect(css).toMatch(/\.light\.red::before\{background:#[0-9a-f]{6}\}/);
  });
});


describe("assets", () => {
  it("serves its two files and nothing else, whatever the name asked for", async () => {
    expect((await page("/dashboard/assets/app.js")).status).toBe(200);
    // Names every object inherits: no asset, so 404 (they were a 204 with no type).
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "nope.css"]) {
      expect((await fetch(`${base}/dashboard/assets/${name}`)).status, name).toBe(404);
    }
  });
});
