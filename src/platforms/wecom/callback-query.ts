// The signed query string of every WeCom callback: msg_signature, timestamp, nonce (and
// echostr for the URL check). koa has already URL-decoded the values.
import type { ParsedUrlQuery } from "node:querystring";
import { WecomRequestError } from "./errors";

export function requiredParam(query: ParsedUrlQuery, name: string): string {
  const value = query[name];
  // A repeated parameter is as suspect as a missing one.
  if (typeof value !== "string" || !value) throw new WecomRequestError("missing_params", `query parameter ${name} is required`);
  return value;
}

export function signedQuery(query: ParsedUrlQuery): { signature: string; timestamp: string; nonce: string } {
  return { signature: requiredParam(query, "msg_signature"), timestamp: requiredParam(query, "timestamp"), nonce: requiredParam(query, "nonce") };
}
