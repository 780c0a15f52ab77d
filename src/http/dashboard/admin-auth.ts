// Who may see the dashboard and the API: the holder of ADMIN_TOKEN, either as
// `Authorization: Bearer <token>` or through a session cookie set by the login form.
//
// - Tokens are compared in constant time (both sides hashed to equal length first).
// - The session cookie is HttpOnly, SameSite=Strict, Secure on HTTPS, and carries only an
//   expiry signed with a key derived from the token: changing ADMIN_TOKEN ends all sessions,
//   and nothing in the cookie is secret.
// - A request with a wrong Bearer token is 401, page or API; with no credentials an API call
//   is 401 and a page redirects to /login.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Context, Middleware } from "koa";

export const SESSION_COOKIE = "duban_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Below this, a token is guessable: the dashboard refuses to start. */
export const MIN_TOKEN_LENGTH = 16;

function sha256(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(sha256(given), sha256(token));
}

function sign(token: string, payload: string): string {
  const key = sha256(`duban-session:${token}`);
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export function sessionValue(token: string, now: number): string {
  const payload = `v1.${now + SESSION_TTL_MS}`;
  return `${payload}.${sign(token, payload)}`;
}

export function sessionValid(value: string | undefined, token: string, now: number): boolean {
  const m = /^(v1\.(\d{1,16}))\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!m) return false;
  const expected = Buffer.from(sign(token, m[1]!));
  const given = Buffer.from(m[3]!);
  return given.length === expected.length && timingSafeEqual(given, expected) && Number(m[2]) > now;
}

export function setSession(ctx: Context, token: string, now: number): void {
  ctx.cookies.set(SESSION_COOKIE, sessionValue(token, now), { httpOnly: true, sameSite: "strict", secure: ctx.secure, path: "/", maxAge: SESSION_TTL_MS, overwrite: true });
}

export function clearSession(ctx: Context): void {
  ctx.cookies.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "strict", secure: ctx.secure, path: "/", maxAge: 0, overwrite: true });
}

export type Credential = "ok" | "none" | "wrong";

export function credentialOf(ctx: Context, token: string, now: number): Credential {
  const auth = ctx.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m && tokenMatches(m[1]!, token) ? "ok" : "wrong";
  }
  return sessionValid(ctx.cookies.get(SESSION_COOKIE), token, now) ? "ok" : "none";
}

/** Only a local path may be a post-login destination (no "//host", no scheme). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : "/dashboard";
}

export function requireAdmin(token: string, kind: "page" | "api", clock: () => number = Date.now): Middleware {
  return async (ctx, next) => {
    const c = credentialOf(ctx, token, clock());
    if (c === "ok") return next();
    if (kind === "page" && c === "none") {
      ctx.redirect(`/login?next=${encodeURIComponent(ctx.originalUrl)}`);
      return;
    }
    ctx.status = 401;
    ctx.set("WWW-Authenticate", 'Bearer realm="duban"');
    ctx.body = { ok: false, error: "unauthorized", message: c === "wrong" ? "wrong token" : "ADMIN_TOKEN required (Authorization: Bearer, or log in at /login)" };
  };
}
