// Neutral text → DingTalk robot message bodies (the oapi format shared by custom group robots
// and sessionWebhook replies), split in order so each body stays within DingTalk's limits.
// https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages (text, markdown, at)
import { byteLength, splitByBytes } from "../split-bytes";

/**
 * Limits. DingTalk's reference gives none per type for robot webhooks; its own error for an
 * oversized webhook body is "body 大小不合法;解决方案:请保持大小在 20000bytes 以内" (quoted in
 * github.com/ZhuLinsen/daily_stock_analysis/issues/61). JSON escaping can double control
 * characters, so text parts get 9000 bytes. Markdown gets 5000: integrators report markdown
 * rendering trouble above ~3500 characters (github.com/agentscope-ai/QwenPaw/issues/3742), and
 * 5000 bytes is at most ~1700 Chinese characters. The internal-app API's msgParam limit is
 * 15000 bytes (help.dingtalk.io …/the-robot-sends-a-group-message), which 5000 also fits.
 */
export const TEXT_PART_MAX_BYTES = 9_000;
export const MARKDOWN_PART_MAX_BYTES = 5_000;

export interface Mentions {
  userIds: string[];
  mobiles: string[];
  all: boolean;
}

/**
 * Neutral mentions are platform user ids. Two spellings reach DingTalk's other @ forms:
 * "mobile:138…" → at.atMobiles (a custom robot can @ by phone), "@all" → at.isAtAll.
 */
export function parseMentions(mentions: readonly string[] = []): Mentions {
  const m: Mentions = { userIds: [], mobiles: [], all: false };
  for (const raw of mentions) {
    const v = raw.trim();
    if (!v) continue;
    if (v === "@all") m.all = true;
    else if (v.startsWith("mobile:")) m.mobiles.push(v.slice("mobile:".length));
    else m.userIds.push(v);
  }
  return m;
}

export interface RenderInput {
  text: string;
  format: "text" | "markdown";
  mentions?: readonly string[];
}

/** The markdown title DingTalk shows in notifications and the chat list: the first line, short. */
export function markdownTitle(text: string): string {
  const first = text.split("\n").find((l) => l.trim()) ?? "";
  const plain = first.replace(/[#>*`_[\]]/g, "").trim();
  return [...plain].slice(0, 24).join("") || "督办";
}

/** Markdown-light lines as DingTalk markdown: a trailing double space makes each "\n" a line break. */
export function toDingtalkMarkdown(text: string): string {
  return text.replace(/ *\n/g, "  \n");
}

/** Markdown parts within `maxBytes`, in order, split at line breaks (no stray break at a cut). */
export function splitMarkdown(text: string, maxBytes: number): string[] {
  return splitByBytes(toDingtalkMarkdown(text), maxBytes).map((p) => p.replace(/ +$/, ""));
}

/**
 * Robot message bodies for one neutral message, in order. The @ (the `at` object and the
 * "@id" in the text, which markdown needs for the mention to show) goes in the first part
 * only: one notification per message, not one per part.
 */
export function renderRobotMessages(input: RenderInput): Array<Record<string, unknown>> {
  const mentions = parseMentions(input.mentions);
  const tags = [...mentions.userIds, ...mentions.mobiles].map((x) => `@${x}`);
  if (mentions.all) tags.push("@所有人");
  const prefix = tags.length ? `${tags.join(" ")} ` : "";
  const markdown = input.format === "markdown";
  const limit = (markdown ? MARKDOWN_PART_MAX_BYTES : TEXT_PART_MAX_BYTES) - byteLength(prefix);
  const parts = markdown ? splitMarkdown(input.text, limit) : splitByBytes(input.text, limit);
  const at = {
    ...(mentions.userIds.length ? { atUserIds: mentions.userIds } : {}),
    ...(mentions.mobiles.length ? { atMobiles: mentions.mobiles } : {}),
    ...(mentions.all ? { isAtAll: true } : {}),
  };
  const title = markdownTitle(input.text);
  return parts.map((part, i) => {
    const content = i === 0 ? prefix + part : part;
    return {
      ...(markdown ? { msgtype: "markdown", markdown: { title, text: content } } : { msgtype: "text", text: { content } }),
      ...(i === 0 && Object.keys(at).length ? { at } : {}),
    };
  });
}
