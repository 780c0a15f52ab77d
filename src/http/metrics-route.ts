// GET /metrics: Prometheus text. Behind ADMIN_TOKEN when one of 16+ characters is set (Bearer);
// otherwise only for a client on this machine that did not come through a proxy — the
// numbers name units and show the bureau's workload, not for the open internet.
import type Router from "@koa/router";
import type { Registry } from "prom-client";
import { refuseIfThrottled, type AuthThrottle } from "./auth-throttle";
import { MIN_TOKEN_LENGTH, throttledBody, tokenMatches } from "./dashboard/admin-auth";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function registerMetricsRoute(router: Router, deps: { registry: Registry; adminToken?: string; throttle?: AuthThrottle }): void {
  // A token too short to be safe is ignored here as on the dashboard (which logs that it is).
  const adminToken = deps.adminToken && deps.adminToken.length >= MIN_TOKEN_LENGTH ? deps.adminToken : undefined;
  router.get("/metrics", async (ctx) => {
    if (adminToken) {
      // Wrong tokens here count with the dashboard's (one throttle per address).
      if (deps.throttle && refuseIfThrottled(ctx, deps.throttle, throttledBody)) return;
      const given = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"))?.[1] ?? "";
      // One constant-time comparison for every admin credential (the dashboard's too).
      if (!tokenMatches(given, adminToken)) {
        deps.throttle?.fail(ctx.ip, "wrong bearer token (/metrics)");
        ctx.status = 401;
        ctx.set("www-authenticate", 'Bearer realm="duban"');
        ctx.body = { ok: false, error: "unauthorized", message: "Authorization: Bearer <ADMIN_TOKEN> required" };
        return;
      }
    } else if (!LOOPBACK.has(ctx.req.socket.remoteAddress ?? "") || ctx.get("x-forwarded-for")) {
      // With DUBAN_TRUST_PROXY, ctx.ip comes from X-Forwarded-For: look at the socket itself.
      ctx.status = 403;
      ctx.body = { ok: false, error: "forbidden", message: "set ADMIN_TOKEN to read /metrics from another host" };
      return;
    }
    ctx.type = deps.registry.contentType;
    ctx.body = await deps.registry.metrics();
  });
}
