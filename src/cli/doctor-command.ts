// `duban doctor`: checks what a running bot depends on and says how to fix what is wrong —
// configuration, database, migrations, each configured platform's credentials (a token
// request against the vendor's API; nothing is sent to anyone), each bound group's push
// channel, the long connections' state as running servers report it, and the holiday
// calendar's years. Exit 1 when anything is wrong. It never migrates.
import type { Command } from "commander";
import { platformStatus } from "../config";
import { openDatabase, type Database } from "../db/client";
import { migrationsDir } from "../db/migrate";
import { pendingMigrations } from "../db/pending-migrations";
import { redactUrl } from "../db/provider";
import type { Platform } from "../directory/members";
import { checkWebhookUrl } from "../directory/webhook-url";
import { InputError } from "../errors";
import { describeDbError } from "../db/describe-db-error";
import { stuckDeliveries } from "../delivery/delivery-problems";
import { createDingtalkApiClient } from "../platforms/dingtalk/api-client";
import { networkFailure } from "../platforms/network-failure";
import { loadTemplates } from "../templates";
import { OPS_TEMPLATES } from "./backup-command";
import { loadReminderSettings } from "../reminders/load-reminder-settings";
import { shanghaiDate } from "../reporting/periods";
import type { CliContext } from "./context";
import { connectionFindings } from "./doctor-connections";
import { IncompleteRun } from "./exit-code";

interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

type TokenCheck = { ok: true } | { ok: false; unreachable: boolean; detail: string };

/** A WeCom token request. `unreachable`: the API did not answer as WeCom does (network error,
 *  timeout, an HTTP error page) — nothing is known about the credentials then. */
async function wecomToken(apiBase: string, corpId: string, secret: string): Promise<TokenCheck> {
  let res: Response;
  try {
    res = await fetch(`${apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`, { signal: AbortSignal.timeout(8_000) });
  } catch (e) {
    return { ok: false, unreachable: true, detail: networkFailure(e).error };
  }
  let body: { errcode?: number; errmsg?: string; access_token?: string };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    return { ok: false, unreachable: true, detail: `HTTP ${res.status}，回答不是企业微信 API 的格式` };
  }
  if (body.errcode || !body.access_token) return { ok: false, unreachable: false, detail: `errcode ${body.errcode ?? "?"}: ${(body.errmsg ?? "").split(",")[0]}` };
  return { ok: true };
}

export function registerDoctorCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("doctor")
    .description("check configuration, database, migrations, platform credentials, group push channels and the holiday calendar")
    .action(async () => {
      const c = ctx(); // a bad configuration has already stopped us here, naming the variable
      const tpl = loadTemplates(OPS_TEMPLATES);
      const cfg = c.config;
      const found: Finding[] = [{ ok: true, what: `配置可读（数据库 ${redactUrl(cfg.databaseUrl)}）` }];
      const platforms = platformStatus(cfg);
      const on = Object.entries(platforms).filter(([, v]) => v).map(([k]) => k);
      found.push(on.length ? { ok: true, what: `已配置平台：${on.join("、")}` } : { ok: false, what: "未配置任何平台", fix: "见 README「Connecting WeCom and DingTalk」设置 WECOM_* 或 DINGTALK_* 变量" });

      let database: Database | undefined;
      try {
        database = await openDatabase(cfg.databaseUrl);
        await database.db.$queryRawUnsafe("SELECT 1");
        found.push({ ok: true, what: "数据库可连接" });
      } catch (e) {
        const problem = describeDbError(e);
        found.push({ ok: false, what: tpl.t(`doctor.db_${problem.kind}`, { detail: problem.detail }), fix: tpl.t(`doctor.db_${problem.kind}_fix`) });
        await database?.close().catch(() => undefined);
        database = undefined;
      }

      try {
        if (database) {
          const { db } = database;
          const pending = await pendingMigrations(db, migrationsDir(database.provider));
          found.push(
            pending.length
              ? { ok: false, what: `有 ${pending.length} 个数据库迁移未应用：${pending.join("、")}`, fix: "重启服务（启动时自动迁移），或运行任一 duban 命令（如 duban units）" }
              : { ok: true, what: "数据库迁移已全部应用" },
          );

          const app = cfg.wecom.app;
          if (app?.secret) {
            const r = await wecomToken(cfg.wecom.apiBase, app.corpId, app.secret);
            found.push(
              r.ok
                ? { ok: true, what: "企业微信自建应用凭证有效" }
                : r.unreachable
                  ? { ok: false, what: tpl.t("doctor.api_unreachable", { platform: "企业微信", base: cfg.wecom.apiBase, detail: r.detail }), fix: tpl.t("doctor.api_unreachable_fix", { base: cfg.wecom.apiBase, variable: "WECOM_API_BASE" }) }
                  : { ok: false, what: `企业微信自建应用取 token 失败（${r.detail}）`, fix: "核对 WECOM_CORP_ID 与 WECOM_SECRET；60020 表示需把服务器出口 IP 加入企业可信IP" },
            );
          } else if (app) found.push({ ok: false, what: "企业微信自建应用未设 WECOM_SECRET/WECOM_AGENT_ID：慢回复无法补发", fix: "在应用页复制 Secret 与 AgentId" });
          const robot = cfg.dingtalk.robot;
          if (robot) {
            const r = await createDingtalkApiClient({ apiBase: cfg.dingtalk.apiBase, appKey: robot.appKey, appSecret: robot.appSecret, timeoutMs: 8_000 }).accessToken();
            // A string code is a network failure (refused, DNS, timeout); 5xx is the API's own trouble.
            const unreachable = !r.ok && (typeof r.code === "string" || (typeof r.code === "number" && r.code >= 500));
            found.push(
              r.ok
                ? { ok: true, what: "钉钉应用凭证有效" }
                : unreachable
                  ? { ok: false, what: tpl.t("doctor.api_unreachable", { platform: "钉钉", base: cfg.dingtalk.apiBase, detail: r.error }), fix: tpl.t("doctor.api_unreachable_fix", { base: cfg.dingtalk.apiBase, variable: "DINGTALK_API_BASE" }) }
                  : { ok: false, what: `钉钉取 accessToken 失败（${r.error}）`, fix: "核对 DINGTALK_APP_KEY 与 DINGTALK_APP_SECRET，并确认应用已发布" },
            );
          }

          // Without its tables the database has no groups to check yet.
          const groups = pending.length ? [] : await db.chatGroup.findMany({ include: { unit: true }, orderBy: { id: "asc" } });
          let channelProblems = 0;
          for (const g of groups) {
            const name = g.supervision ? "督查群" : (g.unit?.name ?? "未指定单位");
            const byChat = (g.platform === "dingtalk" && cfg.dingtalk.robot) || (g.platform === "wecom" && cfg.wecom.botWs);
            let problem: string | undefined;
            if (g.webhookUrl) {
              // The same check `group bind` applies, so bind and doctor never disagree.
              try {
                checkWebhookUrl(g.platform as Platform, g.webhookUrl, { wecom: cfg.wecom.apiBase, dingtalk: cfg.dingtalk.oapiBase });
              } catch (e) {
                if (!(e instanceof InputError)) throw e;
                problem = e.message;
              }
            } else if (!byChat) problem = "没有推送通道";
            if (problem) {
              channelProblems++;
              found.push({
                ok: false,
                what: `${g.platform} 群 ${g.chatId}（${name}）${problem}`,
                fix: `duban group bind --platform ${g.platform} --chat ${g.chatId} ${g.supervision ? "--supervision" : `--unit ${g.unit?.name ?? "…"}`} --webhook <群机器人地址>`,
              });
            }
          }
          if (!channelProblems && !pending.length) found.push({ ok: true, what: `已绑定的 ${groups.length} 个群都有推送通道` });

          // Messages that are not getting through: a delivery log full of retries is not "all well".
          if (!pending.length) {
            const days = 7;
            const stuck = await stuckDeliveries(db, new Date(Date.now() - days * 86400_000));
            found.push(
              stuck.newest
                ? {
                    ok: false,
                    what: tpl.t("doctor.outbox_stuck", { retrying: stuck.retrying, failed: stuck.failed, dropped: stuck.dropped, days, id: stuck.newest.id, destination: stuck.newest.destination, error: stuck.newest.lastError ?? "—" }),
                    fix: tpl.t("doctor.outbox_stuck_fix"),
                  }
                : { ok: true, what: tpl.t("doctor.outbox_ok") },
            );
          }

          // Long connections: what the running servers report (doctor-connections.ts says why).
          if (!pending.length) found.push(...(await connectionFindings(db, cfg, tpl)));
        }
      } finally {
        await database?.close();
      }

      const { calendar } = loadReminderSettings(cfg);
      const year = Number(shanghaiDate(cfg.now ?? new Date()).slice(0, 4));
      const missing = [year, year + 1].filter((y) => !calendar.covers(y));
      found.push(
        missing.length
          ? { ok: !missing.includes(year), what: `节假日数据缺少 ${missing.join("、")} 年（提醒按周末休息计算）`, fix: `国务院公布安排后补充到 ${cfg.holidaysFile}` }
          : { ok: true, what: `节假日数据覆盖 ${year}–${year + 1} 年` },
      );

      for (const f of found) c.out(`${f.ok ? "✓" : "✗"} ${f.what}${!f.ok && f.fix ? `\n    修复：${f.fix}` : f.fix ? `（${f.fix}）` : ""}`);
      const bad = found.filter((f) => !f.ok).length;
      c.out(bad ? `发现 ${bad} 个问题` : "一切正常");
      if (bad) throw new IncompleteRun(1);
    });
}
