// Signing in to the dashboard (issue 20): GET /login shows a button per configured messenger;
// GET /login/:platform stores a one-time `state` and sends the browser to WeCom's or DingTalk's
// login page; GET /login/:platform/callback takes the state back, asks the vendor who the code
// belongs to, and gives a directory supervisor a server-side session. POST /dashboard/logout
// revokes it. Failed callbacks count against the address (auth-throttle.ts).
import type Router from "@koa/router";
import type { Context } from "koa";
import { createAuthThrottle, refuseIfThrottled } from "../auth-throttle";
import { clearSessionCookie, LOGIN_STATE_COOKIE, safeNext, setLoginStateCookie, setSessionCookie, throttledBody, type CookiePolicy } from "./admin-auth";
import { issueState, STATE_TTL_MS, takeState } from "./login-state";
import type { DashboardContext } from "./register-dashboard";
import { securityHeaders } from "./security-headers";
import { createSession, revokeSession, SESSION_COOKIE } from "./sessions";
import { auditSignIn, refusalMessage, signInTemplates, supervisorVerdict, type Refusal } from "./sign-in";
import { renderPage } from "./views";

/** Sign-ins one address may start within STATE_TTL_MS. */
export const MAX_STARTS = 60;

export function registerLoginRoutes(router: Router, deps: DashboardContext): void {
  const { db, providers, throttle } = deps;
  const now = () => new Date(deps.realClock());
  const policy: CookiePolicy = { httpsPublicUrl: /^https:/i.test(deps.signIn?.publicUrl ?? "") };
  const t = signInTemplates();
  const label = (platform: string) => t.t(`platform.${platform}`);
  // Each sign-in started is a row (login-state.ts) written for anyone who asks: an address may
  // start MAX_STARTS within a state's lifetime, enough for an office behind one NAT address,
  // not for filling the table (and holding SQLite's write lock) by looping on /login/wecom.
  const starts = createAuthThrottle({ log: deps.log.child({ component: "sign-in" }), max: MAX_STARTS, windowMs: STATE_TTL_MS, now: deps.realClock, quiet: true, throttledMessage: "sign-in starts throttled: too many from this address (429)" });
  const throttledPage = (ctx: Context, key: "throttled" | "too_many_starts" = "throttled") => {
    ctx.type = "html";
    ctx.body = renderPage("signin-refused", { title: t.t("refused.title"), message: t.t(key, { minutes: Math.ceil(Number(ctx.response.get("Retry-After")) / 60) }), again: t.t("refused.again") });
  };
  const callbackUrl = (ctx: Context, platform: string) => `${(deps.signIn?.publicUrl ?? `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, "")}/login/${platform}/callback`;

  router.get("/login", securityHeaders(), (ctx) => {
    ctx.type = "html";
    ctx.body = renderPage("login", { next: safeNext(ctx.query.next), providers: providers.map((p) => ({ platform: p.platform, label: label(p.platform) })) });
  });

  router.get("/login/:platform", securityHeaders(), async (ctx) => {
    const provider = providers.find((p) => p.platform === ctx.params.platform);
    if (!provider) return; // 404: not configured
    if (refuseIfThrottled(ctx, starts, throttledBody)) return throttledPage(ctx, "too_many_starts");
    starts.fail(ctx.ip, "sign-in started");
    const state = await issueState(db, provider.platform, safeNext(ctx.query.next), now());
    // The state also goes into this browser's cookie: a callback carrying a state (and the
    // code of whoever scanned) opened in another browser is refused, so nobody can be signed
    // in, unknowingly, as someone else by a link (login CSRF).
    setLoginStateCookie(ctx, state, policy, STATE_TTL_MS);
    ctx.redirect(provider.authorizeUrl(callbackUrl(ctx, provider.platform), state));
  });

  router.get("/login/:platform/callback", securityHeaders(), async (ctx) => {
    const provider = providers.find((p) => p.platform === ctx.params.platform);
    if (!provider) return;
    const platform = provider.platform;
    if (refuseIfThrottled(ctx, throttle, throttledBody)) return throttledPage(ctx);
    const refuse = async (status: number, reason: Refusal, userId?: string, units: string[] = [], error?: string) => {
      // A vendor outage is nobody's guess: it does not count against the address.
      if (reason !== "vendor_error") throttle.fail(ctx.ip, `sign-in refused (${platform}: ${reason})`);
      if (error) deps.log.warn({ platform, reason, error }, "dashboard sign-in: vendor answer unusable");
      await auditSignIn(db, "dashboard.sign_in_refused", { platform, userId }, { ip: ctx.ip, reason, ...(error ? { error } : {}) });
      ctx.status = status;
      ctx.type = "html";
      ctx.body = renderPage("signin-refused", { title: t.t("refused.title"), message: refusalMessage(reason, platform, userId, units), again: t.t("refused.again") });
    };

    // Another browser's state is not taken: the one that started the sign-in can still finish it.
    if (typeof ctx.query.state !== "string" || ctx.cookies.get(LOGIN_STATE_COOKIE) !== ctx.query.state) return refuse(400, "bad_state");
    const next = await takeState(db, ctx.query.state, platform, now());
    if (next === null) return refuse(400, "bad_state");
    const code = provider.codeOf(ctx.query as Record<string, unknown>);
    if (!code) return refuse(400, "no_code");
    const identity = await provider.identify(code);
    if (!identity.ok) return identity.outsider ? refuse(403, "outsider", undefined, [], identity.error) : refuse(502, "vendor_error", undefined, [], identity.error);
    const verdict = await supervisorVerdict(db, platform, identity.userId);
    if (!verdict.ok) return refuse(403, verdict.reason, identity.userId, verdict.units);

    const value = await createSession(db, { platform, userId: identity.userId, name: verdict.name, ip: ctx.ip }, now());
    await auditSignIn(db, "dashboard.signed_in", { platform, userId: identity.userId, name: verdict.name }, { ip: ctx.ip });
    deps.log.info({ platform, userId: identity.userId, ip: ctx.ip }, "dashboard sign-in");
    setSessionCookie(ctx, value, policy);
    ctx.redirect(next);
  });

  // 退出. A cross-site form cannot post here with the cookie (SameSite=Lax), so no CSRF token.
  router.post("/dashboard/logout", securityHeaders(), async (ctx) => {
    const user = await revokeSession(db, ctx.cookies.get(SESSION_COOKIE), now());
    if (user) await auditSignIn(db, "dashboard.signed_out", user, { ip: ctx.ip });
    clearSessionCookie(ctx, policy);
    ctx.redirect("/login");
  });
}
