import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWecomApiClient } from "../../../src/platforms/wecom/api-client";
import { startFakeWecomApi, type FakeWecomApi } from "../../fakes/wecom-api";
import { APP } from "./keys";

let fake: FakeWecomApi;
beforeAll(async () => {
  fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, expiresIn: 7200 });
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const client = (over: Partial<Parameters<typeof createWecomApiClient>[0]> = {}) =>
  createWecomApiClient({ apiBase: fake.base, corpId: APP.corpId, secret: APP.secret, timeoutMs: 5_000, ...over });
const text = { touser: "zhangsan", agentid: APP.agentId, msgtype: "text", text: { content: "hi" } };

describe("access token", () => {
  it("is fetched once and reused, also by concurrent calls", async () => {
    const c = client();
    const results = await Promise.all([c.post("/cgi-bin/message/send", text), c.post("/cgi-bin/message/send", text)]);
    await c.post("/cgi-bin/appchat/send", { chatid: "c1", msgtype: "text", text: { content: "hi" } });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.requestsTo("/cgi-bin/gettoken")).toHaveLength(1);
    expect(fake.requestsTo("/cgi-bin/gettoken")[0]!.query).toEqual({ corpid: APP.corpId, corpsecret: APP.secret });
  });

  it("is refreshed once on 42001 (expired) and the call retried", async () => {
    const c = client();
    expect((await c.post("/cgi-bin/message/send", text)).ok).toBe(true);
    fake.expireTokens();
    expect(await c.post("/cgi-bin/message/send", text)).toEqual({ ok: true, data: expect.objectContaining({ errcode: 0 }) });
    expect(fake.requestsTo("/cgi-bin/gettoken")).toHaveLength(2);
    const sends = fake.requestsTo("/cgi-bin/message/send");
    expect(sends.map((s) => s.query.access_token)).toEqual(["tok" + (fake.tokensIssued() - 1), "tok" + (fake.tokensIssued() - 1), "tok" + fake.tokensIssued()]);
  });

  it("is refreshed on 40014 but not looped: a second refusal is returned as permanent", async () => {
    const c = client();
    fake.script("/cgi-bin/message/send", { errcode: 40014 }, { errcode: 40014 });
    const r = await c.post("/cgi-bin/message/send", text);
    expect(r).toMatchObject({ ok: false, retryable: false, code: 40014 });
    expect(fake.requestsTo("/cgi-bin/message/send")).toHaveLength(2);
    expect(fake.requestsTo("/cgi-bin/gettoken")).toHaveLength(2);
  });

  it("is renewed before expires_in runs out", async () => {
    let now = 1_000_000;
    const c = client({ now: () => now });
    await c.post("/cgi-bin/message/send", text);
    now += (7200 - 300 - 1) * 1000;
    await c.post("/cgi-bin/message/send", text);
    expect(fake.requestsTo("/cgi-bin/gettoken")).toHaveLength(1);
    now += 2000;
    await c.post("/cgi-bin/message/send", text);
    expect(fake.requestsTo("/cgi-bin/gettoken")).toHaveLength(2);
  });

  it("reports a wrong secret as a permanent gettoken failure and sends nothing", async () => {
    const r = await client({ secret: "wrong" }).post("/cgi-bin/message/send", text);
    expect(r).toMatchObject({ ok: false, retryable: false, code: 40001 });
    expect(r.ok || r.error).toMatch(/^gettoken: /);
    expect(fake.requestsTo("/cgi-bin/message/send")).toHaveLength(0);
  });
});

describe("error classification", () => {
  it.each([
    [{ errcode: -1 }, true, -1],
    [{ errcode: 45009 }, true, 45009],
    [{ errcode: 93000 }, false, 93000],
    [{ errcode: 60020 }, false, 60020],
    [{ status: 502 }, true, 502],
    [{ status: 404 }, false, 404],
  ] as const)("%j → retryable %s", async (answer, retryable, code) => {
    const c = client();
    fake.script("/cgi-bin/message/send", answer);
    expect(await c.post("/cgi-bin/message/send", text)).toMatchObject({ ok: false, retryable, code });
  });

  it("treats a hung request as a retryable timeout", async () => {
    const c = client({ timeoutMs: 80 });
    fake.script("/cgi-bin/message/send", "hang");
    const started = Date.now();
    expect(await c.post("/cgi-bin/message/send", text)).toMatchObject({ ok: false, retryable: true, code: "timeout", error: "request timed out" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("treats a refused connection as retryable", async () => {
    const r = await createWecomApiClient({ apiBase: "http://127.0.0.1:1", corpId: APP.corpId, secret: APP.secret }).post("/cgi-bin/message/send", text);
    expect(r).toMatchObject({ ok: false, retryable: true });
  });
});
