// GET /readyz: 200 when this instance can do its work — the database answers and its schema is
// the one this code expects — else 503 with the reason, so a load balancer or orchestrator
// keeps traffic away while migrations run (here or in another instance) or the database is
// unreachable. Liveness is /livez (health-route.ts), which never asks the database.
// Long connections (WeCom AI-bot WebSocket, DingTalk Stream) are listed with their state; one
// that is not open makes the instance not ready only when long connections are its only way
// of hearing users — with an HTTP callback as well, it still serves that.
import type Router from "@koa/router";
import type { ConnectionBoard } from "../platforms/connection-state";
import type { Db } from "../db/client";
import { pendingMigrations } from "../db/pending-migrations";

export interface ReadinessConnections {
  board: ConnectionBoard;
  /** No HTTP callback is configured: the long connections are the only inbound path. */
  onlyInbound: boolean;
}

export function registerReadinessRoute(router: Router, deps: { db: Db; migrationsDir: string; migrating?: () => boolean; connections?: ReadinessConnections }): void {
  router.get("/readyz", async (ctx) => {
    const states = deps.connections?.board.all();
    const connections = states?.length
      ? { connections: states.map((s) => ({ platform: s.platform, state: s.state, attempt: s.attempt, since: s.since.toISOString(), ...(s.lastError && { lastError: s.lastError }) })) }
      : {};
    const notReady = (reason: string) => {
      ctx.status = 503;
      ctx.body = { ready: false, reason, ...connections };
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
    const down = states?.filter((s) => s.state !== "open") ?? [];
    if (deps.connections?.onlyInbound && down.length) return notReady(`long connection not open: ${down.map((s) => `${s.platform} ${s.state}`).join(", ")}`);
    ctx.body = { ready: true, ...connections };
  });
}
