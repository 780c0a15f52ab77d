// DingTalk's OAuth2 sign-in: authorize link, authCode → userid, against the fake speaking
// DingTalk's formats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDingtalkLogin, type DingtalkLogin } from "../../../src/platforms/dingtalk/web-login";
import { startFakeDingtalkLogin, type FakeDingtalkLogin } from "../../fakes/dingtalk-login";

const APP = { clientId: "dingclientid", clientSecret: "dingtalk-client-secret" };
let fake: FakeDingtalkLogin;
let login: DingtalkLogin;
beforeAll(async () => {
  fake = await startFakeDingtalkLogin(APP);
  login = createDingtalkLogin({ ...APP, apiBase: fake.base, oapiBase: fake.base, loginBase: fake.base });
});
afterAll(async () => fake.close());

async function authCodeFor(who: FakeDingtalkLogin["signInAs"]): Promise<string> {
  fake.signInAs = who;
  const res = await fetch(login.authorizeUrl("https://duban.example.gov.cn/login/dingtalk/callback", "s".repeat(32)), { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!).searchParams.get("authCode")!;
}

describe("DingTalk login", () => {
  it("authCode → user token → unionId → the organisation's userid", async () => {
    expect(await login.identify(await authCodeFor({ unionId: "u-sun", nick: "孙八", userId: "ding-sun" }))).toEqual({ ok: true, userId: "ding-sun", unionId: "u-sun", nick: "孙八" });
  });

  it("a used authCode is refused; someone outside the organisation is an outsider", async () => {
    const code = await authCodeFor({ unionId: "u-sun", userId: "ding-sun" });
    expect((await login.identify(code)).ok).toBe(true);
    expect(await login.identify(code)).toMatchObject({ ok: false, outsider: false, error: expect.stringContaining("invalidAuthCode") });
    expect(await login.identify(await authCodeFor({ unionId: "u-stranger" }))).toMatchObject({ ok: false, outsider: true });
  });

  it("fetches a new app token when DingTalk no longer accepts the cached one", async () => {
    expect((await login.identify(await authCodeFor({ unionId: "u-sun", userId: "ding-sun" }))).ok).toBe(true);
    const before = fake.requests.filter((r) => r.path === "/gettoken").length;
    fake.revokeAppTokens();
    expect(await login.identify(await authCodeFor({ unionId: "u-sun", userId: "ding-sun" }))).toMatchObject({ ok: true, userId: "ding-sun" });
    expect(fake.requests.filter((r) => r.path === "/gettoken").length).toBe(before + 1);
  });
});
