// Checks a robot webhook URL when a group is bound, so a wrong one is refused with its reason
// instead of failing every reminder later. The same rules the push channels apply at send
// time (src/platforms/wecom/robot-webhook.ts, src/platforms/dingtalk/custom-robot.ts):
// WeCom group robot  https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY
// DingTalk robot     https://oapi.dingtalk.com/robot/send?access_token=TOKEN
// The bases follow WECOM_API_BASE / DINGTALK_OAPI_BASE (private deployments, test fakes).
import { InputError } from "../errors";
import type { Platform } from "./members";

export interface WebhookBases {
  wecom: string;
  dingtalk: string;
}

export const OFFICIAL_WEBHOOK_BASES: WebhookBases = { wecom: "https://qyapi.weixin.qq.com", dingtalk: "https://oapi.dingtalk.com" };

const SHAPE = {
  wecom: { path: "/cgi-bin/webhook/send", param: "key", name: "企业微信群机器人" },
  dingtalk: { path: "/robot/send", param: "access_token", name: "钉钉机器人" },
} as const;

/** Throws an InputError (code bad_webhook) saying what is wrong with the URL for this platform. */
export function checkWebhookUrl(platform: Platform, raw: string, bases: WebhookBases = OFFICIAL_WEBHOOK_BASES): void {
  const fail = (why: string): never => {
    throw new InputError(`webhook 地址不可用：${why}`, "bad_webhook");
  };
  const shape = SHAPE[platform];
  const base = new URL(bases[platform]);
  const example = `${new URL(shape.path, base).href}?${shape.param}=…`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(`「${raw}」不是网址；${shape.name}地址形如 ${example}`);
  }
  if (url.protocol !== base.protocol) {
    return fail(url.protocol === "http:" ? "必须是 https:// 地址——地址里含机器人密钥，明文 http 会泄露" : `应为 ${base.protocol}// 地址，形如 ${example}`);
  }
  const other: Platform = platform === "wecom" ? "dingtalk" : "wecom";
  if (looksLike(other, url, bases)) {
    return fail(`这是${SHAPE[other].name}的地址，不能绑定到${platform === "wecom" ? "企业微信" : "钉钉"}群；${shape.name}地址形如 ${example}`);
  }
  if (url.origin !== base.origin || url.pathname !== shape.path) return fail(`不是${shape.name}地址，应形如 ${example}`);
  if (!url.searchParams.get(shape.param)) return fail(`缺少 ${shape.param}=…，请从机器人设置中复制完整地址（形如 ${example}）`);
}

function looksLike(platform: Platform, url: URL, bases: WebhookBases): boolean {
  const official = platform === "wecom" ? /(^|\.)weixin\.qq\.com$/ : /(^|\.)dingtalk\.com$/;
  return official.test(url.hostname) || url.origin === new URL(bases[platform]).origin;
}
