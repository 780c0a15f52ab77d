// Push channels of the self-built app: message/send to members (destination = userid, or
// several joined by "|") and appchat/send to a group chat the app created (destination = chatid).
import type { Channel, OutboundMessage, SendResult } from "../../delivery/channel";
import { splitByBytes } from "../split-bytes";
import type { WecomApiClient } from "./api-client";
import { createPartsProgress, sendParts, type PartsProgress } from "./send-parts";
import { renderTemplateCard } from "./template-card";

/** Both text and markdown content are limited to 2048 bytes for app messages. */
const APP_CONTENT_BYTES = 2048;

function body(message: OutboundMessage, content: string): Record<string, unknown> {
  return message.format === "markdown" ? { msgtype: "markdown", markdown: { content } } : { msgtype: "text", text: { content } };
}

export function appMessageChannel(client: WecomApiClient, agentId: number, progress: PartsProgress = createPartsProgress()): Channel {
  return {
    async send(destination, message) {
      const touser = destination.split(/[|,]/).map((u) => u.trim()).filter(Boolean).join("|");
      if (!touser) return { ok: false, retryable: false, error: "no userid to send to" };
      if (message.card) {
        // A card (issue 22): one template_card message; its clicks reach the app callback.
        // https://developer.work.weixin.qq.com/document/path/90236
        const result = await client.post("/cgi-bin/message/send", { touser, agentid: agentId, msgtype: "template_card", template_card: renderTemplateCard(message.card) });
        return result.ok ? { ok: true } : result;
      }
      return sendParts(
        splitByBytes(message.text, APP_CONTENT_BYTES),
        // https://developer.work.weixin.qq.com/document/path/90236
        async (content): Promise<SendResult> => {
          const result = await client.post("/cgi-bin/message/send", {
            touser,
            agentid: agentId,
            ...body(message, content),
            // An outbox retry of content WeCom already accepted is then dropped by WeCom itself
            // (same content to the same user within 30 minutes).
            ...(message.idempotencyKey && { enable_duplicate_check: 1 }),
          });
          if (!result.ok) return result;
          // errcode 0 can still mean "delivered to nobody": every recipient unknown to the app.
          const invalid = String(result.data.invaliduser ?? "").split("|").filter(Boolean);
          if (invalid.length && invalid.length === touser.split("|").length) {
            return { ok: false, retryable: false, code: "invaliduser", error: `not members of the app's visible range: ${invalid.join(", ")}` };
          }
          return { ok: true };
        },
        progress,
        message.idempotencyKey,
      );
    },
  };
}

export function appChatChannel(client: WecomApiClient, progress: PartsProgress = createPartsProgress()): Channel {
  return {
    async send(chatid, message) {
      return sendParts(
        splitByBytes(message.text, APP_CONTENT_BYTES),
        // https://developer.work.weixin.qq.com/document/path/90248
        async (content): Promise<SendResult> => {
          const result = await client.post("/cgi-bin/appchat/send", { chatid, ...body(message, content), safe: 0 });
          return result.ok ? { ok: true } : result;
        },
        progress,
        message.idempotencyKey,
      );
    },
  };
}
