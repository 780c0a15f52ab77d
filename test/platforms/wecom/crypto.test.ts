import { describe, expect, it } from "vitest";
import { openEnvelope, sealEnvelope } from "../../../src/platforms/wecom/crypto";
import { WecomRequestError } from "../../../src/platforms/wecom/errors";
import { signatureMatches } from "../../../src/platforms/wecom/signature";
import { signCiphertext, signedCallback } from "../../fakes/wecom-callback";
import { appKeys, botKeys, SAMPLE } from "./keys";

const sampleKeys = { token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, receiveId: SAMPLE.corpId };
const atSampleTime = { now: () => new Date(Number(SAMPLE.verify.timestamp) * 1000 + 1000), maxSkewMs: 300_000 };
const realClock = { now: () => new Date(), maxSkewMs: 300_000 };
const sampleInput = { signature: SAMPLE.verify.msg_signature, timestamp: SAMPLE.verify.timestamp, nonce: SAMPLE.verify.nonce, encrypt: SAMPLE.verify.echostr };

function rejection(fn: () => unknown): { code: string; status: number } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WecomRequestError);
    const err = e as WecomRequestError;
    return { code: err.code, status: err.status };
  }
  throw new Error("expected a rejection");
}

describe("openEnvelope with Tencent's sample vector", () => {
  it("verifies and decrypts the published echostr", () => {
    expect(openEnvelope(sampleKeys, sampleInput, atSampleTime)).toBe(SAMPLE.echoPlaintext);
  });

  it("rejects it as stale on the real clock: the sample timestamp is from 2014", () => {
    expect(rejection(() => openEnvelope(sampleKeys, sampleInput, realClock))).toEqual({ code: "stale_timestamp", status: 401 });
  });

  it("rejects a signature off by one digit, an empty one, and a wrong token", () => {
    const flipped = SAMPLE.verify.msg_signature.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
    expect(rejection(() => openEnvelope(sampleKeys, { ...sampleInput, signature: flipped }, atSampleTime)).code).toBe("bad_signature");
    expect(rejection(() => openEnvelope(sampleKeys, { ...sampleInput, signature: "x" }, atSampleTime)).code).toBe("bad_signature");
    expect(rejection(() => openEnvelope({ ...sampleKeys, token: "other" }, sampleInput, atSampleTime)).code).toBe("bad_signature");
  });

  it("rejects the right envelope opened for another corp (receiveid check)", () => {
    expect(rejection(() => openEnvelope({ ...sampleKeys, receiveId: "ww-other" }, sampleInput, atSampleTime))).toEqual({
      code: "wrong_receiver",
      status: 403,
    });
  });
});

describe("openEnvelope with our own keys", () => {
  it("round-trips what sealEnvelope produced", () => {
    const sealed = sealEnvelope(appKeys, "<xml>你好</xml>", new Date());
    expect(openEnvelope(appKeys, sealed, realClock)).toBe("<xml>你好</xml>");
    const botSealed = sealEnvelope(botKeys, '{"a":1}', new Date());
    expect(openEnvelope(botKeys, botSealed, realClock)).toBe('{"a":1}');
  });

  it("accepts WeCom's own encryption within the clock window and rejects it outside", () => {
    const now = Math.floor(Date.now() / 1000);
    const cb = signedCallback(appKeys, "hello", { timestamp: now - 200 });
    expect(openEnvelope(appKeys, { ...cb, encrypt: cb.ciphertext }, realClock)).toBe("hello");
    const old = signedCallback(appKeys, "hello", { timestamp: now - 400 });
    expect(rejection(() => openEnvelope(appKeys, { ...old, encrypt: old.ciphertext }, realClock)).code).toBe("stale_timestamp");
    expect(openEnvelope(appKeys, { ...old, encrypt: old.ciphertext }, { ...realClock, maxSkewMs: Infinity })).toBe("hello");
  });

  it("rejects an AI bot envelope addressed to a corp, and an app envelope addressed to the bot", () => {
    const forCorp = signedCallback(botKeys, "{}", { receiveId: "ww0000000000000001" });
    expect(rejection(() => openEnvelope(botKeys, { ...forCorp, encrypt: forCorp.ciphertext }, realClock)).code).toBe("wrong_receiver");
    const forBot = signedCallback(appKeys, "<xml/>", { receiveId: "" });
    expect(rejection(() => openEnvelope(appKeys, { ...forBot, encrypt: forBot.ciphertext }, realClock)).code).toBe("wrong_receiver");
  });

  it("rejects correctly signed ciphertext that does not decrypt", () => {
    for (const garbage of ["bm90IGEgY2lwaGVydGV4dA==", "!!!!", Buffer.alloc(48, 7).toString("base64")]) {
      const cb = signCiphertext(appKeys.token, garbage);
      const r = rejection(() => openEnvelope(appKeys, { ...cb, encrypt: garbage }, realClock));
      expect(["undecryptable", "wrong_receiver"]).toContain(r.code);
      expect(r.status).toBeLessThan(500);
    }
  });

  it("rejects missing or odd parameters before looking at the signature", () => {
    const cb = signedCallback(appKeys, "x");
    for (const bad of [{ timestamp: "" }, { timestamp: "12a" }, { nonce: "" }, { nonce: "n".repeat(65) }, { encrypt: "" }]) {
      expect(rejection(() => openEnvelope(appKeys, { ...cb, encrypt: cb.ciphertext, ...bad }, realClock)).code).toBe("missing_params");
    }
  });
});


describe("signatureMatches", () => {
  it("accepts the sample signature in either case and never throws on odd lengths", () => {
    const { timestamp, nonce, echostr, msg_signature } = SAMPLE.verify;
    expect(signatureMatches(SAMPLE.token, timestamp, nonce, echostr, msg_signature)).toBe(true);
    expect(signatureMatches(SAMPLE.token, timestamp, nonce, echostr, msg_signature.toUpperCase())).toBe(true);
    for (const odd of ["", "a", msg_signature + "0", "é".repeat(20)]) {
      expect(signatureMatches(SAMPLE.token, timestamp, nonce, echostr, odd)).toBe(false);
    }
  });
});
