// `duban chat`: the console goes through the same pipeline and database as the server.
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeEach(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", DUBAN_NOW: "2020-03-24T09:00:00+08:00" };
});
afterEach(async () => drop());

async function duban(argv: string[], stdin = "") {
  const out: string[] = [];
  let err = "";
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t), stdin: Readable.from([stdin]) });
  return { code, out: out.join("\n"), err };
}

describe("duban chat", () => {
  it("answers each stdin line, reports land in the database the server uses", async () => {
    await duban(["member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "商务局"]);
    const r = await duban(["chat", "--user", "zhangsan"], "我的任务\n12：本季度举办促消费活动3场\n\n未报\n");
    expect(r.code).toBe(0);
    expect(r.out).toContain("市商务局｜2020年第一季度");
    expect(r.out).toContain("已记录 ✅ 第12项 · 市商务局 · 2020年第一季度");
    expect(r.out).toContain("市商务局｜2020年第一季度未报20项");

    const again = await duban(["chat", "--user", "zhangsan"], "任务 12\n");
    expect(again.out).toContain("· 市商务局（3月24日 09:00）：本季度举办促消费活动3场");
  });

  it("takes several reports in one line with \\n, and a quoted reminder with --quote", async () => {
    await duban(["member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "商务局"]);
    let r = await duban(["chat", "--user", "zhangsan"], "12：活动3场\\n13：街区2条\n");
    expect(r.out).toContain("已记录 2 项汇报 ✅ 市商务局");
    r = await duban(["chat", "--user", "zhangsan", "--chat", "wr1", "--group", "--quote", "未报：\n14. 加快传统专业市场\n15. 挖掘农村消费潜力"], "已完成改造\n15\n");
    expect(r.out).toContain("请问这是哪一项任务的汇报？回复任务编号即可，如：14、15");
    expect(r.out).toContain("已记录 ✅ 第15项 · 市商务局");
  });

  it("tells an unregistered user how to be added", async () => {
    const r = await duban(["chat", "--platform", "dingtalk", "--user", "0999"], "我的任务\n");
    expect(r.code).toBe(0);
    expect(r.out).toContain("duban member add --platform dingtalk --user 0999");
  });
});
