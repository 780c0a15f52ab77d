// What `duban doctor` says about the long connections (WeCom AI bot WebSocket, DingTalk
// Stream). The doctor cannot look for itself: a connection of its own would take the server's
// place (WeCom) or a share of its messages (DingTalk). So it reads the states running servers
// write (platforms/connection-status-writer.ts); a row not updated for a few heartbeats
// belongs to a server that is gone.
import type { Config } from "../config";
import type { Db } from "../db/client";
import { REPLACED } from "../platforms/connection-state";
import { CONNECTION_STATUS_EVERY_MS } from "../platforms/connection-status-writer";
import type { Templates } from "../templates";

export interface ConnectionFinding {
  ok: boolean;
  what: string;
  fix?: string;
}

const FRESH_MS = 4 * CONNECTION_STATUS_EVERY_MS;

function longConnections(cfg: Config): { platform: "wecom" | "dingtalk"; variables: string; target: string }[] {
  const out: { platform: "wecom" | "dingtalk"; variables: string; target: string }[] = [];
  if (cfg.wecom.botWs) out.push({ platform: "wecom", variables: "WECOM_BOT_ID、WECOM_BOT_SECRET", target: cfg.wecom.botWs.wsUrl });
  if (cfg.dingtalk.robot?.mode === "stream") out.push({ platform: "dingtalk", variables: "DINGTALK_APP_KEY、DINGTALK_APP_SECRET", target: cfg.dingtalk.apiBase });
  return out;
}

const shanghai = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

export async function connectionFindings(db: Db, cfg: Config, tpl: Templates, now = new Date()): Promise<ConnectionFinding[]> {
  const found: ConnectionFinding[] = [];
  for (const c of longConnections(cfg)) {
    const platform = tpl.t(`long_connection.platform.${c.platform}`);
    const rows = await db.connectionStatus.findMany({
      where: { platform: c.platform, updatedAt: { gt: new Date(now.getTime() - FRESH_MS) } },
      orderBy: { updatedAt: "desc" },
    });
    if (!rows.length) {
      // Not a fault of the connection: nothing is known. Said, not counted as a problem.
      found.push({ ok: true, what: tpl.t("long_connection.unreported", { platform }), fix: tpl.t("long_connection.unreported_fix") });
      continue;
    }
    for (const r of rows) {
      const vars = { platform, since: shanghai(r.since), instance: r.instanceId };
      if (r.state === "open") {
        found.push({ ok: true, what: tpl.t("long_connection.open", vars) });
        continue;
      }
      const replaced = r.lastError === REPLACED;
      found.push({
        ok: false,
        what: tpl.t("long_connection.down", { ...vars, state: tpl.t(`long_connection.state.${r.state}`), attempt: r.attempt, error: r.lastError ?? "—" }),
        fix: replaced ? tpl.t("long_connection.replaced_fix") : tpl.t("long_connection.down_fix", { variables: c.variables, target: c.target }),
      });
    }
  }
  return found;
}
