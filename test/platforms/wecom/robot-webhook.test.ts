import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { byteLength } from "../../../src/platforms/split-bytes";
import { robotWebhookChannel } from "../../../src/platforms/wecom/robot-webhook";
import { startFakeWecomApi, type FakeWecomApi } from "../../fakes/wecom-api";
import { APP } from "./keys";

let fake: FakeWecomApi;
beforeAll(async () => {
  fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, webhookKeys: ["k1"] });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.requests.length = 0;
});

// A generous timeout: a loaded CI machine must not turn a normal send into a timeout. Only
// the "hang" case waits for it, so it gets a short one.
const channel = (timeoutMs = 5_000) => robotWebhookChannel({ apiBase: fake.base, timeoutMs });
const sent = () => fake.requestsTo("/cgi-bin/webhook/send");
const long = Array.from({ length: 120 }, (_, i) => `${i + 1}. 市商务局：着力抓好186个重点项目，完成年度投资1000亿元以上`).join("\n");

describe("robotWebhookChannel", () => {
  it("sends text with mentioned_list", async () => {
    expect(await channel().send(fake.webhookUrl("k1"), { text: "请报送任务 8", format: "text", mentions: ["zhangsan", "@all"] })).toEqual({ ok: true });
    expect(sent()[0]!.body).toEqual({ msgtype: "text", text: { content: "请报送任务 8", mentioned_list: ["zhangsan", "@all"] } });
    expect(sent()[0]!.query).toEqual({ key: "k1" });
  });

  it("sends markdown with <@userid> mentions", async () => {
    expect(await channel().send(fake.webhookUrl("k1"), { text: "**任务 8** 待报", format: "markdown", mentions: ["zhangsan"] })).toEqual({ ok: true });
    expect(sent()[0]!.body).toEqual({ msgtype: "markdown", markdown: { content: "<@zhangsan>\n**任务 8** 待报" } });
  });

  it.each([
    ["text", 2048],
    ["markdown", 4096],
  ] as const)("splits long %s into ordered parts within %i bytes, mentioning once", async (format, limit) => {
    expect(await channel().send(fake.webhookUrl("k1"), { text: long, format, mentions: ["zhangsan"] })).toEqual({ ok: true });
    const bodies = sent().map((r) => r.body);
    expect(bodies.length).toBeGreaterThan(1);
    const contents = bodies.map((b) => (format === "text" ? b.text.content : b.markdown.content) as string);
    for (const c of contents) expect(byteLength(c)).toBeLessThanOrEqual(limit);
    if (format === "text") {
      expect(contents.join("\n")).toBe(long);
      expect(bodies.map((b) => b.text.mentioned_list)).toEqual([["zhangsan"], ...bodies.slice(1).map(() => undefined)]);
    } else {
      expect(contents.join("\n")).toBe(`<@zhangsan>\n${long}`);
    }
  });

  it.each([
    [{ errcode: 45009 }, true],
    [{ errcode: -1 }, true],
    [{ errcode: 93000 }, false],
    [{ errcode: 93004 }, false],
    [{ errcode: 93008 }, false],
    [{ errcode: 40058 }, false],
    [{ status: 503 }, true],
    ["hang", true],
  ] as const)("classifies %j as retryable=%s", async (answer, retryable) => {
    fake.script("/cgi-bin/webhook/send", answer);
    expect(await channel(answer === "hang" ? 200 : 5_000).send(fake.webhookUrl("k1"), { text: "x", format: "text" })).toMatchObject({ ok: false, retryable });
  });

  it("asks the outbox to wait out the rate-limit minute on 45009", async () => {
    fake.script("/cgi-bin/webhook/send", { errcode: 45009 });
    expect(await channel().send(fake.webhookUrl("k1"), { text: "x", format: "text" })).toMatchObject({ code: 45009, retryAfterMs: 60_000 });
  });

  it("reports an unknown key as WeCom does (93000, permanent)", async () => {
    expect(await channel().send(fake.webhookUrl("removed"), { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: false, code: 93000 });
  });

  it("refuses URLs that are not WeCom webhooks without sending anything", async () => {
    for (const url of ["not a url", "http://127.0.0.1:9/cgi-bin/webhook/send?key=k1", `${fake.base}/cgi-bin/webhook/send`, `${fake.base}/elsewhere?key=k1`]) {
      expect(await channel().send(url, { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: false });
    }
    await expect(robotWebhookChannel().send("https://evil.example/cgi-bin/webhook/send?key=k", { text: "x", format: "text" })).resolves.toMatchObject({ ok: false });
    expect(sent()).toHaveLength(0);
  });

  it("resumes a retried long message where it failed", async () => {
    const ch = channel();
    fake.script("/cgi-bin/webhook/send", { errcode: 0 }, { errcode: 45009 });
    expect(await ch.send(fake.webhookUrl("k1"), { text: long, format: "text", idempotencyKey: "o-7" })).toMatchObject({ ok: false, retryable: true });
    expect(await ch.send(fake.webhookUrl("k1"), { text: long, format: "text", idempotencyKey: "o-7" })).toEqual({ ok: true });
    const contents = sent().map((r) => r.body.text.content);
    expect([contents[0], ...contents.slice(2)].join("\n")).toBe(long);
  });
});
