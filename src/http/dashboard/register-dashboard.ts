// The bureau's dashboard (pages, login, JSON API) on the app's router — only when ADMIN_TOKEN
// is set and long enough; otherwise it is not started, and the log says why.
import type Router from "@koa/router";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import type { Logger } from "../../logger";
import type { ReportByRule } from "../../reporting/periods";
import type { ScheduleConfig } from "../../reminders/schedule-config";
import { MIN_TOKEN_LENGTH } from "./admin-auth";
import { registerApiRoutes } from "./api-routes";
import { registerLoginRoutes } from "./login-routes";
import { registerPageRoutes } from "./page-routes";
import { registerReportPages } from "./report-pages";

export interface DashboardDeps {
  db: Db;
  log: Logger;
  adminToken?: string;
  /** The business clock (DUBAN_NOW): which period is current. */
  clock: Clock;
  /** schedule.yaml: its reportBy dates each period's deadline (quarter end without it), its lateReportWindow the period shown by default. */
  schedule?: ReportByRule & Partial<ScheduleConfig>;
}

export function registerDashboard(router: Router, deps: DashboardDeps): boolean {
  const token = deps.adminToken;
  if (!token || token.length < MIN_TOKEN_LENGTH) {
    deps.log.warn(
      { dashboard: false },
      token ? `dashboard not started: ADMIN_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters` : "dashboard not started: ADMIN_TOKEN is not set (see README: For the supervision bureau)",
    );
    return false;
  }
  const withToken = { ...deps, token };
  registerLoginRoutes(router, withToken);
  registerPageRoutes(router, withToken);
  registerReportPages(router, withToken);
  registerApiRoutes(router, withToken);
  return true;
}

export type DashboardContext = DashboardDeps & { token: string };
