import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWecomApiClient } from "../../../src/platforms/wecom/api-client";
import { appChatChannel, appMessageChannel } from "../../../src/platforms/wecom/app-channels";
import { byteLength } from "../../../src/platforms/split-bytes";
import { startFakeWecomApi, type FakeWecomApi } from "../../fakes/wecom-api";
import { APP } from "./keys";

let fake: FakeWecomApi;
beforeAll(async () => {
  fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, unknownUsers: ["ghost"] });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const api = () => createWecomApiClient({ apiBase: fake.base, corpId: APP.corpId, secret: APP.secret, timeoutMs: 500 });
const long = Array.from({ length: 80 }, (_, i) => `${i + 1}. 许昌市重点工作任务进展情况`).join("\n");

describe("appMessageChannel (message/send)", () => {
  it("sends text to one or several members", async () => {
    const ch = appMessageChannel(api(), APP.agentId);
    expect(await ch.send("zhangsan", { text: "任务 8 请于 3 月 25 日前报送", format: "text" })).toEqual({ ok: true });
    expect(await ch.send("zhangsan, lisi", { text: "**提醒**", format: "markdown" })).toEqual({ ok: true });
    expect(fake.requestsTo("/cgi-bin/message/send").map((r) => r.body)).toEqual([
      { touser: "zhangsan", agentid: APP.agentId, msgtype: "text", text: { content: "任务 8 请于 3 月 25 日前报送" } },
      { touser: "zhangsan|lisi", agentid: APP.agentId, msgtype: "markdown", markdown: { content: "**提醒**" } },
    ]);
  });

  it("splits a long text into ordered parts within 2048 bytes", async () => {
    expect(await appMessageChannel(api(), APP.agentId).send("zhangsan", { text: long, format: "text" })).toEqual({ ok: true });
    const parts = fake.requestsTo("/cgi-bin/message/send").map((r) => r.body.text.content as string);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(2048);
    expect(parts.join("\n")).toBe(long);
  });

  it("reports a member outside the app's range as a permanent failure", async () => {
    expect(await appMessageChannel(api(), APP.agentId).send("ghost", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: false, code: "invaliduser" });
  });

  it("resumes a retried message after the parts already sent, and asks WeCom to drop duplicates", async () => {
    const ch = appMessageChannel(api(), APP.agentId);
    fake.script("/cgi-bin/message/send", { errcode: 0 }, { errcode: -1 });
    const first = await ch.send("zhangsan", { text: long, format: "text", idempotencyKey: "outbox-1" });
    expect(first).toMatchObject({ ok: false, retryable: true, code: -1, error: expect.stringMatching(/^part 2\//) });
    expect(await ch.send("zhangsan", { text: long, format: "text", idempotencyKey: "outbox-1" })).toEqual({ ok: true });
    const sent = fake.requestsTo("/cgi-bin/message/send").map((r) => r.body);
    expect(sent.every((b) => b.enable_duplicate_check === 1)).toBe(true);
    // part 1, part 2 (failed), then parts 2…n
    expect([sent[0], ...sent.slice(2)].map((b) => b.text.content).join("\n")).toBe(long);
  });
});

describe("appChatChannel (appchat/send)", () => {
  it("sends to a chat the app created", async () => {
    expect(await appChatChannel(api()).send("chat-1", { text: "## 本周待报", format: "markdown" })).toEqual({ ok: true });
    expect(fake.requestsTo("/cgi-bin/appchat/send")[0]!.body).toEqual({ chatid: "chat-1", msgtype: "markdown", markdown: { content: "## 本周待报" }, safe: 0 });
  });
});
