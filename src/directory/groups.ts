import type { Db, Tx } from "../db/client";
import { InputError } from "../errors";
import type { Platform } from "./members";
import { loadUnitLookup, type UnitLookup } from "./unit-lookup";
import { checkWebhookUrl, type WebhookBases } from "./webhook-url";

export interface GroupBinding {
  platform: Platform;
  chatId: string;
  /** A unit name, or undefined with supervision=true for the supervision bureau's group. */
  unit?: string;
  supervision?: boolean;
  webhookUrl?: string;
  secret?: string;
  /** Where robot webhooks live (WECOM_API_BASE, DINGTALK_OAPI_BASE); default the vendors' own. */
  webhookBases?: WebhookBases;
}

/** Binds a group chat to a unit or to supervision; re-binding replaces the previous target. */
export async function bindGroup(
  db: Db | Tx,
  b: GroupBinding,
  lookup?: UnitLookup,
): Promise<{ target: string; created: boolean; hasWebhook: boolean }> {
  const chatId = b.chatId.trim();
  if (!chatId) throw new InputError("群聊 ID 不能为空");
  if (Boolean(b.unit) === Boolean(b.supervision)) throw new InputError("请指定一个单位，或指定督查群（二选一）");
  if (b.webhookUrl !== undefined) checkWebhookUrl(b.platform, b.webhookUrl, b.webhookBases);
  if (b.secret !== undefined && b.platform !== "dingtalk") throw new InputError("加签密钥（--secret）只用于钉钉自定义机器人；企业微信群机器人只需 webhook 地址");
  if (b.secret !== undefined && !/^SEC[0-9a-zA-Z]+$/.test(b.secret)) throw new InputError("加签密钥应以 SEC 开头（钉钉自定义机器人安全设置中复制）");
  const unit = b.unit ? (lookup ?? (await loadUnitLookup(db))).require(b.unit) : undefined;
  const key = { platform_chatId: { platform: b.platform, chatId } };
  const data = {
    unitId: unit?.id ?? null,
    supervision: Boolean(b.supervision),
    ...(b.webhookUrl !== undefined ? { webhookUrl: b.webhookUrl.trim() } : {}),
    ...(b.secret !== undefined ? { secret: b.secret } : {}),
  };
  const existing = await db.chatGroup.findUnique({ where: key });
  if (existing) await db.chatGroup.update({ where: key, data });
  else await db.chatGroup.create({ data: { platform: b.platform, chatId, ...data } });
  return { target: unit?.name ?? "督查", created: !existing, hasWebhook: Boolean(b.webhookUrl ?? existing?.webhookUrl) };
}
