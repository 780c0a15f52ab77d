// What to tell whoever binds a group about how reminders will reach it. A group bound with no
// way to push into it fails every reminder permanently ("群未配置推送通道"), so binding says
// so at once, and how to add the missing channel on that platform.
import type { Platform } from "./members";

export interface PushChannelNote {
  /** A template key under bind_push. */
  key: string;
  vars: { chatId: string; target: string };
}

export function pushChannelNote(
  platform: Platform,
  g: { hasWebhook: boolean; byChatId: boolean; chatId: string; target: string },
): PushChannelNote & { missing: boolean } {
  const vars = { chatId: g.chatId, target: g.target };
  if (g.hasWebhook) return { key: "bind_push.webhook", vars, missing: false };
  if (g.byChatId) return { key: platform === "wecom" ? "bind_push.wecom_bot" : "bind_push.dingtalk_app", vars, missing: false };
  return { key: `bind_push.${platform}_missing`, vars, missing: true };
}
