import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCustomRobotChannel } from "../../../src/platforms/dingtalk/custom-robot";
import { byteLength } from "../../../src/platforms/split-bytes";
import { startFakeDingtalk, type FakeDingtalk } from "../../fakes/dingtalk-api";

const SECRET = "SECb1f2e3d4c5b6a79881726354453627188899aabbccddeeff0011223344556677";
let fake: FakeDingtalk;
let webhook: string;
let plainWebhook: string;
const secrets = new Map<string, string>();
let channel: ReturnType<typeof createCustomRobotChannel>;

beforeAll(async () => {
  fake = await startFakeDingtalk({ robots: { "tok-signed": SECRET, "tok-keyword": undefined } });
  webhook = fake.robotWebhook("tok-signed");
  plainWebhook = fake.robotWebhook("tok-keyword");
  secrets.set(webhook, SECRET);
  channel = createCustomRobotChannel({ secretFor: (url) => secrets.get(url), oapiBase: fake.base });
});
afterAll(() => fake?.close());
afterEach(() => {
  fake.requests.length = 0;
});

describe("custom robot channel", () => {
  it("signs the webhook (加签) so DingTalk accepts it, with msgUuid and @ by user id and mobile", async () => {
    const r = await channel.send(webhook, { text: "【督办提醒】任务 8 请于3月31日前报送", format: "text", mentions: ["zhangsan01", "mobile:13800000000"], idempotencyKey: "reminder-8-2020Q1" });
    expect(r).toEqual({ ok: true });
    const [req] = fake.requestsTo("robot");
    expect(req!.query.get("access_token")).toBe("tok-signed");
    expect(req!.query.get("timestamp")).toMatch(/^\d{13}$/);
    expect(req!.body).toEqual({
      msgtype: "text",
      text: { content: "@zhangsan01 @13800000000 【督办提醒】任务 8 请于3月31日前报送" },
      at: { atUserIds: ["zhangsan01"], atMobiles: ["13800000000"] },
      msgUuid: "reminder-8-2020Q1",
    });
  });

  it("sends markdown with a title and @all", async () => {
    expect(await channel.send(webhook, { text: "## 本周未报单位\n市商务局", format: "markdown", mentions: ["@all"] })).toEqual({ ok: true });
    expect(fake.requestsTo("robot")[0]!.body).toEqual({
      msgtype: "markdown",
      markdown: { title: "本周未报单位", text: "@所有人 ## 本周未报单位  \n市商务局" },
      at: { isAtAll: true },
    });
  });

  it("calls a robot without 加签 with its URL as is", async () => {
    expect(await channel.send(plainWebhook, { text: "hi", format: "text" })).toEqual({ ok: true });
    expect(fake.requestsTo("robot")[0]!.query.has("sign")).toBe(false);
  });

  it("splits a long text into ordered parts DingTalk accepts (body ≤ 20000 bytes), msgUuid per part", async () => {
    const lines = Array.from({ length: 600 }, (_, i) => `${i + 1}. 着力抓好186个重点项目，完成年度投资1000亿元以上`);
    const r = await channel.send(webhook, { text: lines.join("\n"), format: "text", idempotencyKey: "k" });
    expect(r).toEqual({ ok: true });
    const reqs = fake.requestsTo("robot");
    expect(reqs.length).toBeGreaterThan(1);
    for (const q of reqs) expect(q.bytes).toBeLessThanOrEqual(20_000);
    const bodies = reqs.map((q) => q.body as { text: { content: string }; msgUuid: string });
    expect(bodies.map((b) => b.msgUuid)).toEqual(bodies.map((_, i) => (i === 0 ? "k" : `k#${i}`)));
    expect(bodies.map((b) => b.text.content).join("\n")).toBe(lines.join("\n"));
    expect(byteLength(bodies[0]!.text.content)).toBeLessThanOrEqual(9000);
  });

  it("classifies 310000 (sign mismatch) as permanent", async () => {
    const wrong = fake.robotWebhook("tok-signed") + "&x=1"; // no secret known for this URL → unsigned
    const r = await channel.send(wrong, { text: "hi", format: "text" });
    expect(r).toMatchObject({ ok: false, retryable: false, code: 310000 });
    secrets.set(wrong, "SECnotthesecret");
    expect(await channel.send(wrong, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: false, code: 310000 });
  });

  it("classifies 300001 (no such robot) as permanent", async () => {
    expect(await channel.send(fake.robotWebhook("tok-gone"), { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: false, code: 300001 });
  });

  it("classifies 130101 (throttled), -1 (busy), 5xx and 429 as retryable", async () => {
    fake.failNext("robot", { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" });
    // DingTalk blocks a robot for 10 minutes once it is over 20 a minute: no point retrying sooner.
    expect(await channel.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: true, code: 130101, retryAfterMs: 600_000 });
    fake.failNext("robot", { errcode: -1, errmsg: "系统繁忙" });
    expect(await channel.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: true, code: -1 });
    fake.failNext("robot", { status: 502 });
    expect(await channel.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: true, code: 502 });
    fake.failNext("robot", { status: 429, headers: { "retry-after": "7" } });
    expect(await channel.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: true, code: 429, retryAfterMs: 7000 });
    fake.failNext("robot", { status: 404 });
    expect(await channel.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: false, code: 404 });
  });

  it("classifies a timeout and a refused connection as retryable", async () => {
    fake.failNext("robot", "hang");
    const impatient = createCustomRobotChannel({ secretFor: (url) => secrets.get(url), timeoutMs: 200, oapiBase: fake.base });
    expect(await impatient.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: true, code: "timeout" });

    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const closed = `http://127.0.0.1:${port}`;
    const refused = createCustomRobotChannel({ secretFor: () => undefined, oapiBase: closed });
    const r = await refused.send(`${closed}/robot/send?access_token=x`, { text: "hi", format: "text" });
    expect(r).toMatchObject({ ok: false, retryable: true });
  });

  it("reports which part failed when a later part is throttled", async () => {
    const text = Array.from({ length: 600 }, (_, i) => `${i}. 着力抓好186个重点项目`).join("\n");
    fake.failNext("robot", { errcode: 0 });
    fake.failNext("robot", { errcode: 130101 });
    const r = await channel.send(webhook, { text, format: "text", idempotencyKey: "k2" });
    expect(r).toMatchObject({ ok: false, retryable: true, code: 130101, error: expect.stringMatching(/^part 2\//) });
  });

  it("a failing secret lookup is retryable and sends nothing", async () => {
    const broken = createCustomRobotChannel({ secretFor: () => Promise.reject(new Error("database is locked")), oapiBase: fake.base });
    expect(await broken.send(webhook, { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: true, code: "secret_lookup" });
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a destination that is not a URL without calling anyone", async () => {
    expect(await channel.send("cidGroupAAAA==", { text: "hi", format: "text" })).toMatchObject({ ok: false, retryable: false });
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a webhook URL on another host, sending nothing", async () => {
    const before = fake.requests.length;
    const r = await channel.send("https://evil.example.com/robot/send?access_token=t", { text: "督办", format: "text" });
    expect(r).toMatchObject({ ok: false, retryable: false });
    expect(fake.requests.length).toBe(before);
  });
});
