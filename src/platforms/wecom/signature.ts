// The callback signature: sha1 over the sorted token, timestamp, nonce and ciphertext.
// https://developer.work.weixin.qq.com/document/path/90968
import { timingSafeEqual } from "node:crypto";
import { getSignature } from "@wecom/crypto";

export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return getSignature(token, timestamp, nonce, encrypt);
}

/**
 * Compares in constant time, so a forger cannot learn the signature byte by byte from response
 * times. Lengths are public (always 40 hex digits), so an unequal length may return early.
 */
export function signatureMatches(token: string, timestamp: string, nonce: string, encrypt: string, given: string): boolean {
  const expected = Buffer.from(computeSignature(token, timestamp, nonce, encrypt), "utf8");
  const actual = Buffer.from(given.toLowerCase(), "utf8");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
