// Passive replies: the answer written into the callback's own HTTP response, encrypted and
// signed like the request. Built here so the routes only decide *whether* to reply.
// https://developer.work.weixin.qq.com/document/path/90241 (app passive reply XML)
// https://developer.work.weixin.qq.com/document/path/101031 (AI bot stream reply)
import { randomUUID } from "node:crypto";
import { sealEnvelope, type EnvelopeKeys } from "./crypto";
import { buildFlatXml } from "./xml";

/** App text reply to one member, wrapped as <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>. */
export function appPassiveReply(keys: EnvelopeKeys, to: { userId: string; corpId: string }, text: string, now: Date): string {
  const plaintext = buildFlatXml({
    ToUserName: to.userId,
    FromUserName: to.corpId,
    CreateTime: Math.floor(now.getTime() / 1000),
    MsgType: "text",
    Content: text,
  });
  const sealed = sealEnvelope(keys, plaintext, now);
  return buildFlatXml({
    Encrypt: sealed.encrypt,
    MsgSignature: sealed.signature,
    TimeStamp: Number(sealed.timestamp),
    Nonce: sealed.nonce,
  });
}

/**
 * AI bot reply as one finished stream: finish=true says there is nothing more to poll for,
 * so WeCom sends no stream-refresh callbacks.
 */
export function botPassiveReply(keys: EnvelopeKeys, text: string, now: Date, templateCard?: Record<string, unknown>): string {
  const stream = { id: randomUUID(), finish: true, content: text };
  // With a card (issue 22): the text and the card in one reply [101031, 流式消息+模板卡片回复].
  return botPassiveJson(keys, templateCard ? { msgtype: "stream_with_template_card", stream, template_card: templateCard } : { msgtype: "stream", stream }, now);
}

/** Any AI bot reply body (a stream, a card update), encrypted and signed. */
export function botPassiveJson(keys: EnvelopeKeys, body: unknown, now: Date): string {
  const sealed = sealEnvelope(keys, JSON.stringify(body), now);
  return JSON.stringify({ encrypt: sealed.encrypt, msgsignature: sealed.signature, timestamp: Number(sealed.timestamp), nonce: sealed.nonce });
}
