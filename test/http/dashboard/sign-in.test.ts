// Signing in to the dashboard as oneself (issue 20): WeCom's web login and DingTalk's OAuth2,
// each against a local fake speaking the vendor's format, through the whole koa app: the
// login page, the redirect to the vendor, the callback, the session cookie, the page; wrong
// state, people who are not supervisors, 退出, the 429 after repeated failures, the audit
// trail, and ADMIN_TOKEN still working for /api/v1 and /metrics.
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../../../src/directory/members";
import { createAuthThrottle } from "../../../src/http/auth-throttle";
import { registerMetricsRoute } from "../../../src/http/metrics-route";
import { createLogger } from "../../../src/logger";
import { startFakeDingtalkLogin, type FakeDingtalkLogin } from "../../fakes/dingtalk-login";
import { startFakeWecomLogin, type FakeWecomLogin } from "../../fakes/wecom-login";
import { ADMIN_TOKEN, startDashboardServer, type DashboardServer } from "../../helpers/dashboard-server";

const WECOM = { corpId: "wwcorp0001", agentId: 1000002, secret: "wecom-app-secret" };
const DINGTALK = { clientId: "dingclientid", clientSecret: "dingtalk-client-secret" };

let s: DashboardServer;
let wecom: FakeWecomLogin;
let dingtalk: FakeDingtalkLogin;
const logLines: string[] = [];

beforeAll(async () => {
  wecom = await startFakeWecomLogin(WECOM);
  dingtalk = await startFakeDingtalkLogin(DINGTALK);
  const log = createLogger("silent");
  const throttle = createAuthThrottle({ log: Object.assign(Object.create(log), { warn: (_o: unknown, msg: string) => logLines.push(msg), info: () => undefined }) });
  s = await startDashboardServer({
    signIn: {
      // One proxy in front (so each test can speak from its own address through X-Forwarded-For).
      trustProxy: 1,
      wecom: { ...WECOM, apiBase: wecom.base, loginBase: wecom.base },
      dingtalk: { ...DINGTALK, apiBase: dingtalk.base, oapiBase: dingtalk.base, loginBase: dingtalk.base },
    },
    throttle,
    routes: [(router) => registerMetricsRoute(router, { registry: new Registry(), adminToken: ADMIN_TOKEN, throttle })],
  });
  const db = s.database.db;
  await addMember(db, { platform: "wecom", userId: "zhaoliu", unit: "市委市政府督查局", name: "赵六", role: "supervisor" });
  await addMember(db, { platform: "wecom", userId: "zhangsan", unit: "市商务局", name: "张三" });
  await addMember(db, { platform: "dingtalk", userId: "ding-sun", unit: "市委市政府督查局", name: "孙八", role: "supervisor" });
  wecom.signInAs = "zhaoliu";
}, 60_000);

afterAll(async () => {
  await s?.close();
  await wecom?.close();
  await dingtalk?.close();
});

let addressNo = 0;
/** A fresh client address for each test (the proxy's entry: the last one). */
const newAddress = () => `203.0.113.${++addressNo}`;
const from = (ip: string, headers: Record<string, string> = {}) => ({ "x-forwarded-for": `198.51.100.7, ${ip}`, ...headers });
const get = (url: string, headers: Record<string, string>) => fetch(url.startsWith("http") ? url : `${s.base}${url}`, { headers, redirect: "manual" });

/** Browser steps: our /login/:platform → the vendor's page → back to our callback. */
async function signIn(platform: "wecom" | "dingtalk", ip: string, next = "/dashboard") {
  const start = await get(`/login/${platform}?next=${encodeURIComponent(next)}`, from(ip));
  expect(start.status).toBe(302);
  const vendor = await get(start.headers.get("location")!, {});
  expect(vendor.status).toBe(302);
  const callback = vendor.headers.get("location")!;
  expect(callback.startsWith(`${s.base}/login/${platform}/callback?`)).toBe(true);
  // The browser brings back the cookie our /login/:platform set.
  const browser = stateCookie(start);
  const done = await get(callback, from(ip, { cookie: browser }));
  const cookie = done.headers.get("set-cookie");
  return { start, callback, browser, done, cookie, session: cookie?.split(";")[0] ?? "" };
}

/** "duban_login=…": what the browser keeps from the answer that sent it to the vendor. */
const stateCookie = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0]!;

const auditRows = (action: string) => s.database.db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("the login page", () => {
  it("offers a button per configured messenger, and no token field", async () => {
    const html = await (await get("/login?next=%2Fdashboard%2Ftasks%2F12", {})).text();
    expect(html).toContain('href="/login/wecom?next=%2Fdashboard%2Ftasks%2F12"');
    expect(html).toContain("企业微信登录");
    expect(html).toContain('href="/login/dingtalk?next=%2Fdashboard%2Ftasks%2F12"');
    expect(html).toContain("钉钉登录");
    expect(html).not.toContain('name="token"');
  });

  it("without WeCom or DingTalk configured says so and what to set", async () => {
    const bare = await startDashboardServer();
    try {
      const html = await (await fetch(`${bare.base}/login`)).text();
      expect(html).toContain("尚未配置企业微信或钉钉登录");
      expect(html).toContain("WECOM_AGENT_ID");
      expect(html).toContain("DINGTALK_APP_KEY");
      expect((await fetch(`${bare.base}/login/wecom`, { redirect: "manual" })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe("WeCom web login", () => {
  it("a supervisor scans, comes back with a session cookie and sees the page asked for", async () => {
    const ip = newAddress();
    const { start, done, cookie, session } = await signIn("wecom", ip, "/dashboard/tasks/12?period=2020Q1");
    const link = new URL(start.headers.get("location")!);
    expect(link.pathname).toBe("/wwlogin/sso/login");
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ login_type: "CorpApp", appid: WECOM.corpId, agentid: String(WECOM.agentId), redirect_uri: `${s.base}/login/wecom/callback` });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/dashboard/tasks/12?period=2020Q1");
    expect(cookie).toMatch(/^duban_session=[\w-]{43}; /);
    expect(cookie!.toLowerCase()).toContain("httponly");
    expect(cookie!.toLowerCase()).toContain("samesite=lax");
    expect(cookie!.toLowerCase()).not.toContain("secure");
    const page = await get("/dashboard/tasks/12?period=2020Q1", { cookie: session });
    expect(page.status).toBe(200);
    // The header says who is signed in, beside 退出.
    expect(await page.text()).toMatch(/<span class="who" id="signed-in">赵六<\/span> <button type="submit">退出<\/button>/);
    expect((await get("/api/v1/units", { cookie: session })).status).toBe(200);
    // The code went to getuserinfo with the app's token.
    expect(wecom.requests.filter((r) => r.path === "/cgi-bin/auth/getuserinfo").at(-1)!.query).toMatchObject({ code: expect.any(String), access_token: expect.any(String) });

    const row = (await auditRows("dashboard.signed_in")).find((r) => r.actorId === "zhaoliu")!;
    expect(row).toMatchObject({ actorPlatform: "wecom", actorName: "赵六" });
    expect(JSON.parse(row.detail)).toEqual({ ip });
    // The database keeps a hash, never the cookie value itself.
    const stored = await s.database.db.dashboardSession.findMany({ where: { userId: "zhaoliu" } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((r) => session.endsWith(r.idHash))).toBe(false);
  });

  it("never sends anyone on to another site after signing in", async () => {
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const { done } = await signIn("wecom", newAddress(), next);
      expect(done.headers.get("location")).toBe("/dashboard");
    }
  });

  it("a liaison who is no supervisor is refused with a 403 page saying why, and it is on the trail", async () => {
    wecom.signInAs = "zhangsan";
    const { done, cookie } = await signIn("wecom", newAddress());
    expect(done.status).toBe(403);
    expect(cookie).toBeNull();
    const html = await done.text();
    expect(html).toContain("市商务局的联络员，不是督查人员");
    const row = (await auditRows("dashboard.sign_in_refused")).find((r) => r.actorId === "zhangsan")!;
    expect(JSON.parse(row.detail)).toMatchObject({ reason: "not_supervisor" });
  });

  it("someone not in the directory, or outside the corp, is refused (403)", async () => {
    wecom.signInAs = "wangwu";
    const stranger = await signIn("wecom", newAddress());
    expect(stranger.done.status).toBe(403);
    expect(await stranger.done.text()).toContain("不在督办成员名单中");
    wecom.signInAs = { outsider: "oWeChatUser" };
    const outsider = await signIn("wecom", newAddress());
    expect(outsider.done.status).toBe(403);
    expect(await outsider.done.text()).toContain("不属于本单位组织");
    wecom.signInAs = "zhaoliu";
  });

  it("a callback opened in another browser than the one that started the sign-in gives no session (login CSRF)", async () => {
    wecom.signInAs = "zhaoliu";
    const ip = newAddress();
    // Someone starts a sign-in and scans with their own phone, but does not open the callback:
    // they send that link to a colleague instead.
    const start = await get("/login/wecom", from(ip));
    const setCookie = start.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^duban_login=[\w-]{32}; /);
    expect(setCookie.toLowerCase()).toContain("path=/login");
    expect(setCookie.toLowerCase()).toContain("httponly");
    expect(setCookie.toLowerCase()).toContain("samesite=lax");
    const vendor = await get(start.headers.get("location")!, {});
    const link = vendor.headers.get("location")!;
    for (const cookie of [undefined, "duban_login=" + "C".repeat(32)]) {
      const other = await get(link, from(newAddress(), cookie ? { cookie } : {}));
      expect(other.status).toBe(400);
      expect(other.headers.get("set-cookie")).toBeNull();
    }
    // The browser that started it still can finish it.
    const own = await get(link, from(ip, { cookie: stateCookie(start) }));
    expect(own.status).toBe(302);
    expect(own.headers.get("set-cookie")).toMatch(/^duban_session=/);
  });

  it("a wrong, forged or replayed state is a 400 and no session", async () => {
    wecom.signInAs = "zhaoliu";
    const ip = newAddress();
    const first = await signIn("wecom", ip);
    expect(first.done.status).toBe(302);
    // The same callback again (state taken): refused, although the code would be new.
    const replay = await get(first.callback, from(ip, { cookie: first.browser }));
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("登录链接已失效或已用过");
    const forged = new URL(first.callback);
    forged.searchParams.set("state", "A".repeat(32));
    expect((await get(forged.toString(), from(ip))).status).toBe(400);
    forged.searchParams.delete("state");
    const none = await get(forged.toString(), from(ip));
    expect(none.status).toBe(400);
    expect(none.headers.get("set-cookie")).toBeNull();
    // A WeCom state does not open a DingTalk callback.
    const start = await get("/login/wecom", from(ip));
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    expect((await get(`/login/dingtalk/callback?authCode=x&state=${state}`, from(ip))).status).toBe(400);
    expect((await auditRows("dashboard.sign_in_refused")).some((r) => JSON.parse(r.detail).reason === "bad_state")).toBe(true);
  });
});

describe("DingTalk login", () => {
  it("authCode → user token → unionId → userid; a supervisor gets a session", async () => {
    dingtalk.signInAs = { unionId: "union-sun", nick: "孙八", userId: "ding-sun" };
    const { start, done, session } = await signIn("dingtalk", newAddress());
    const link = new URL(start.headers.get("location")!);
    expect(link.pathname).toBe("/oauth2/auth");
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ response_type: "code", client_id: DINGTALK.clientId, scope: "openid", prompt: "consent", redirect_uri: `${s.base}/login/dingtalk/callback` });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/dashboard");
    expect((await get("/dashboard", { cookie: session })).status).toBe(200);

    const token = dingtalk.requests.find((r) => r.path === "/v1.0/oauth2/userAccessToken")!;
    expect(token.body).toEqual({ clientId: DINGTALK.clientId, clientSecret: DINGTALK.clientSecret, code: expect.any(String), grantType: "authorization_code" });
    expect(dingtalk.requests.find((r) => r.path === "/v1.0/contact/users/me")!.headers["x-acs-dingtalk-access-token"]).toBeTruthy();
    expect(dingtalk.requests.find((r) => r.path === "/topapi/user/getbyunionid")!.body).toEqual({ unionid: "union-sun" });
    expect((await auditRows("dashboard.signed_in")).some((r) => r.actorPlatform === "dingtalk" && r.actorId === "ding-sun" && r.actorName === "孙八")).toBe(true);
  });

  it("a DingTalk account outside the organisation is refused (403)", async () => {
    dingtalk.signInAs = { unionId: "union-stranger" };
    const { done } = await signIn("dingtalk", newAddress());
    expect(done.status).toBe(403);
    expect(await done.text()).toContain("不属于本单位组织");
  });

  it("the same userid on the other platform is not a supervisor there", async () => {
    dingtalk.signInAs = { unionId: "union-zhao", userId: "zhaoliu" };
    const { done } = await signIn("dingtalk", newAddress());
    expect(done.status).toBe(403);
  });
});

describe("退出", () => {
  it("revokes the session on the server: the same cookie no longer opens anything", async () => {
    wecom.signInAs = "zhaoliu";
    const ip = newAddress();
    const { session } = await signIn("wecom", ip);
    expect((await get("/dashboard", { cookie: session })).status).toBe(200);
    const out = await fetch(`${s.base}/dashboard/logout`, { method: "POST", headers: { cookie: session, ...from(ip) }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.get("set-cookie")).toMatch(/^duban_session=;/);
    // A copy of the cookie kept elsewhere is refused too.
    const page = await get("/dashboard", { cookie: session });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login\?next=/);
    expect((await get("/api/v1/units", { cookie: session })).status).toBe(401);
    const rows = await auditRows("dashboard.signed_out");
    expect(rows.at(-1)).toMatchObject({ actorPlatform: "wecom", actorId: "zhaoliu" });
    expect(JSON.parse(rows.at(-1)!.detail)).toEqual({ ip });
  });
});

describe("ADMIN_TOKEN for scripts", () => {
  it("still opens /api/v1, the pages and /metrics as a Bearer token", async () => {
    const ip = newAddress();
    const bearer = from(ip, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect((await get("/api/v1/units", bearer)).status).toBe(200);
    expect((await get("/dashboard", bearer)).status).toBe(200);
    expect((await get("/metrics", bearer)).status).toBe(200);
    expect((await get("/metrics", from(ip, { authorization: "Bearer wrong-wrong-wrong-wrong" }))).status).toBe(401);
    // The token form is gone: a token is no person.
    const form = await fetch(`${s.base}/login`, { method: "POST", body: new URLSearchParams({ token: ADMIN_TOKEN }), redirect: "manual" });
    expect(form.status).toBe(405);
    expect(form.headers.get("set-cookie")).toBeNull();
  });
});

describe("repeated failures from one address", () => {
  it("the 11th wrong Bearer token within 15 minutes is a 429 (even with the right token then), logged; a signed-in colleague at that address is not locked out", async () => {
    const ip = newAddress();
    wecom.signInAs = "zhaoliu";
    const colleague = await signIn("wecom", ip);
    for (let i = 1; i <= 10; i++) {
      // Wrong tokens on the API, the pages and /metrics all count; the client-written first X-Forwarded-For entry changes nothing.
      const path = ["/api/v1/units", "/dashboard", "/metrics"][i % 3]!;
      const res = await get(path, { "x-forwarded-for": `10.0.0.${i}, ${ip}`, authorization: `Bearer wrong-token-${i}-xxxxxxxxxx` });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const eleventh = await get("/api/v1/units", from(ip, { authorization: `Bearer ${ADMIN_TOKEN}` }));
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await get("/metrics", from(ip, { authorization: `Bearer ${ADMIN_TOKEN}` }))).status).toBe(429);
    expect(logLines.some((l) => l.includes("throttled"))).toBe(true);
    // Another address is unaffected; the colleague's session still works.
    expect((await get("/api/v1/units", from(newAddress(), { authorization: `Bearer ${ADMIN_TOKEN}` }))).status).toBe(200);
    expect((await get("/dashboard", { ...from(ip), cookie: colleague.session })).status).toBe(200);
  });

  it("the 11th failed sign-in (forged state) is a 429 too", async () => {
    const ip = newAddress();
    for (let i = 1; i <= 10; i++) expect((await get(`/login/wecom/callback?code=c${i}&state=${"B".repeat(32)}`, from(ip))).status).toBe(400);
    wecom.signInAs = "zhaoliu";
    const { done } = await signIn("wecom", ip);
    expect(done.status).toBe(429);
    expect(await done.text()).toContain("登录失败次数过多");
  });
});

describe("starting sign-ins in a loop", () => {
  it("one address gets 60 sign-in links in 10 minutes, then a 429 that writes nothing; others are unaffected", async () => {
    const ip = newAddress();
    const states = () => s.database.db.loginState.count();
    for (let i = 1; i <= 60; i++) expect((await get("/login/wecom", from(ip))).status, `start ${i}`).toBe(302);
    const before = await states();
    const refused = await get("/login/dingtalk", from(ip));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("登录过于频繁");
    expect(await states()).toBe(before);
    // Starting is no failed sign-in: the Bearer token still works from there, and a colleague elsewhere can sign in.
    expect((await get("/api/v1/units", from(ip, { authorization: `Bearer ${ADMIN_TOKEN}` }))).status).toBe(200);
    wecom.signInAs = "zhaoliu";
    expect((await signIn("wecom", newAddress())).done.status).toBe(302);
  });
});

describe("behind an HTTPS proxy", () => {
  it("the cookie is Secure when the trusted proxy says the request came over https", async () => {
    wecom.signInAs = "zhaoliu";
    const ip = newAddress();
    const start = await get("/login/wecom", from(ip, { "x-forwarded-proto": "https", "x-forwarded-host": "duban.example.gov.cn" }));
    const link = new URL(start.headers.get("location")!);
    expect(link.searchParams.get("redirect_uri")).toBe("https://duban.example.gov.cn/login/wecom/callback");
    const vendor = await get(start.headers.get("location")!, {});
    const callback = new URL(vendor.headers.get("location")!);
    expect(start.headers.get("set-cookie")!.toLowerCase()).toContain("; secure");
    const done = await get(`/login/wecom/callback${callback.search}`, from(ip, { "x-forwarded-proto": "https", cookie: stateCookie(start) }));
    expect(done.status).toBe(302);
    expect(done.headers.get("set-cookie")!.toLowerCase()).toContain("; secure");
  });
});
