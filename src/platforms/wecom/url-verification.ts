// URL verification, the same for the self-built app and the AI bot: the admin console sends
// an encrypted echostr and expects its plaintext back as the bare body (no quotes, BOM or
// newline). https://developer.work.weixin.qq.com/document/path/90968
import type { RouterMiddleware } from "@koa/router";
import { requiredParam, signedQuery } from "./callback-query";
import { openEnvelope, type EnvelopeKeys, type Freshness } from "./crypto";

export function urlVerification(keys: EnvelopeKeys, freshness: Freshness): RouterMiddleware {
  return async (ctx) => {
    const signed = signedQuery(ctx.query);
    const plaintext = openEnvelope(keys, { ...signed, encrypt: requiredParam(ctx.query, "echostr") }, freshness);
    ctx.type = "text/plain";
    ctx.body = plaintext;
  };
}
