// The bureau's dashboard (pages, sign-in, JSON API) on the app's router — when ADMIN_TOKEN is set
// and long enough, or a sign-in is configured; otherwise it is not started, and the log says
// why. People sign in with WeCom or DingTalk (whichever signIn configures); scripts use the token.
import type Router from "@koa/router";
import type { Clock } from "../../clock";
import type { SignInConfig } from "../../config";
import type { Db } from "../../db/client";
import type { Logger } from "../../logger";
import type { ReportByRule } from "../../reporting/periods";
import type { ScheduleConfig } from "../../reminders/schedule-config";
import { createAuthThrottle, type AuthThrottle } from "../auth-throttle";
import { MIN_TOKEN_LENGTH } from "./admin-auth";
import { registerApiRoutes } from "./api-routes";
import { registerLoginRoutes } from "./login-routes";
import { registerPageRoutes } from "./page-routes";
import { signInProviders, type SignInProvider } from "./sign-in-providers";

export interface DashboardDeps {
  db: Db;
  log: Logger;
  adminToken?: string;
  /** The business clock (DUBAN_NOW): which period is current. */
  clock: Clock;
  /** schedule.yaml: its reportBy dates each period's deadline (quarter end without it), its lateReportWindow the period shown by default. */
  schedule?: ReportByRule & Partial<ScheduleConfig>;
  /** Sign-in with WeCom / DingTalk (config.signIn); none configured: the login page says how. */
  signIn?: SignInConfig;
  /** Shared with /metrics, so wrong tokens there count too (created here when not given). */
  throttle?: AuthThrottle;
  /** The real clock, for session and state expiry (never DUBAN_NOW). */
  realClock?: () => number;
  fetch?: typeof fetch;
}

export type DashboardContext = DashboardDeps & { token: string | undefined; providers: SignInProvider[]; throttle: AuthThrottle; realClock: () => number };

export function registerDashboard(router: Router, deps: DashboardDeps): boolean {
  const providers = signInProviders(deps.signIn, { fetch: deps.fetch });
  const given = deps.adminToken;
  // A short token is guessable: never accepted, whatever else is configured.
  const token = given && given.length >= MIN_TOKEN_LENGTH ? given : undefined;
  if (given && !token) deps.log.warn({ adminToken: false }, `ADMIN_TOKEN ignored: it is shorter than ${MIN_TOKEN_LENGTH} characters`);
  // Staff who sign in need no token: the dashboard starts with either.
  if (!token && !providers.length) {
    deps.log.warn(
      { dashboard: false },
      "dashboard not started: neither ADMIN_TOKEN (16+ characters) nor a sign-in (WeCom: WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET; DingTalk: DINGTALK_APP_KEY, DINGTALK_APP_SECRET) is configured (see README: For the supervision bureau, Signing in)",
    );
    return false;
  }
  if (!providers.length) deps.log.warn({ signIn: false }, "dashboard sign-in not configured: set WeCom (WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET) or DingTalk (DINGTALK_APP_KEY, DINGTALK_APP_SECRET); see README: Signing in");
  const ctx: DashboardContext = { ...deps, token, providers, throttle: deps.throttle ?? createAuthThrottle({ log: deps.log }), realClock: deps.realClock ?? Date.now };
  registerLoginRoutes(router, ctx);
  registerPageRoutes(router, ctx);
  registerApiRoutes(router, ctx);
  return true;
}
