import { describe, expect, it } from "vitest";
import { dingtalkSign, signWebhookUrl, verifyCallbackSignature } from "../../../src/platforms/dingtalk/verify";

// DingTalk's published example (protocols.md; the receive-message and 加签 docs use it).
const TIMESTAMP = "1577262236757";
const SECRET = "this is a secret";
const SIGN = "DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=";
const AT = new Date(Number(TIMESTAMP));

describe("dingtalkSign", () => {
  it("matches the published example", () => {
    expect(dingtalkSign(TIMESTAMP, SECRET)).toBe(SIGN);
    expect(dingtalkSign(Number(TIMESTAMP), SECRET)).toBe(SIGN);
  });
});

describe("verifyCallbackSignature", () => {
  it("accepts the published example at its own time and up to an hour either side", () => {
    expect(verifyCallbackSignature({ timestamp: TIMESTAMP, sign: SIGN }, SECRET, AT)).toEqual({ ok: true });
    expect(verifyCallbackSignature({ timestamp: TIMESTAMP, sign: SIGN }, SECRET, new Date(AT.getTime() + 3_600_000)).ok).toBe(true);
    expect(verifyCallbackSignature({ timestamp: TIMESTAMP, sign: SIGN }, SECRET, new Date(AT.getTime() - 3_600_000)).ok).toBe(true);
  });

  it("refuses a timestamp more than an hour away, either way", () => {
    for (const skew of [3_600_001, -3_600_001]) {
      const r = verifyCallbackSignature({ timestamp: TIMESTAMP, sign: SIGN }, SECRET, new Date(AT.getTime() + skew));
      expect(r).toEqual({ ok: false, reason: expect.stringContaining("one hour") });
    }
  });

  it("refuses missing headers, a non-numeric timestamp, a wrong sign and another secret", () => {
    const bad = [
      verifyCallbackSignature({}, SECRET, AT),
      verifyCallbackSignature({ timestamp: TIMESTAMP }, SECRET, AT),
      verifyCallbackSignature({ sign: SIGN }, SECRET, AT),
      verifyCallbackSignature({ timestamp: "1577262236757.0", sign: SIGN }, SECRET, AT),
      verifyCallbackSignature({ timestamp: TIMESTAMP, sign: SIGN.replace("D", "E") }, SECRET, AT),
      verifyCallbackSignature({ timestamp: TIMESTAMP, sign: "short" }, SECRET, AT),
      verifyCallbackSignature({ timestamp: TIMESTAMP, sign: SIGN }, "another secret", AT),
    ];
    for (const r of bad) expect(r.ok).toBe(false);
  });

  it("takes the first value of a repeated header", () => {
    expect(verifyCallbackSignature({ timestamp: [TIMESTAMP, "1"], sign: [SIGN] }, SECRET, AT).ok).toBe(true);
  });
});

describe("signWebhookUrl", () => {
  it("adds timestamp and the percent-encoded sign, keeping access_token", () => {
    const url = signWebhookUrl("https://oapi.dingtalk.com/robot/send?access_token=abc123", SECRET, AT);
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=${TIMESTAMP}&sign=DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA%3D`);
    expect(new URL(url).searchParams.get("sign")).toBe(SIGN);
  });

  it("encodes + and / so DingTalk does not read them as space or path", () => {
    // Find a timestamp whose signature contains + or /, and check the round trip.
    let t = Number(TIMESTAMP);
    while (!/[+/]/.test(dingtalkSign(t, SECRET))) t += 1;
    const url = signWebhookUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", SECRET, new Date(t));
    expect(url).not.toMatch(/sign=[^&]*[+/]/);
    expect(new URL(url).searchParams.get("sign")).toBe(dingtalkSign(t, SECRET));
  });

  it("leaves the URL alone for a robot without 加签", () => {
    expect(signWebhookUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", undefined, AT)).toBe("https://oapi.dingtalk.com/robot/send?access_token=abc");
  });
});
