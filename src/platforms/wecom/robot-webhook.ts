// The group robot (群机器人) as a push channel: destination = the webhook URL bound to the group
// (`duban group bind … --webhook URL`). Text carries mentions in mentioned_list; markdown
// carries them inline as <@userid>. Long texts go out as ordered parts within WeCom's limits.
import type { Channel, SendResult } from "../../delivery/channel";
import { splitByBytes } from "../split-bytes";
import { createPartsProgress, sendParts, type PartsProgress } from "./send-parts";
import { postWecomJson } from "./send-result";

const TEXT_BYTES = 2048;
const MARKDOWN_BYTES = 4096;

export interface RobotWebhookOptions {
  /** Webhook URLs must live under this base (default WeCom's); anything else is refused. */
  apiBase?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  progress?: PartsProgress;
}

export function robotWebhookChannel(opts: RobotWebhookOptions = {}): Channel {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const progress = opts.progress ?? createPartsProgress();
  const expected = new URL("/cgi-bin/webhook/send", opts.apiBase ?? "https://qyapi.weixin.qq.com");

  return {
    async send(destination, message) {
      // The URL comes from the database; refusing foreign hosts keeps a mistyped (or planted)
      // binding from making duban post chat content anywhere else.
      let url: URL;
      try {
        url = new URL(destination);
      } catch {
        return { ok: false, retryable: false, error: "webhook is not a URL" };
      }
      if (url.origin !== expected.origin || url.pathname !== expected.pathname || !url.searchParams.get("key")) {
        return { ok: false, retryable: false, error: `webhook must look like ${expected.href}?key=…` };
      }
      const mentions = message.mentions ?? [];
      const bodies: Record<string, unknown>[] =
        message.format === "markdown"
          ? splitByBytes([mentions.map((m) => `<@${m}>`).join(" "), message.text].filter(Boolean).join("\n"), MARKDOWN_BYTES).map(
              (content) => ({ msgtype: "markdown", markdown: { content } }),
            )
          : splitByBytes(message.text, TEXT_BYTES).map((content, i) => ({
              msgtype: "text",
              // Mention once, with the first part, so people are notified once per message.
              text: i === 0 && mentions.length ? { content, mentioned_list: mentions } : { content },
            }));
      return sendParts(
        bodies,
        // https://developer.work.weixin.qq.com/document/path/99110
        async (body): Promise<SendResult> => (await postWecomJson(url, body, { fetch: doFetch, timeoutMs })).result,
        progress,
        message.idempotencyKey,
      );
    },
  };
}
