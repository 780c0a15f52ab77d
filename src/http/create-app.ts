// The Koa application without listen(), so tests drive it through app.callback().
import Koa from "koa";
import Router from "@koa/router";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { errorMiddleware } from "./error-middleware";
import { registerHealthRoute } from "./health-route";

export interface AppDeps {
  db: Db;
  provider: string;
  log: Logger;
  platforms: Record<string, boolean>;
  /** Platform routes (WeCom, DingTalk callbacks), each registering itself on the router. */
  routes?: ((router: Router) => void)[];
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = true;
  // Errors are answered by errorMiddleware; koa's default handler would log them again.
  app.silent = true;
  const router = new Router();
  registerHealthRoute(router, deps);
  for (const register of deps.routes ?? []) register(router);
  app.use(errorMiddleware(deps.log));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
