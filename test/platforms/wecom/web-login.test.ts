// WeCom's web login link and code → userid, against the fake speaking WeCom's format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomApiClient } from "../../../src/platforms/wecom/api-client";
import { wecomLoginUrl, wecomUserIdFromCode } from "../../../src/platforms/wecom/web-login";
import { startFakeWecomLogin, type FakeWecomLogin } from "../../fakes/wecom-login";

const APP = { corpId: "wwcorp0001", agentId: 1000002, secret: "wecom-app-secret" };
let fake: FakeWecomLogin;
beforeAll(async () => {
  fake = await startFakeWecomLogin(APP);
});
afterAll(async () => fake.close());

/** What the browser does: open the login link, follow WeCom's redirect back, read the code. */
async function codeFor(who: FakeWecomLogin["signInAs"]): Promise<string> {
  fake.signInAs = who;
  const res = await fetch(wecomLoginUrl({ ...APP, loginBase: fake.base }, "https://duban.example.gov.cn/login/wecom/callback", "s".repeat(32)), { redirect: "manual" });
  const back = new URL(res.headers.get("location")!);
  expect(back.origin + back.pathname).toBe("https://duban.example.gov.cn/login/wecom/callback");
  expect(back.searchParams.get("state")).toBe("s".repeat(32));
  return back.searchParams.get("code")!;
}

describe("WeCom web login", () => {
  it("turns a code into the member's userid, once; a code of someone outside the corp is no userid", async () => {
    const client = createWecomApiClient({ apiBase: fake.base, ...APP });
    const code = await codeFor("zhaoliu");
    expect(await wecomUserIdFromCode(client, code)).toEqual({ ok: true, userId: "zhaoliu" });
    expect(await wecomUserIdFromCode(client, code)).toMatchObject({ ok: false, outsider: false, error: expect.stringContaining("invalid code") });
    expect(await wecomUserIdFromCode(client, await codeFor({ outsider: "oWeChat" }))).toMatchObject({ ok: false, outsider: true });
  });

  it("renews an expired app token and asks again (the api client's token cache)", async () => {
    const client = createWecomApiClient({ apiBase: fake.base, ...APP });
    expect((await wecomUserIdFromCode(client, await codeFor("zhaoliu"))).ok).toBe(true);
    const tokensBefore = fake.requests.filter((r) => r.path === "/cgi-bin/gettoken").length;
    fake.expireTokens();
    expect(await wecomUserIdFromCode(client, await codeFor("zhaoliu"))).toEqual({ ok: true, userId: "zhaoliu" });
    expect(fake.requests.filter((r) => r.path === "/cgi-bin/gettoken").length).toBe(tokensBefore + 1);
  });
});
