// WeCom's side of a callback, for tests: encrypts and signs a plaintext the way WeCom does, and
// checks and opens the encrypted replies duban writes back. Uses @wecom/crypto directly, not
// duban's own crypto module, so a mistake there cannot cancel itself out here.
import { createHash, randomBytes } from "node:crypto";
import { decrypt, encrypt } from "@wecom/crypto";
import { XMLParser } from "fast-xml-parser";

export interface CallbackKeys {
  token: string;
  encodingAesKey: string;
  receiveId: string;
}

export function sign(token: string, timestamp: string, nonce: string, ciphertext: string): string {
  return createHash("sha1").update([token, timestamp, nonce, ciphertext].sort().join("")).digest("hex");
}

export interface SignedCallback {
  /** Query string: msg_signature, timestamp, nonce. */
  query: string;
  ciphertext: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

export function signedCallback(keys: CallbackKeys, plaintext: string, opts: { timestamp?: number; nonce?: string; receiveId?: string } = {}): SignedCallback {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const ciphertext = encrypt(keys.encodingAesKey, plaintext, opts.receiveId ?? keys.receiveId);
  return signCiphertext(keys.token, ciphertext, timestamp, nonce);
}

/** Signs an arbitrary ciphertext (which may be garbage) with the right token. */
export function signCiphertext(token: string, ciphertext: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = "1372623149"): SignedCallback {
  const signature = sign(token, timestamp, nonce, ciphertext);
  const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString();
  return { query, ciphertext, timestamp, nonce, signature };
}

export const appBody = (ciphertext: string, corpId = "ww0000000000000001", agentId = "1000002") =>
  `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><AgentID><![CDATA[${agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;

export const botBody = (ciphertext: string) => JSON.stringify({ encrypt: ciphertext });

const xml = new XMLParser({ parseTagValue: false });

/** Checks the signature of an app passive reply and returns its decrypted fields. */
export function openAppReply(keys: CallbackKeys, body: string): Record<string, string> {
  const outer = xml.parse(body).xml as Record<string, string>;
  if (sign(keys.token, String(outer.TimeStamp), String(outer.Nonce), String(outer.Encrypt)) !== outer.MsgSignature) throw new Error("reply signature does not verify");
  const opened = decrypt(keys.encodingAesKey, String(outer.Encrypt));
  if (opened.id !== keys.receiveId) throw new Error(`reply receiveid ${opened.id}`);
  return xml.parse(opened.message).xml as Record<string, string>;
}

/** Checks the signature of an AI bot passive reply and returns its decrypted JSON. */
export function openBotReply(keys: CallbackKeys, body: string): any {
  const outer = JSON.parse(body) as { encrypt: string; msgsignature: string; timestamp: number; nonce: string };
  if (sign(keys.token, String(outer.timestamp), outer.nonce, outer.encrypt) !== outer.msgsignature) throw new Error("reply signature does not verify");
  const opened = decrypt(keys.encodingAesKey, outer.encrypt);
  if (opened.id !== "") throw new Error(`reply receiveid ${opened.id}`);
  return JSON.parse(opened.message);
}

/** The app's click event on a template card, as WeCom sends it (decrypted XML) [90240]. */
export function appCardEvent(o: { corpId: string; agentId: number; from: string; taskId: string; key: string; responseCode: string; createTime?: number }): string {
  return (
    `<xml><ToUserName><![CDATA[${o.corpId}]]></ToUserName><FromUserName><![CDATA[${o.from}]]></FromUserName>` +
    `<CreateTime>${o.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${o.key}]]></EventKey><TaskId><![CDATA[${o.taskId}]]></TaskId>` +
    `<CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${o.responseCode}]]></ResponseCode>` +
    `<AgentID>${o.agentId}</AgentID></xml>`
  );
}

/** The AI bot's click event (decrypted JSON) [101027]: a new msgid for every click. */
export function botCardEvent(o: { from: string; taskId: string; key: string; chatid?: string; msgid?: string }): string {
  return JSON.stringify({
    msgid: o.msgid ?? `evt-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    create_time: Math.floor(Date.now() / 1000),
    aibotid: "AIBOTID",
    ...(o.chatid ? { chatid: o.chatid, chattype: "group" } : { chattype: "single" }),
    from: { userid: o.from },
    msgtype: "event",
    event: { eventtype: "template_card_event", template_card_event: { card_type: "button_interaction", event_key: o.key, task_id: o.taskId } },
  });
}
