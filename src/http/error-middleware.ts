import type { Middleware } from "koa";
import type { Logger } from "../logger";

/**
 * The one place errors become HTTP answers. Errors marked `expose` (typed DubanErrors,
 * koa's ctx.throw with a 4xx, body-parser limits) are answered with their status and message;
 * anything else is logged and answered 500 with no detail, so internals never leak.
 */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string; code?: string };
      const status = e.status ?? e.statusCode ?? 500;
      if (e.expose && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { ok: false, error: e.code ?? "bad_request", message: e.message };
        log.info({ status, path: ctx.path, reason: e.message }, "request rejected");
      } else {
        log.error({ err, path: ctx.path }, "request failed");
        ctx.status = status >= 500 ? status : 500;
        ctx.body = { ok: false, error: "internal", message: "internal error" };
      }
    }
  };
}
