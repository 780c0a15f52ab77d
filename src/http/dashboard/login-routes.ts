// GET/POST /login and POST /logout: the login form trades ADMIN_TOKEN for a session cookie.
import type Router from "@koa/router";
import { readBoundedBody } from "../read-body";
import { clearSession, safeNext, setSession, tokenMatches } from "./admin-auth";
import type { DashboardContext } from "./register-dashboard";
import { securityHeaders } from "./security-headers";
import { renderPage } from "./views";

/** A login form is a few hundred bytes. */
const LOGIN_BODY_LIMIT = 4096;

export function registerLoginRoutes(router: Router, deps: DashboardContext): void {
  router.get("/login", securityHeaders(), (ctx) => {
    ctx.type = "html";
    ctx.body = renderPage("login", { next: safeNext(ctx.query.next), error: false });
  });

  router.post("/login", securityHeaders(), async (ctx) => {
    const form = new URLSearchParams((await readBoundedBody(ctx.req, LOGIN_BODY_LIMIT)).toString("utf8"));
    const next = safeNext(form.get("next"));
    if (!tokenMatches(form.get("token") ?? "", deps.token)) {
      deps.log.info({ ip: ctx.ip }, "dashboard login refused");
      ctx.status = 401;
      ctx.type = "html";
      ctx.body = renderPage("login", { next, error: true });
      return;
    }
    setSession(ctx, deps.token, Date.now());
    ctx.redirect(next);
  });

  router.post("/logout", securityHeaders(), (ctx) => {
    clearSession(ctx);
    ctx.redirect("/login");
  });
}
