// `duban audit`: the trail read back, filtered by task, unit and date.
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordAudit } from "../../src/audit/record-audit";
import { runCli } from "../../src/cli/run-cli";
import { openDatabase } from "../../src/db/client";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;

async function duban(...argv: string[]) {
  const out: string[] = [];
  let err = "";
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent" };
  expect((await duban("units")).code).toBe(0);
  const { db, close } = await openDatabase(made.url);
  const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
  const shangwu = await db.unit.findUniqueOrThrow({ where: { name: "市商务局" } });
  const caizheng = await db.unit.findUniqueOrThrow({ where: { name: "市财政局" } });
  const zhangsan = { platform: "wecom", id: "zhangsan", name: "张三", messageId: "msg-1" };
  const base = { taskId: task.id, taskNo: 12, unitId: shangwu.id, unitName: "市商务局", period: "2020Q1" };
  await recordAudit(db, { action: "report.created", actor: zhangsan, at: new Date("2020-03-24T09:00:00+08:00"), ...base, detail: { reportId: 1 } });
  await recordAudit(db, { action: "report.superseded", actor: { ...zhangsan, messageId: "msg-2" }, at: new Date("2020-03-25T09:00:00+08:00"), ...base, detail: { reportId: 2 } });
  await recordAudit(db, { action: "group.bound", actor: { platform: "wecom", id: "lisi", name: null, messageId: "msg-bind" }, at: new Date("2020-04-02T09:00:00+08:00"), unitId: caizheng.id, unitName: "市财政局" });
  await close();
});
afterAll(async () => drop());

it("--task lists that task's trail, newest first, as JSON", async () => {
  const r = await duban("audit", "--task", "12", "--json");
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.out.join("\n")) as { action: string; messageId: string; detail: { reportId: number } }[];
  expect(rows.map((x) => [x.action, x.messageId, x.detail.reportId])).toEqual([
    ["report.superseded", "msg-2", 2],
    ["report.created", "msg-1", 1],
  ]);
});

it("--unit takes short names; lines say when, what, who and through which message", async () => {
  const r = await duban("audit", "--unit", "财政局");
  expect(r.out).toHaveLength(1);
  expect(r.out[0]).toMatch(/2020-04-02 09:00 绑定群 市财政局 — lisi @wecom 消息msg-bind/);
});

it("--since is a Beijing date", async () => {
  expect((await duban("audit", "--since", "2020-03-25")).out).toHaveLength(2);
  expect((await duban("audit", "--since", "2030-01-01")).out).toEqual(["没有符合条件的留痕记录"]);
  const bad = await duban("audit", "--since", "yesterday");
  expect(bad.code).not.toBe(0);
});
