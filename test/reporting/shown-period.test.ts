// One rule per question, used by every view (issue 20 item 7): which period is shown when
// none is asked for, and how a (task, unit) cell is classed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/create-app";
import { createLogger } from "../../src/logger";
import { periodReport } from "../../src/reporting/period-report";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

const TOKEN = "test-admin-token-0123456789";
let h: ConversationHarness;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  h = await createHarness("2020-06-10T10:00:00+08:00");
  app = createApp({ db: h.database.db, provider: h.database.provider, log: createLogger("silent"), platforms: {}, dashboard: { adminToken: TOKEN, clock: () => h.now.value } });
}, 60_000);
afterAll(async () => h.database.drop());

async function page(path: string): Promise<string> {
  const { createServer } = await import("node:http");
  const server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const port = (server.address() as { port: number }).port;
    return await (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)![1]!;

describe("the period shown by default", () => {
  it("on 7月3日, while the second quarter's late window is open, every view shows the second quarter", async () => {
    h.now.value = new Date("2020-07-03T10:00:00+08:00");
    expect((await h.send("lisi", "未报", { chatId: "wr-duban" })).text).toContain("2020年第二季度");
    expect((await h.send("zhangsan", "未报")).text).toContain("2020年第二季度");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^市商务局｜2020年第二季度/);
    expect((await h.send("zhangsan", "进度")).text).toContain("2020年第二季度");
    expect((await h.send("lisi", "汇总")).text).toMatch(/^2020年第二季度汇总/);
    expect((await h.send("lisi", "通报")).text).toContain("关于2020年第二季度重点工作进展情况的通报");
    expect(title(await page("/dashboard"))).toContain("2020年第二季度");
    expect(title(await page(`/dashboard/units/${encodeURIComponent("市商务局")}`))).toContain("2020年第二季度");
    expect(title(await page("/dashboard/tasks/12"))).toContain("2020年第二季度");
  });

  it("once that window has closed (the third quarter's first reminder), every view shows the third", async () => {
    h.now.value = new Date("2020-09-24T10:00:00+08:00");
    expect((await h.send("lisi", "未报", { chatId: "wr-duban" })).text).toContain("2020年第三季度");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(/^市商务局｜2020年第三季度/);
    expect((await h.send("lisi", "汇总")).text).toMatch(/^2020年第三季度汇总/);
    expect(title(await page(`/dashboard/units/${encodeURIComponent("市商务局")}`))).toContain("2020年第三季度");
  });
});

describe("how a cell is classed", () => {
  it("a task reported and then 销号 is reported in 我的任务 as in the report model", async () => {
    h.now.value = new Date("2020-09-24T10:00:00+08:00");
    const db = h.database.db;
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    const led = (await db.assignment.findMany({ where: { unitId: unit.id, role: "lead" }, include: { task: true }, orderBy: { task: { no: "asc" } } })).map((a) => a.task.no);
    expect((await h.send("zhangsan", `本季度 ${led[0]} 已全部完成`)).text).toContain("已记录");
    await h.send("zhangsan", `办结 ${led[0]} 已全部完成`);
    await h.send("zhangsan", `办结 ${led[1]} 已全部完成`);
    await h.send("lisi", `销号 ${led[0]}`);
    await h.send("lisi", `销号 ${led[1]}`);
    const mine = (await h.send("zhangsan", "我的任务")).text;
    const m = await periodReport(db, { period: "2020Q3", unit: "市商务局", now: h.now.value });
    const cell = (no: number) => m.tasks.find((t) => t.no === no)!.cells.find((c) => c.unit === "市商务局")!.status;
    expect([cell(led[0]!), cell(led[1]!)]).toEqual(["on_time", "closed"]);
    expect(mine).toMatch(new RegExp(`^\\S*${led[0]}\\. .*已报$`, "mu"));
    expect(mine).toMatch(new RegExp(`^\\S*${led[1]}\\. .*已办结$`, "mu"));
    expect(Number(/已报(\d+)/.exec(mine)![1])).toBe(m.totals.onTime + m.totals.late);
    expect(Number(/已办结(\d+)/.exec(mine)![1])).toBe(m.totals.closed);
  });
});
