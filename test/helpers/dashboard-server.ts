// The app with the dashboard on a loopback port, over the seed plan and the bureau fixture,
// with the business clock at 2020-04-03 09:00 (Beijing): Q1 is closed and late reports are late.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Router from "@koa/router";
import type { SignInConfig } from "../../src/config";
import type { AuthThrottle } from "../../src/http/auth-throttle";
import { createApp } from "../../src/http/create-app";
import { createLogger } from "../../src/logger";
import { importPlanFile } from "../../src/plan/import-file";
import { seedBureauReports } from "./bureau-fixture";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const ADMIN_TOKEN = "test-admin-token-0123456789";
export const NOW = new Date("2020-04-03T09:00:00+08:00");

export interface DashboardServer {
  base: string;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface DashboardServerOptions {
  /** WeCom / DingTalk sign-in pointed at fakes (test/fakes/wecom-login.ts, dingtalk-login.ts). */
  signIn?: SignInConfig;
  throttle?: AuthThrottle;
  /** Other routes on the same app (e.g. /metrics with the same throttle). */
  routes?: ((router: Router) => void)[];
}

export async function startDashboardServer(opts: DashboardServerOptions = {}): Promise<DashboardServer> {
  const database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  await seedBureauReports(database.db);
  const app = createApp({ db: database.db, provider: database.provider, log: createLogger(process.env.DUBAN_TEST_LOG ?? "silent" as never), platforms: {}, trustProxy: opts.signIn?.trustProxy, routes: opts.routes, dashboard: { adminToken: ADMIN_TOKEN, clock: () => NOW, signIn: opts.signIn, throttle: opts.throttle } });
  const server: Server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    database,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await database.drop();
    },
  };
}
