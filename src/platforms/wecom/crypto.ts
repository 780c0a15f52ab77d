// Opening and sealing WeCom's encrypted callback envelopes (self-built app and AI bot alike):
// check the signature, the timestamp's freshness, decrypt, and check the receiveid — CorpID
// for the app, "" for the AI bot. @wecom/crypto checks neither signature nor receiveid.
// https://developer.work.weixin.qq.com/document/path/90968
// https://developer.work.weixin.qq.com/document/path/101033
import { randomInt } from "node:crypto";
import { decrypt, encrypt } from "@wecom/crypto";
import { WecomRequestError } from "./errors";
import { computeSignature, signatureMatches } from "./signature";

export interface EnvelopeKeys {
  token: string;
  encodingAesKey: string;
  /** CorpID for a self-built app; "" for the AI bot. */
  receiveId: string;
}

export interface SignedCiphertext {
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
}

export interface Freshness {
  now: () => Date;
  /** How far the request's timestamp may be from `now`; Infinity turns the check off. */
  maxSkewMs: number;
}

export interface SealedEnvelope {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Verifies and decrypts; throws WecomRequestError (4xx) for anything forged, stale or broken. */
export function openEnvelope(keys: EnvelopeKeys, input: SignedCiphertext, freshness: Freshness): string {
  if (!/^\d{1,12}$/.test(input.timestamp) || !input.nonce || input.nonce.length > 64 || !input.encrypt) {
    throw new WecomRequestError("missing_params", "timestamp (digits), nonce and ciphertext are required");
  }
  // The signature first: nothing else is looked at until the sender has proved it knows the token.
  if (!signatureMatches(keys.token, input.timestamp, input.nonce, input.encrypt, input.signature)) {
    throw new WecomRequestError("bad_signature", "msg_signature does not match: check the Token configured for this callback URL");
  }
  const skew = Math.abs(freshness.now().getTime() - Number(input.timestamp) * 1000);
  if (skew > freshness.maxSkewMs) {
    throw new WecomRequestError("stale_timestamp", "timestamp too far from the server clock: replayed request or wrong server time");
  }
  let opened: { message: string; id: string };
  try {
    // AES-256-CBC, key and IV from the EncodingAESKey (https://developer.work.weixin.qq.com/document/path/90968)
    opened = decrypt(keys.encodingAesKey, input.encrypt);
  } catch (cause) {
    throw new WecomRequestError("undecryptable", "ciphertext cannot be decrypted: check the EncodingAESKey", cause);
  }
  if (opened.id !== keys.receiveId) {
    throw new WecomRequestError("wrong_receiver", "message is addressed to another receiver (receiveid mismatch): check the CorpID");
  }
  return opened.message;
}

/** Encrypts a passive reply and signs it with a fresh nonce and the current time. */
export function sealEnvelope(keys: EnvelopeKeys, plaintext: string, now: Date): SealedEnvelope {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  // A 40-bit random number, as before from randomBytes(5); randomInt draws from a pooled buffer
  // (one system call per many replies instead of one each: ~4% of a read's CPU).
  const nonce = String(randomInt(2 ** 40));
  const ciphertext = encrypt(keys.encodingAesKey, plaintext, keys.receiveId);
  return { encrypt: ciphertext, signature: computeSignature(keys.token, timestamp, nonce, ciphertext), timestamp, nonce };
}
