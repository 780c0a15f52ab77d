// `duban assign`, `duban unassign` and `duban tasks --unassigned`, in-process on a fresh database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDuban } from "../helpers/cli";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeEach(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent" };
});
afterEach(async () => drop());

const duban = (...argv: string[]) => runDuban(env, ...argv);

describe("duban tasks --unassigned", () => {
  it("lists the 各有关县 tasks that name no county, and the counties taken from a task's text", async () => {
    const r = await duban("tasks", "--unassigned");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^66\. .*「各有关县（市、区）」未指明/m);
    expect(r.out).toMatch(/^97\. .*「各有关县（市、区）」未指明/m);
    expect(r.out).toMatch(/^40\. .*按任务内容推定县区：禹州市政府、长葛市政府，请核对/m);
    expect(r.out).toMatch(/^49\. .*「市直有关部门」未指明具体单位/m);
    expect(r.out).not.toMatch(/^109\./m);
    expect(r.out).toContain("duban assign 编号 --unit 单位");
    const json = JSON.parse((await duban("tasks", "--unassigned", "--json")).out) as { no: number; reason: string }[];
    expect(json).toContainEqual(expect.objectContaining({ no: 66, reason: "relevant" }));
  });

  it("shows a task led by every department on one line", async () => {
    const r = await duban("tasks");
    expect(r.out).toMatch(/^109 切实精简会议文件.*（牵头：市卫生健康委等36个单位）$/m);
  });
});

describe("duban assign / unassign", () => {
  it("puts a unit on a task with a role, takes it off again, and says what it did", async () => {
    let r = await duban("assign", "66", "--unit", "禹州市", "--role", "cooperating");
    expect(r).toMatchObject({ code: 0, out: "已指派：第66项 · 禹州市政府（配合）" });
    expect((await duban("tasks", "--unit", "禹州市")).out).toMatch(/^ +66 \[配合\] 加快公共资源交易平台/m);
    r = await duban("tasks", "--unassigned");
    expect(r.out).not.toMatch(/^66\./m);

    r = await duban("assign", "97", "--unit", "长葛市政府");
    expect(r.out).toBe("已指派：第97项 · 长葛市政府（县区）");
    r = await duban("assign", "97", "--unit", "长葛市政府", "--role", "county");
    expect(r.out).toBe("第97项 · 长葛市政府已是县区单位，无需更改");

    r = await duban("assign", "40", "--unit", "长葛市");
    expect(r.out).toBe("已确认：第40项 · 长葛市政府（县区），今后导入不再更改");
    expect((await duban("tasks", "--unassigned")).out).toMatch(/^40\. .*按任务内容推定县区：禹州市政府，请核对/m);

    r = await duban("unassign", "66", "--unit", "禹州市");
    expect(r).toMatchObject({ code: 0, out: "已取消：第66项 · 禹州市政府（原配合）" });
    expect((await duban("tasks", "--unit", "禹州市")).out).not.toMatch(/^ +66 /m);
  });

  it("refuses an unknown unit, a missing task, a group and a bad role, with the reason", async () => {
    let r = await duban("assign", "66", "--unit", "禹州县");
    expect(r.code).toBe(1);
    expect(r.err).toContain("禹州市政府");
    r = await duban("assign", "999", "--unit", "禹州市");
    expect(r.code).toBe(1);
    expect(r.err).toContain("没有第999项任务（共115项）");
    r = await duban("assign", "66", "--unit", "市直有关部门");
    expect(r.err).toContain("是统称");
    r = await duban("assign", "66", "--unit", "禹州市", "--role", "boss");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("must be one of lead, cooperating, county");
    r = await duban("unassign", "66", "--unit", "禹州市");
    expect(r.err).toContain("禹州市政府不是第66项的责任单位");
  });
});
