// The probes: GET /livez for liveness — the process serves HTTP; it touches nothing else, so a
// database outage never makes an orchestrator restart every instance (they could not do better
// restarted); GET /healthz, 200 once the database answers, with what this instance serves (for
// people and smoke tests); readiness on the database is GET /readyz (readiness-route.ts).
import type Router from "@koa/router";
import type { Db } from "../db/client";

export function registerHealthRoute(router: Router, deps: { db: Db; provider: string; platforms: Record<string, boolean> }): void {
  const startedAt = Date.now();
  router.get("/livez", (ctx) => {
    ctx.body = { live: true, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  });
  router.get("/healthz", async (ctx) => {
    let plan: { year: number; tasks: number } | null = null;
    try {
      const row = await deps.db.plan.findFirst({ orderBy: { year: "desc" }, include: { _count: { select: { tasks: true } } } });
      plan = row ? { year: row.year, tasks: row._count.tasks } : null;
    } catch {
      ctx.status = 503;
      ctx.body = { ok: false, database: deps.provider, error: "database unreachable" };
      return;
    }
    ctx.body = { ok: true, database: deps.provider, plan, platforms: deps.platforms };
  });
}
