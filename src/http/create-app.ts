// The Koa application without listen(), so tests drive it through app.callback().
import Koa from "koa";
import Router from "@koa/router";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { errorMiddleware } from "./error-middleware";
import { registerHealthRoute } from "./health-route";
import { registerDashboard, type DashboardDeps } from "./dashboard/register-dashboard";

export interface AppDeps {
  db: Db;
  provider: string;
  log: Logger;
  platforms: Record<string, boolean>;
  /** Platform routes (WeCom, DingTalk callbacks), each registering itself on the router. */
  routes?: ((router: Router) => void)[];
  /** The supervision bureau's dashboard and /api/v1 (started only with a good ADMIN_TOKEN). */
  dashboard?: Omit<DashboardDeps, "db" | "log">;
  /** DUBAN_TRUST_PROXY: reverse proxies before duban (0: none; X-Forwarded-* are ignored). */
  trustProxy?: number;
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  // X-Forwarded-For is anyone's to write: believed only when a proxy is configured, and then only
  // the last `trustProxy` entries (those our proxies appended), so ctx.ip is the address the
  // outermost trusted proxy saw, never a client-supplied first entry. The same setting decides
  // whether X-Forwarded-Proto may make a request https (Secure cookies).
  const trustProxy = deps.trustProxy ?? 0;
  app.proxy = trustProxy > 0;
  app.maxIpsCount = trustProxy;
  // Errors are answered by errorMiddleware; koa's default handler would log them again.
  app.silent = true;
  const router = new Router();
  registerHealthRoute(router, deps);
  for (const register of deps.routes ?? []) register(router);
  if (deps.dashboard) registerDashboard(router, { db: deps.db, log: deps.log, ...deps.dashboard });
  app.use(errorMiddleware(deps.log));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
