// `duban group bind`: refuses unusable webhooks with the reason, and says when a group has no
// way for reminders to reach it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const bind = (platform: string, webhook?: string) =>
  duban("group", "bind", "--platform", platform, "--chat", "wrA", "--unit", "市商务局", ...(webhook ? ["--webhook", webhook] : []));

describe("duban group bind --webhook", () => {
  it("refuses http, the other platform's robot, a foreign URL and a WeCom URL without key=, each with the reason", async () => {
    const cases: [string, string, string][] = [
      ["wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "必须是 https:// 地址"],
      ["wecom", "https://oapi.dingtalk.com/robot/send?access_token=t", "这是钉钉机器人的地址"],
      ["dingtalk", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "这是企业微信群机器人的地址"],
      ["wecom", "https://example.com/hook", "不是企业微信群机器人地址"],
      ["wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "缺少 key=…"],
    ];
    for (const [platform, url, reason] of cases) {
      const r = await bind(platform, url);
      expect(r.code, url).toBe(1);
      expect(r.err, url).toContain(reason);
    }
    const ok = await bind("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("提醒将通过本群的群机器人发送");
  });

  it("the same rules in `duban directory load`, with the line", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "duban-dir-")), "d.yaml");
    writeFileSync(file, 'groups:\n  - { platform: wecom, chat: wrA, unit: 市商务局, webhook: "https://example.com/hook" }\n');
    const r = await duban("directory", "load", file);
    expect(r.code).toBe(1);
    expect(r.err).toContain("d.yaml:2:");
    expect(r.err).toContain("不是企业微信群机器人地址");
  });
});

describe("binding a group with no push channel", () => {
  it("WeCom without a robot webhook or the AI bot's long connection: warns and says how to add one", async () => {
    const r = await bind("wecom");
    expect(r.code).toBe(0);
    expect(r.err).toContain("本群还没有推送通道");
    expect(r.err).toContain("duban group bind --platform wecom --chat wrA --unit 市商务局 --webhook <地址>");
  });

  it("WeCom with the AI bot's long connection: no warning", async () => {
    Object.assign(env, { WECOM_BOT_MODE: "ws", WECOM_BOT_ID: "bot", WECOM_BOT_SECRET: "s" });
    const r = await bind("wecom");
    expect(r.err).toBe("");
    expect(r.out).toContain("智能机器人（长连接）直接发到本群");
  });
});

describe("duban member add: leaders, deputies and leave (issue 23)", () => {
  it("registers a 主要负责人 and a 分管领导, a liaison's deputy and leave; refuses a post without the leader role and a bad date", async () => {
    const head = await duban("member", "add", "--platform", "dingtalk", "--user", "0009", "--unit", "商务局", "--name", "李局", "--role", "leader", "--post", "head");
    expect(head.code).toBe(0);
    expect(head.out).toContain("已添加：dingtalk 用户 0009 → 市商务局（主要负责人）");
    const inCharge = await duban("member", "add", "--platform", "wecom", "--user", "wangju", "--unit", "市商务局", "--role", "leader");
    expect(inCharge.out).toContain("（分管领导）");
    const liaison = await duban("member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "市商务局", "--deputy", "sunqi", "--leave-until", "2020-12-10");
    expect(liaison.code).toBe(0);
    const bad = await duban("member", "add", "--platform", "wecom", "--user", "x", "--unit", "市商务局", "--post", "head");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--post 只用于 --role leader");
    const badDate = await duban("member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "市商务局", "--leave-until", "12月10日");
    expect(badDate.code).toBe(1);
    expect(badDate.err).toContain("YYYY-MM-DD");
  });
});
