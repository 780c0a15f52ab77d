// Headers on every dashboard, login and API answer: nothing from another origin, no inline
// script (officials' text is escaped, and even if it were not, it could not run), no framing
// (clickjacking), no MIME sniffing, no referrer leaking a period or unit to elsewhere, and no
// caching of pages that show reports.
import type { Middleware } from "koa";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    // Set before handling, so that error answers carry them too.
    ctx.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.set("X-Frame-Options", "DENY");
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("Referrer-Policy", "no-referrer");
    if (!ctx.path.startsWith("/dashboard/assets/")) ctx.set("Cache-Control", "no-store");
    await next();
  };
}
