// `duban remind` end to end, in-process through runCli: a directory loaded with `duban
// directory load`, one reminder tick at a business instant, delivery through the group robot
// webhook of a fake WeCom, and the delivery log as `duban outbox` shows it.
// The runs build on each other (a stage runs once; a later stage adds a failing group), so
// the tests share one database and run in order.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli";
import { openDatabase } from "../../src/db/client";
import { startFakeWecomApi, type FakeWecomApi, type RecordedRequest } from "../fakes/wecom-api";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
let dir: string;
let fake: FakeWecomApi;

beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  fake = await startFakeWecomApi({ corpId: "ww0000000000000001", secret: "app-secret", webhookKeys: ["k1"] });
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent", WECOM_API_BASE: fake.base };
  dir = mkdtempSync(join(tmpdir(), "duban-remind-"));
});
afterAll(async () => {
  await fake?.close();
  await drop?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function duban(...argv: string[]) {
  const out: string[] = [];
  let err = "";
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t) });
  return { code, out: out.join("\n"), err };
}

const webhookSends = (): RecordedRequest[] => fake.requestsTo("/cgi-bin/webhook/send");

describe("duban remind", () => {
  it("loads the directory: a 市商务局 member, and the unit's group bound with its robot webhook", async () => {
    const file = join(dir, "directory.yaml");
    writeFileSync(
      file,
      [
        "members:",
        "  - { platform: wecom, user: zhangsan, name: 张三, unit: 市商务局 }",
        "groups:",
        `  - { platform: wecom, chat: wr-shangwu, unit: 市商务局, webhook: "${fake.webhookUrl("k1")}" }`,
        "",
      ].join("\n"),
    );
    const r = await duban("directory", "load", file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("成员：新增 1");
    expect(r.out).toContain("群：新增 1");
  });

  it("--dry-run prints the notice it would send and sends nothing", async () => {
    const r = await duban("remind", "--now", "2020-03-24T09:00:00+08:00", "--dry-run");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("当前提醒阶段 2020Q1 d7（2020-03-24）");
    expect(r.out).toContain("试运行：将发送 1 条（未发送）");
    expect(r.out).toContain("【督办提醒】市商务局：2020年第一季度重点工作进展请于3月31日前报送，还有7天截止，21项未报");
    expect(r.out).toMatch(/^12\. /m);
    expect(r.out).toContain("@zhangsan");
    expect(fake.requests).toHaveLength(0);
    // A dry run leaves nothing queued.
    expect((await duban("outbox")).out).toContain("发送队列为空");
  });

  it("sends the notice through the group robot webhook, @-mentioning the unit's member", async () => {
    const r = await duban("remind", "--now", "2020-03-24T09:00:00+08:00");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已加入发送队列 1 条");
    expect(r.out).toContain("发送成功 1 条");
    expect(r.out).toContain("失败 0 条");

    const sends = webhookSends();
    expect(sends).toHaveLength(1);
    expect(sends[0]!.query.key).toBe("k1");
    expect(sends[0]!.body).toMatchObject({ msgtype: "text", text: { content: expect.stringContaining("【督办提醒】市商务局") } });
    expect(sends[0]!.body.text.mentioned_list).toContain("zhangsan");
    expect(sends[0]!.body.text.content).toMatch(/^12\. 完善促进消费的体制机制/m);
    expect(fake.requests).toHaveLength(1);
  });

  it("sends nothing more when the same stage is run again", async () => {
    const r = await duban("remind", "--now", "2020-03-24T09:00:00+08:00");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已执行过");
    expect(r.out).toContain("已加入发送队列 0 条");
    expect(r.out).toContain("发送成功 0 条");
    expect(webhookSends()).toHaveLength(1);
  });

  it("lists the sent message in the outbox, and no failed ones", async () => {
    const all = await duban("outbox");
    expect(all.code, all.err).toBe(0);
    expect(all.out.split("\n")[0]).toBe("sent 1");
    expect(all.out).toMatch(/^\s*\d+ sent\s+\S+ \S+ 市商务局 2020Q1:d7:group:\d+:part1 尝试1次$/m);

    const failed = await duban("outbox", "--status", "failed");
    expect(failed.code, failed.err).toBe(0);
    expect(failed.out.split("\n").slice(1)).toEqual([]);
    expect(JSON.parse((await duban("outbox", "--status", "failed", "--json")).out)).toEqual([]);
  });

  it("marks a message failed, saying how to fix it, when its group has no webhook", async () => {
    const bind = await duban("group", "bind", "--platform", "wecom", "--chat", "wr-caizheng", "--unit", "市财政局");
    expect(bind.code, bind.err).toBe(0);

    const r = await duban("remind", "--now", "2020-03-27T09:00:00+08:00");
    expect(r.code, "a permanent failure is a failed run").toBe(1);
    expect(r.out).toContain("当前提醒阶段 2020Q1 d3（2020-03-27）");
    expect(r.out).toContain("已加入发送队列 2 条");
    expect(r.out).toContain("发送成功 1 条，失败 1 条");
    // 市商务局's group still got its notice; nothing was sent anywhere for 市财政局.
    const sends = webhookSends();
    expect(sends).toHaveLength(2);
    expect(sends[1]!.body.text.content).toContain("【督办提醒】市商务局");
    expect(fake.requests).toHaveLength(2);

    const failed = await duban("outbox", "--status", "failed");
    expect(failed.code, failed.err).toBe(0);
    const rows = failed.out.split("\n").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/ failed .* 市财政局 2020Q1:d3:group:\d+:part1 /);
    expect(rows[0]).toContain("duban group bind --webhook");

    const json = JSON.parse((await duban("outbox", "--status", "failed", "--json")).out) as { subject: string; lastError: string; status: string }[];
    expect(json).toEqual([expect.objectContaining({ status: "failed", subject: "市财政局", lastError: expect.stringContaining("duban group bind --webhook") })]);
  });

  it("counts messages, not attempts: a notice that needed three tries is one message sent", async () => {
    fake.script("/cgi-bin/webhook/send", { errcode: -1 }, { errcode: -1 });
    const r = await duban("remind", "--now", "2020-03-30T09:00:00+08:00");
    expect(r.out).toContain("当前提醒阶段 2020Q1 d1");
    expect(r.out).toContain("发送成功 1 条，失败 1 条");
    expect(r.out).not.toMatch(/待重试/);
    expect(r.code).toBe(1); // 市财政局's group still has no push channel
  }, 30_000);

  it("rerun right after a crash: waits for the dead worker's heartbeat to lapse, then re-sends what it left in flight", async () => {
    const { db, close } = await openDatabase(env.DATABASE_URL!);
    try {
      const group = await db.chatGroup.findFirstOrThrow({ where: { chatId: "wr-shangwu" } });
      await db.outboxMessage.create({
        data: { key: "crash:1", platform: "wecom", channel: "group", destination: `group:${group.id}`, payload: JSON.stringify({ text: "崩溃前在发送", format: "text" }), status: "sending", claimedBy: "box-1-dead", attempts: 1 },
      });
      await db.lease.create({ data: { name: "worker:box-1-dead", holder: "box-1-dead", expiresAt: new Date(Date.now() + 1_500) } });
      const before = webhookSends().length;
      const r = await duban("remind", "--now", "2020-03-30T09:00:00+08:00");
      expect(r.out).toContain("补发 1 条（可能重复）");
      expect(webhookSends().slice(before).map((s) => s.body.text.content)).toContain("崩溃前在发送");
      expect(await db.outboxMessage.findUnique({ where: { key: "crash:1" } })).toMatchObject({ status: "sent", possiblyDuplicated: true });
    } finally {
      await close();
    }
  }, 30_000);

  it("says what is still in flight and from whom, and exits non-zero, when a live worker holds it", async () => {
    const { db, close } = await openDatabase(env.DATABASE_URL!);
    try {
      const group = await db.chatGroup.findFirstOrThrow({ where: { chatId: "wr-shangwu" } });
      await db.outboxMessage.create({
        data: { key: "held:1", platform: "wecom", channel: "group", destination: `group:${group.id}`, payload: JSON.stringify({ text: "服务器在发送", format: "text" }), status: "sending", claimedBy: "server-7-live", attempts: 1 },
      });
      await db.lease.create({ data: { name: "worker:server-7-live", holder: "server-7-live", expiresAt: new Date(Date.now() + 10 * 60_000) } });
      const r = await duban("remind", "--now", "2020-03-30T09:00:00+08:00");
      expect(r.out).toContain("仍在发送中 1 条：由 server-7-live 持有");
      expect(r.out).not.toMatch(/发送成功 [1-9]/);
      expect(r.code).toBe(1);
      await db.outboxMessage.delete({ where: { key: "held:1" } });
    } finally {
      await close();
    }
  });

  it("outbox --status failed lists failed and still-retrying messages with reason, attempts and next try; resend puts them back", async () => {
    const { db, close } = await openDatabase(env.DATABASE_URL!);
    try {
      const group = await db.chatGroup.findFirstOrThrow({ where: { chatId: "wr-shangwu" } });
      await db.outboxMessage.create({
        data: { key: "retrying:1", platform: "wecom", channel: "group", destination: `group:${group.id}`, payload: JSON.stringify({ text: "x", format: "text" }), subject: "市商务局", attempts: 6, lastError: "[502] HTTP 502", nextAttemptAt: new Date("2030-01-01T00:00:00Z") },
      });
      const failed = await duban("outbox", "--status", "failed");
      expect(failed.code, failed.err).toBe(0);
      const rows = failed.out.split("\n").slice(1);
      expect(rows.some((r) => / failed .* 市财政局 .*尝试1次 — .*duban group bind --webhook/.test(r))).toBe(true);
      expect(rows.some((r) => / pending .* 市商务局 retrying:1 尝试6次 重试中，下次 2030-01-01 08:00.* — \[502\] HTTP 502/.test(r))).toBe(true);

      expect((await duban("outbox", "resend")).code).toBe(1); // says which messages
      const one = await duban("outbox", "resend", "--destination", "市财政局");
      expect(one.code, one.err).toBe(0);
      expect(one.out).toMatch(/已重新加入发送队列 [1-9]\d* 条/);
      expect(await db.outboxMessage.count({ where: { subject: "市财政局", status: "failed" } })).toBe(0);
      const all = await duban("outbox", "resend", "--status", "failed");
      expect(all.out).toContain("已重新加入发送队列 1 条"); // the retrying one
      expect(await db.outboxMessage.findUnique({ where: { key: "retrying:1" } })).toMatchObject({ status: "pending", attempts: 0 });
      await db.outboxMessage.delete({ where: { key: "retrying:1" } });
    } finally {
      await close();
    }
  });
});
