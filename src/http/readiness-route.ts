// GET /readyz: 200 when this instance can do its work — the database answers and its schema is
// the one this code expects — else 503 with the reason, so a load balancer or orchestrator
// keeps traffic away while migrations run (here or in another instance) or the database is
// unreachable. Liveness is /livez (health-route.ts), which never asks the database.
import type Router from "@koa/router";
import type { Db } from "../db/client";
import { pendingMigrations } from "../db/pending-migrations";

export function registerReadinessRoute(router: Router, deps: { db: Db; migrationsDir: string; migrating?: () => boolean }): void {
  router.get("/readyz", async (ctx) => {
    const notReady = (reason: string) => {
      ctx.status = 503;
      ctx.body = { ready: false, reason };
    };
    if (deps.migrating?.()) return notReady("migrations running");
    try {
      await deps.db.$queryRawUnsafe("SELECT 1");
    } catch {
      return notReady("database unreachable");
    }
    try {
      const pending = await pendingMigrations(deps.db, deps.migrationsDir);
      if (pending.length) return notReady(`migrations pending or running: ${pending.join(", ")}`);
    } catch {
      return notReady("database unreachable");
    }
    ctx.body = { ready: true };
  });
}
