// DingTalk's one signing formula, used in both directions:
//   sign = base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))
// - inbound: the robot callback's `timestamp`/`sign` headers, keyed with the app's AppSecret;
// - outbound: a custom group robot's 加签 (timestamp + sign query parameters), keyed with SEC….
// The signature covers only the timestamp, not the body: a captured (timestamp, sign) pair
// could be replayed with another body within the hour. That is DingTalk's protocol; TLS and the
// one-hour window are what protect it, and http-routes.ts limits what a body can make us do.
import { createHmac, timingSafeEqual } from "node:crypto";

/** DingTalk rejects (and so do we) a timestamp more than one hour away from the real clock. */
export const MAX_CLOCK_SKEW_MS = 60 * 60 * 1000;

// https://open.dingtalk.com/document/orgapp/receive-message (sign = timestamp + "\n" + appSecret)
// https://open.dingtalk.com/document/robots/customize-robot-security-settings (加签, same formula)
export function dingtalkSign(timestamp: string | number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a robot callback's headers. `now` is the real clock (never the DUBAN_NOW business
 * clock): a protocol window has to match DingTalk's clock.
 */
export function verifyCallbackSignature(
  headers: { timestamp?: string | string[]; sign?: string | string[] },
  appSecret: string,
  now: Date,
): SignatureCheck {
  const timestamp = single(headers.timestamp);
  const sign = single(headers.sign);
  if (!timestamp || !sign) return { ok: false, reason: "missing timestamp or sign header" };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: "timestamp header is not milliseconds" };
  if (Math.abs(now.getTime() - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: "timestamp is more than one hour from our clock" };
  }
  if (!safeEqual(sign, dingtalkSign(timestamp, appSecret))) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}

/**
 * A custom robot webhook URL with 加签 parameters added: `timestamp` (ms) and `sign`, which
 * URLSearchParams percent-encodes (base64's + / = must not reach DingTalk raw). A robot without
 * 加签 (keyword or IP security only) is called with the URL as is.
 */
export function signWebhookUrl(webhookUrl: string, secret: string | undefined, now: Date): string {
  if (!secret) return webhookUrl;
  const url = new URL(webhookUrl);
  const timestamp = String(now.getTime());
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("sign", dingtalkSign(timestamp, secret));
  return url.toString();
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time for equal lengths; a length mismatch says nothing secret (a sign is 44 chars). */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
