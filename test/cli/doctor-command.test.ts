// `duban doctor`: what is wrong with a deployment and how to fix it; exit 1 when anything is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDuban } from "../helpers/cli";
import { createServer } from "node:net";
import { openDatabase } from "../../src/db/client";
import { migrate } from "../../src/db/migrate";
import { startFakeWecomApi, type FakeWecomApi } from "../fakes/wecom-api";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let fake: FakeWecomApi;
let url: string;
let drop: () => Promise<void>;
let base: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeWecomApi({ corpId: "ww-doctor", secret: "right-secret", webhookKeys: ["k"] });
  const made = await createEmptyDatabaseUrl();
  url = made.url;
  drop = made.drop;
  base = {
    DATABASE_URL: url,
    LOG_LEVEL: "silent",
    DUBAN_NOW: "2020-03-24T09:00:00+08:00",
    WECOM_API_BASE: fake.base,
    WECOM_CORP_ID: "ww-doctor",
    WECOM_TOKEN: "tok",
    WECOM_ENCODING_AES_KEY: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    WECOM_AGENT_ID: "1000002",
    WECOM_SECRET: "right-secret",
  };
});
afterAll(async () => {
  await fake?.close();
  await drop?.();
});

const duban = runDuban;

describe("duban doctor", () => {
  it("on a database that was never migrated, says so and how to fix it, and does not migrate it", async () => {
    const r = await duban(base, "doctor");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ 有 \d+ 个数据库迁移未应用/);
    expect(r.out).toContain("修复：重启服务");
    expect((await duban(base, "doctor")).out).toMatch(/✗ 有 \d+ 个数据库迁移未应用/); // still not migrated
  });

  it("passes when credentials, groups and calendar are in order", async () => {
    await migrate(url);
    expect((await duban(base, "group", "bind", "--platform", "wecom", "--chat", "wr1", "--unit", "市商务局", "--webhook", fake.webhookUrl("k"))).code).toBe(0);
    const r = await duban(base, "doctor");
    expect(r.out).toContain("✓ 企业微信自建应用凭证有效");
    expect(r.out).toContain("✓ 已绑定的 1 个群都有推送通道");
    expect(r.out).toContain("✓ 节假日数据覆盖 2020–2021 年");
    expect(r.out).toContain("一切正常");
    expect(r.code).toBe(0);
  });

  it("names a wrong app secret and a group with no push channel, with the fix for each", async () => {
    expect((await duban(base, "group", "bind", "--platform", "wecom", "--chat", "wr-none", "--unit", "市财政局")).code).toBe(0);
    const r = await duban({ ...base, WECOM_SECRET: "wrong-secret" }, "doctor");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ 企业微信自建应用取 token 失败（errcode 40001/);
    expect(r.out).toContain("✗ wecom 群 wr-none（市财政局）没有推送通道");
    expect(r.out).toContain("修复：duban group bind --platform wecom --chat wr-none --unit 市财政局 --webhook <群机器人地址>");
    expect(r.out).toContain("发现 2 个问题");
    expect(r.out).not.toContain("wrong-secret");
  });

  it("says why the database cannot be reached, instead of nothing", async () => {
    const r = await duban({ ...base, DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/duban` }, "doctor");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ 数据库无法连接：连不上数据库服务器 127\.0\.0\.1:\d+\n/);
    expect(r.out).toContain("修复：确认数据库服务在运行");
  });

  it("calls an API it cannot reach unreachable, not a credentials problem", async () => {
    const r = await duban({ ...base, WECOM_API_BASE: `http://127.0.0.1:${await closedPort()}` }, "doctor");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ 连不上企业微信 API http:\/\/127\.0\.0\.1:\d+（request failed: .*ECONNREFUSED.*），凭证未能检查/);
    expect(r.out).not.toContain("核对 WECOM_CORP_ID");
  });

  it("does not say all is well while messages are stuck retrying", async () => {
    const database = await openDatabase(url);
    try {
      await database.db.chatGroup.deleteMany({ where: { chatId: "wr-none" } });
      await database.db.outboxMessage.createMany({
        data: Array.from({ length: 30 }, (_, i) => ({
          key: `stuck-${i}`,
          platform: "wecom",
          channel: "webhook",
          destination: "group:1",
          payload: "{}",
          status: "pending",
          attempts: 4,
          lastError: "HTTP 502: bad gateway",
          nextAttemptAt: new Date(Date.now() + 600_000),
        })),
      });
    } finally {
      await database.close();
    }
    const r = await duban(base, "doctor");
    expect(r.out).toMatch(/✗ 有消息发不出去：重试中 30 条.*HTTP 502: bad gateway/);
    expect(r.out).toContain("修复：duban outbox --status failed");
    expect(r.out).not.toContain("一切正常");
    expect(r.code).toBe(1);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
