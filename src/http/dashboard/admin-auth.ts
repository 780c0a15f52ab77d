// Who may see the dashboard and the API (issue 20):
//
// - a person signed in through WeCom or DingTalk as a directory member with the supervisor
//   role (login-routes.ts), by a server-side session (sessions.ts) in a cookie that is
//   HttpOnly, SameSite=Lax (the sign-in returns from the vendor's site: Strict would drop the
//   cookie on that first page), and Secure on HTTPS or behind a trusted HTTPS proxy;
// - a script holding ADMIN_TOKEN as `Authorization: Bearer <token>`, compared in constant time
//   (both sides hashed to equal length first).
//
// A wrong Bearer token is 401, page or API, and counts against the address (auth-throttle.ts):
// after too many, 429 before the token is even looked at. With no credentials an API call is
// 401 and a page redirects to /login.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, Middleware } from "koa";
import type { Db } from "../../db/client";
import { refuseIfThrottled, type AuthThrottle } from "../auth-throttle";
import { findSession, SESSION_COOKIE, SESSION_TTL_MS, type SessionUser } from "./sessions";

export { SESSION_COOKIE, SESSION_TTL_MS };
/** Below this, a token is guessable: the dashboard refuses to start. */
export const MIN_TOKEN_LENGTH = 16;

function sha256(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(sha256(given), sha256(token));
}

export interface CookiePolicy {
  /** DUBAN_PUBLIC_URL starts with https: the browser reaches us over TLS, whatever the socket says. */
  httpsPublicUrl: boolean;
}

function cookieOptions(ctx: Context, policy: CookiePolicy, maxAge: number) {
  const secure = ctx.secure || policy.httpsPublicUrl;
  // koa refuses a Secure cookie on a plain-HTTP socket unless told the connection is secure (TLS ended at a proxy).
  if (secure) ctx.cookies.secure = true;
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge, overwrite: true };
}

export function setSessionCookie(ctx: Context, value: string, policy: CookiePolicy): void {
  ctx.cookies.set(SESSION_COOKIE, value, cookieOptions(ctx, policy, SESSION_TTL_MS));
}

export function clearSessionCookie(ctx: Context, policy: CookiePolicy): void {
  ctx.cookies.set(SESSION_COOKIE, "", cookieOptions(ctx, policy, 0));
}

/** The browser that started a sign-in: the callback must come back to the same one (login-state.ts). */
export const LOGIN_STATE_COOKIE = "duban_login";

export function setLoginStateCookie(ctx: Context, state: string, policy: CookiePolicy, maxAge: number): void {
  ctx.cookies.set(LOGIN_STATE_COOKIE, state, { ...cookieOptions(ctx, policy, maxAge), path: "/login" });
}

/** Only a local path may be a post-login destination (no "//host", no scheme). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : "/dashboard";
}

export interface AdminAuthDeps {
  db: Db;
  /** Unset: no script access, only signed-in staff. */
  token: string | undefined;
  throttle: AuthThrottle;
  clock?: () => number;
}

/** The signed-in person (undefined for a Bearer-token script). */
export function dashboardUser(ctx: Context): SessionUser | undefined {
  return (ctx.state as { dashboardUser?: SessionUser }).dashboardUser;
}

const unauthorized = (message: string) => ({ ok: false, error: "unauthorized", message });
export const throttledBody = () => ({ ok: false, error: "too_many_attempts", message: "too many failed sign-ins or wrong tokens from this address; try again later" });

export function requireAdmin(deps: AdminAuthDeps, kind: "page" | "api"): Middleware {
  const now = deps.clock ?? Date.now;
  return async (ctx, next) => {
    const auth = ctx.get("authorization");
    if (auth) {
      if (refuseIfThrottled(ctx, deps.throttle, throttledBody)) return;
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (m && deps.token && tokenMatches(m[1]!, deps.token)) return next();
      deps.throttle.fail(ctx.ip, "wrong bearer token");
      ctx.status = 401;
      ctx.set("WWW-Authenticate", 'Bearer realm="duban"');
      ctx.body = unauthorized("wrong token");
      return;
    }
    const user = await findSession(deps.db, ctx.cookies.get(SESSION_COOKIE), new Date(now()));
    if (user) {
      (ctx.state as { dashboardUser?: SessionUser }).dashboardUser = user;
      return next();
    }
    if (kind === "page") {
      ctx.redirect(`/login?next=${encodeURIComponent(ctx.originalUrl)}`);
      return;
    }
    ctx.status = 401;
    ctx.set("WWW-Authenticate", 'Bearer realm="duban"');
    ctx.body = unauthorized("ADMIN_TOKEN required (Authorization: Bearer), or sign in at /login");
  };
}
