import type Router from "@koa/router";
import type { Db } from "../db/client";

/** GET /healthz: 200 once the database answers, with what this instance serves. */
export function registerHealthRoute(router: Router, deps: { db: Db; provider: string; platforms: Record<string, boolean> }): void {
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
