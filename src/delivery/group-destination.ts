// Resolves an outbox destination "group:<id>" to the channel that reaches that group now:
// its bound robot webhook if it has one, else the platform's chat-id channel (WeCom AI bot
// long connection, DingTalk internal-app robot) when configured. Resolved at send time, so a
// group re-bound to a new webhook is reached through the new one.
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import type { ChatGroup } from "../generated/sqlite/client";
import type { Platform } from "../platforms/message";
import type { Channel } from "./channel";
import type { ResolvedDestination } from "./delivery-worker";

export interface GroupChannels {
  /** Per platform: the channel sending through a group's robot webhook (target = the URL). */
  webhook: Partial<Record<Platform, (group: ChatGroup) => Channel>>;
  /** Per platform: a channel sending to a chat id with no webhook (target = the chat id). */
  byChatId: Partial<Record<Platform, Channel>>;
}

export function groupDestinationResolver(db: Db, channels: GroupChannels) {
  return async (destination: string): Promise<ResolvedDestination> => {
    const m = /^group:(\d+)$/.exec(destination);
    if (!m) return { error: `unknown destination "${destination}"` };
    const group = await db.chatGroup.findUnique({ where: { id: Number(m[1]) } });
    if (!group) return { error: "群已解除绑定" };
    const platform = group.platform as Platform;
    const viaWebhook = group.webhookUrl ? channels.webhook[platform]?.(group) : undefined;
    if (viaWebhook && group.webhookUrl) return { channel: viaWebhook, target: group.webhookUrl, robot: webhookRobot(platform, group.webhookUrl) };
    const viaChat = channels.byChatId[platform];
    // An app robot (DingTalk internal app, WeCom AI bot) is limited per chat it posts into.
    if (viaChat) return { channel: viaChat, target: group.chatId, robot: `${platform}-chat:${group.chatId}` };
    return { error: `群未配置推送通道：请用 duban group bind --webhook 绑定群机器人（${platform} 群 ${group.chatId}）` };
  };
}

/**
 * The robot behind a webhook URL, as the vendor counts its limit: WeCom's `key`, DingTalk's
 * `access_token` — not the group row (several units' groups often share one robot). Hashed:
 * the key is a secret and this lands in the database and logs.
 */
export function webhookRobot(platform: string, webhookUrl: string): string {
  let secret = webhookUrl;
  try {
    const u = new URL(webhookUrl);
    secret = u.searchParams.get("key") ?? u.searchParams.get("access_token") ?? webhookUrl;
  } catch {
    // not a URL: the channel refuses it; any stable key will do
  }
  return `${platform}-robot:${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
}

/**
 * Adds destinations that name their channel directly, "<kind>:<target>" (e.g. a late reply
 * to one member, "wecom-user:zhangsan"), in front of the group resolver.
 */
export function withDirectChannels(
  groups: (destination: string) => Promise<ResolvedDestination>,
  direct: Record<string, Channel | undefined>,
): (destination: string) => Promise<ResolvedDestination> {
  return async (destination) => {
    const i = destination.indexOf(":");
    const kind = destination.slice(0, i);
    if (kind === "group" || i < 0) return groups(destination);
    const channel = direct[kind];
    const target = destination.slice(i + 1);
    const robot = `${kind}:${createHash("sha256").update(target).digest("hex").slice(0, 16)}`;
    return channel ? { channel, target, robot } : { error: `${kind} 未配置，无法发送` };
  };
}
