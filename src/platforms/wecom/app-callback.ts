// GET/POST /wecom/callback — the self-built app's callback URL (接收消息 → 设置API接收).
// https://developer.work.weixin.qq.com/document/path/90930 (URL verification and messages)
import type { RouterMiddleware } from "@koa/router";
import type { Card } from "../../cards/card";
import type { WecomAppConfig } from "../../config";
import { splitByBytes } from "../split-bytes";
import { answerMessage, type AnswerDeps } from "./answer-message";
import { signedQuery } from "./callback-query";
import { urlVerification } from "./url-verification";
import { openEnvelope, type EnvelopeKeys, type Freshness } from "./crypto";
import { decodeAppXml } from "./decode";
import { WecomRequestError } from "./errors";
import type { LateReply } from "./late-reply";
import { appPassiveReply } from "./passive-reply";
import { readBoundedBody } from "../../http/read-body";
import { parseFlatXml } from "./xml";

/** Passive text replies are limited to 2048 bytes. */
const PASSIVE_TEXT_BYTES = 2048;

export interface AppCallbackDeps extends AnswerDeps<LateReply> {
  app: WecomAppConfig;
  /** Updates a clicked card's buttons to its new state (updateAppCardButton); absent without the app's secret. */
  updateCard?: (u: { userId: string; responseCode: string; state: string }) => Promise<void>;
  /** Sends a reply's card to the member (message/send template_card): a passive reply cannot carry one. */
  sendCard?: (userId: string, card: Card) => Promise<void>;
  freshness: Freshness;
  bodyLimitBytes: number;
}

export function appCallback(deps: AppCallbackDeps): { verify: RouterMiddleware; receive: RouterMiddleware } {
  const keys: EnvelopeKeys = { token: deps.app.token, encodingAesKey: deps.app.encodingAesKey, receiveId: deps.app.corpId };
  return {
    verify: urlVerification(keys, deps.freshness),
    async receive(ctx) {
      const signed = signedQuery(ctx.query);
      const envelope = parseFlatXml((await readBoundedBody(ctx.req, deps.bodyLimitBytes)).toString("utf8"), "request body");
      if (!envelope.Encrypt) throw new WecomRequestError("malformed_body", "request body lacks <Encrypt>");
      const plaintext = openEnvelope(keys, { ...signed, encrypt: envelope.Encrypt }, deps.freshness);
      const decoded = decodeAppXml(plaintext);
      if (decoded.kind === "ignored") {
        deps.log.debug({ reason: decoded.reason }, "WeCom app callback ignored");
        ctx.type = "text/plain";
        ctx.body = "";
        return;
      }
      const { userId, responseCode } = decoded;
      const message = deps.sendCard && !decoded.message.click ? { ...decoded.message, canShowCards: true } : decoded.message;
      const body = await answerMessage(deps, message, {
        passive(reply) {
          // 我的任务 with buttons: the text now, the card as an app message right after it.
          if (reply.card && !message.click && deps.sendCard) void deps.sendCard(userId, reply.card).catch((err) => deps.log.error({ err }, "WeCom card send failed"));
          if (decoded.message.click) {
            // A click: the card's buttons show its new state; the answer goes to the clicker as a message.
            const state = reply.card?.state;
            if (state && responseCode && deps.updateCard) void deps.updateCard({ userId, responseCode, state }).catch((err) => deps.log.error({ err }, "WeCom card update failed"));
            return { body: "", rest: { text: reply.text } };
          }
          const [first = "", ...rest] = splitByBytes(reply.text, PASSIVE_TEXT_BYTES);
          return {
            body: appPassiveReply(keys, { userId, corpId: deps.app.corpId }, first, deps.freshness.now()),
            ...(rest.length && { rest: { text: rest.join("\n") } }),
          };
        },
        later: (reply) => ({ via: "app" as const, userId, reply }),
      });
      ctx.type = body ? "application/xml" : "text/plain";
      ctx.body = body;
    },
  };
}
