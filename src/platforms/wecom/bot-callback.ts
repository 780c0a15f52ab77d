// GET/POST /wecom/bot — the AI bot's (智能机器人) callback URL, which is how duban hears group
// chats: JSON {"encrypt"} bodies, receiveid "", encrypted JSON stream replies.
// https://developer.work.weixin.qq.com/document/path/101033 (callback encryption)
// https://developer.work.weixin.qq.com/document/path/100719 (message bodies)
import type { RouterMiddleware } from "@koa/router";
import type { WecomBotConfig } from "../../config";
import { splitByBytes } from "../split-bytes";
import { answerMessage, type AnswerDeps } from "./answer-message";
import { signedQuery } from "./callback-query";
import { urlVerification } from "./url-verification";
import { openEnvelope, type EnvelopeKeys, type Freshness } from "./crypto";
import { decodeBotJson } from "./decode";
import { WecomRequestError } from "./errors";
import { botPassiveJson, botPassiveReply } from "./passive-reply";
import { botCardUpdate, renderTemplateCard } from "./template-card";
import type { LateReply } from "./late-reply";
import { readBoundedBody } from "../../http/read-body";

/** A stream reply's content is limited to 20480 bytes. */
const STREAM_CONTENT_BYTES = 20480;

export interface BotCallbackDeps extends AnswerDeps<LateReply> {
  bot: WecomBotConfig;
  freshness: Freshness;
  bodyLimitBytes: number;
}

function encryptedField(raw: string): string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new WecomRequestError("malformed_body", "request body is not JSON");
  }
  const encrypt = body && typeof body === "object" ? (body as { encrypt?: unknown }).encrypt : undefined;
  if (typeof encrypt !== "string" || !encrypt) throw new WecomRequestError("malformed_body", 'request body lacks "encrypt"');
  return encrypt;
}

export function botCallback(deps: BotCallbackDeps): { verify: RouterMiddleware; receive: RouterMiddleware } {
  const keys: EnvelopeKeys = { token: deps.bot.token, encodingAesKey: deps.bot.encodingAesKey, receiveId: "" };
  return {
    verify: urlVerification(keys, deps.freshness),
    async receive(ctx) {
      const signed = signedQuery(ctx.query);
      const encrypt = encryptedField((await readBoundedBody(ctx.req, deps.bodyLimitBytes)).toString("utf8"));
      const plaintext = openEnvelope(keys, { ...signed, encrypt }, deps.freshness);
      const decoded = decodeBotJson(plaintext);
      if (decoded.kind === "ignored") {
        deps.log.debug({ reason: decoded.reason }, "WeCom AI bot callback ignored");
        ctx.type = "text/plain";
        ctx.body = "";
        return;
      }
      const { responseUrl } = decoded;
      const message = decoded.message;
      const body = await answerMessage(deps, message, {
        passive(reply) {
          // A click is answered by updating the card it came from, the only reply WeCom takes to a template_card_event.
          if (message.click) return { body: reply.card ? botPassiveJson(keys, botCardUpdate({ ...reply, card: reply.card }, message.senderId), deps.freshness.now()) : "" };
          const [first = "", ...rest] = splitByBytes(reply.text, STREAM_CONTENT_BYTES);
          return {
            body: botPassiveReply(keys, first, deps.freshness.now(), reply.card && renderTemplateCard(reply.card)),
            ...(rest.length && { rest: { text: rest.join("\n") } }),
          };
        },
        later: (reply) => ({ via: "bot" as const, ...(responseUrl && { responseUrl }), reply }),
      });
      ctx.type = body ? "application/json" : "text/plain";
      ctx.body = body;
    },
  };
}
