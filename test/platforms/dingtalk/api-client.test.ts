import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDingtalkApiClient, type DingtalkApiDeps } from "../../../src/platforms/dingtalk/api-client";
import { createAppRobotChannel } from "../../../src/platforms/dingtalk/app-robot-channel";
import { startFakeDingtalk, type FakeDingtalk } from "../../fakes/dingtalk-api";

let fake: FakeDingtalk;
let clock: number;
const client = (over: Partial<DingtalkApiDeps> = {}) =>
  createDingtalkApiClient({ apiBase: fake.base, appKey: "dingappkey", appSecret: "app-secret", now: () => new Date(clock), timeoutMs: 5000, ...over });
const md = { title: "提醒", text: "任务 8 请报送" };

beforeAll(async () => {
  fake = await startFakeDingtalk();
});
afterAll(() => fake?.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.invalidUsers.clear();
  fake.flowControlledUsers.clear();
  clock = Date.UTC(2020, 2, 24, 1, 0, 0);
});
clock = Date.UTC(2020, 2, 24, 1, 0, 0);

describe("access token", () => {
  it("is fetched once and cached; concurrent callers share one request", async () => {
    const c = client();
    const results = await Promise.all([c.sendGroupMarkdown("cidA==", md), c.sendGroupMarkdown("cidB==", md), c.sendUsersMarkdown(["u1"], md)]);
    for (const r of results) expect(r.ok).toBe(true);
    expect(fake.requestsTo("token")).toHaveLength(1);
    expect(fake.requestsTo("token")[0]!.body).toEqual({ appKey: "dingappkey", appSecret: "app-secret" });
    const tokens = new Set(fake.requests.filter((r) => r.route !== "token").map((r) => r.headers["x-acs-dingtalk-access-token"]));
    expect(tokens.size).toBe(1);
  });

  it("is refreshed before it expires", async () => {
    const c = client();
    await c.sendGroupMarkdown("cidA==", md);
    clock += 7200_000 - 6 * 60_000; // 6 minutes left: still used
    await c.sendGroupMarkdown("cidA==", md);
    expect(fake.requestsTo("token")).toHaveLength(1);
    clock += 2 * 60_000; // 4 minutes left: inside the margin, refreshed
    await c.sendGroupMarkdown("cidA==", md);
    expect(fake.requestsTo("token")).toHaveLength(2);
  });

  it("is refreshed once when DingTalk stops accepting it, and the call retried", async () => {
    const c = client();
    await c.sendGroupMarkdown("cidA==", md);
    fake.revokeTokens();
    expect(await c.sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: true });
    expect(fake.requestsTo("token")).toHaveLength(2);
    expect(fake.requestsTo("group")).toHaveLength(3);
  });

  it("stops after one refresh when the new token is refused too (no loop)", async () => {
    const c = client();
    fake.failNext("group", { status: 400, body: { code: "InvalidAuthentication", message: "不合法的access_token" } }, 2);
    expect(await c.sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: false, code: "InvalidAuthentication" });
    expect(fake.requestsTo("token")).toHaveLength(2);
    expect(fake.requestsTo("group")).toHaveLength(2);
  });

  it("a wrong AppSecret is permanent; a token endpoint outage is retryable", async () => {
    expect(await client({ appSecret: "wrong" }).sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: false, code: "invalidClientIdOrSecret" });
    fake.failNext("token", { status: 503 });
    expect(await client().sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining("HTTP 503") });
  });
});

describe("robot sends", () => {
  it("groupMessages/send carries robotCode, openConversationId and sampleMarkdown with msgParam as a JSON string", async () => {
    const r = await client().sendGroupMarkdown("cidGroupAAAA==", md);
    expect(r).toEqual({ ok: true, data: { processQueryKey: expect.any(String) } });
    expect(fake.requestsTo("group")[0]!.body).toEqual({ robotCode: "dingappkey", openConversationId: "cidGroupAAAA==", msgKey: "sampleMarkdown", msgParam: JSON.stringify(md) });
  });

  it("batchSend goes out in calls of at most 20 users, in order", async () => {
    const users = Array.from({ length: 45 }, (_, i) => `u${i}`);
    fake.invalidUsers.add("u44");
    const r = await client().sendUsersMarkdown(users, md);
    // One processQueryKey per call (of up to 20 users): the read-state query's key (issue 23).
    expect(r).toEqual({ ok: true, data: { invalidUserIds: ["u44"], flowControlledUserIds: [], processQueryKeys: [expect.stringMatching(/^pqk-/), expect.stringMatching(/^pqk-/), expect.stringMatching(/^pqk-/)] } });
    const calls = fake.requestsTo("batch").map((q) => (q.body as { userIds: string[] }).userIds);
    expect(calls.map((c) => c.length)).toEqual([20, 20, 5]);
    expect(calls.flat()).toEqual(users);
  });

  it("classifies 5xx, 429, QPS throttles and timeouts as retryable, other 4xx as permanent", async () => {
    const c = client();
    fake.failNext("group", { status: 500 });
    expect(await c.sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining("HTTP 500") });
    fake.failNext("group", { status: 429, body: { code: "Throttling", message: "too many" }, headers: { "retry-after": "2" } });
    expect(await c.sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000 });
    fake.failNext("group", { status: 403, body: { code: "Forbidden.AccessDenied.QpsLimitForApi", message: "qps" } });
    expect(await c.sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: true, code: "Forbidden.AccessDenied.QpsLimitForApi" });
    fake.failNext("group", "hang");
    const impatient = client({ timeoutMs: 200 });
    await impatient.accessToken();
    expect(await impatient.sendGroupMarkdown("cidA==", md)).toMatchObject({ ok: false, retryable: true, code: "timeout" });
    expect(await c.sendGroupMarkdown("", md)).toMatchObject({ ok: false, retryable: false, code: "invalid.openConversationId" });
  });
});

describe("app robot channel", () => {
  it("sends to group:<openConversationId> and user:<staffId>, mentions written into the text", async () => {
    const channel = createAppRobotChannel(client({ robotCode: "dingrobot" }));
    fake.requests.length = 0;
    // The fake expects the app key as robotCode: a configured robotCode is used as given.
    expect(await channel.send("group:cidGroupAAAA==", { text: "督办提醒\n任务 8", format: "markdown", mentions: ["zhangsan01"] })).toMatchObject({ ok: false, code: "invalidParameter.robotCode.invalid" });
    const ok = createAppRobotChannel(client());
    expect(await ok.send("group:cidGroupAAAA==", { text: "督办提醒\n任务 8", format: "markdown", mentions: ["zhangsan01"] })).toEqual({ ok: true });
    const group = fake.requestsTo("group").at(-1)!.body as { msgParam: string };
    expect(JSON.parse(group.msgParam)).toEqual({ title: "督办提醒", text: "@zhangsan01 督办提醒  \n任务 8" });
    // A 1:1 send answers its processQueryKey as the receipt (the read-state query's key).
    expect(await ok.send("user:lisi02", { text: "请报送", format: "text" })).toEqual({ ok: true, receipt: expect.stringMatching(/^pqk-\d+$/) });
    expect((fake.requestsTo("batch").at(-1)!.body as { userIds: string[] }).userIds).toEqual(["lisi02"]);
  });

  it("an unknown user is permanent, a throttled one retryable, a bad destination refused", async () => {
    const channel = createAppRobotChannel(client());
    fake.invalidUsers.add("ghost");
    fake.flowControlledUsers.add("busy");
    expect(await channel.send("user:ghost", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: false });
    expect(await channel.send("user:busy", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: true });
    expect(await channel.send("cidGroupAAAA==", { text: "x", format: "text" })).toMatchObject({ ok: false, retryable: false });
  });
});
