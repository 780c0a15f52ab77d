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
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = true;
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
