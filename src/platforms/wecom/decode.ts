// Vendor payload → the neutral InboundMessage. Two shapes reach us: the self-built app's
// decrypted XML, and the AI bot's JSON (the same body over the callback and the long connection).
// https://developer.work.weixin.qq.com/document/path/90239 (app messages)
// https://developer.work.weixin.qq.com/document/path/90240 (app events)
// https://developer.work.weixin.qq.com/document/path/100719 (AI bot messages)
// Recalls: neither callback tells us when a member recalls (撤回) a message — the AI bot's
// events are enter_chat, template_card_event and feedback_event [101031]. Should one appear,
// decode it here into InboundMessage.recalledMessageId; the conversation withdraws the rest.
import { z } from "zod";
import type { InboundMessage } from "../message";
import { WecomRequestError } from "./errors";
import { botCardEvent, clickMessage, clickOf } from "./template-card";
import { parseFlatXml } from "./xml";

export type Decoded<Extra> = ({ kind: "message"; message: InboundMessage } & Extra) | { kind: "ignored"; reason: string };

/** App callbacks: text and transcribed voice messages, and menu clicks (their EventKey is the command). */
export function decodeAppXml(xml: string): Decoded<{ userId: string; responseCode?: string }> {
  const f = parseFlatXml(xml, "decrypted message");
  const userId = f.FromUserName;
  const createTime = f.CreateTime;
  if (!userId || !createTime || !/^\d+$/.test(createTime) || !f.MsgType) {
    throw new WecomRequestError("malformed_body", "decrypted message lacks FromUserName, CreateTime or MsgType");
  }
  const sentAt = new Date(Number(createTime) * 1000);
  const base = { platform: "wecom" as const, chatId: userId, chatType: "single" as const, senderId: userId, sentAt };
  const message = (messageId: string | undefined, text: string | undefined) => {
    if (!messageId) throw new WecomRequestError("malformed_body", "decrypted message lacks MsgId");
    return { kind: "message" as const, userId, message: { ...base, messageId, text: text ?? "" } };
  };
  switch (f.MsgType) {
    case "text":
      return message(f.MsgId, f.Content);
    case "voice":
      // Present only when the app has 语音识别 turned on.
      return f.Recognition ? message(f.MsgId, f.Recognition) : { kind: "ignored", reason: "voice without recognition" };
    case "event":
      // Events carry no MsgId; WeCom's own advice is to deduplicate them by sender + CreateTime.
      if (f.Event === "click" && f.EventKey) return message(`event:${userId}:${createTime}`, f.EventKey);
      // A button on one of duban's cards [90240]: TaskId is the card, EventKey the button;
      // ResponseCode lets the card be updated once (update_template_card).
      if (f.Event === "template_card_event") {
        const click = clickOf(f.TaskId, f.EventKey);
        if (!click) return { kind: "ignored", reason: "template_card_event of no duban button" };
        return { kind: "message", userId, ...(f.ResponseCode ? { responseCode: f.ResponseCode } : {}), message: clickMessage(click, base) };
      }
      return { kind: "ignored", reason: `event ${f.Event ?? "?"}` };
    default:
      return { kind: "ignored", reason: `msgtype ${f.MsgType}` };
  }
}

const textOf = z.object({ content: z.string() }).partial();
const mixedOf = z.object({ msg_item: z.array(z.object({ msgtype: z.string(), text: textOf.optional() }).loose()) }).partial();
const botBody = z
  .object({
    msgid: z.union([z.string().min(1), z.number()]).transform(String),
    chattype: z.enum(["single", "group"]),
    chatid: z.string().min(1).optional(),
    from: z.object({ userid: z.string().min(1) }).loose(),
    msgtype: z.string(),
    create_time: z.number().optional(),
    response_url: z.string().optional(),
    text: textOf.optional(),
    voice: textOf.optional(),
    mixed: mixedOf.optional(),
    quote: z
      .object({ msgtype: z.string(), text: textOf.optional(), voice: textOf.optional(), mixed: mixedOf.optional() })
      .loose()
      .optional(),
  })
  .loose();

type TextParts = { msgtype: string; text?: { content?: string }; voice?: { content?: string }; mixed?: z.infer<typeof mixedOf> };

function plainText(m: TextParts): string | undefined {
  if (m.msgtype === "text") return m.text?.content;
  if (m.msgtype === "voice") return m.voice?.content;
  if (m.msgtype === "mixed") {
    const texts = (m.mixed?.msg_item ?? []).flatMap((i) => (i.msgtype === "text" && i.text?.content ? [i.text.content] : []));
    return texts.length ? texts.join("\n") : undefined;
  }
  return undefined;
}

/** AI bot message body (already parsed JSON), from the callback or a long-connection frame. */
export function decodeBotMessage(payload: unknown): Decoded<{ responseUrl?: string }> {
  const card = decodeBotCardClick(payload);
  if (card) return card;
  const parsed = botBody.safeParse(payload);
  if (!parsed.success) {
    const probe = payload as { msgtype?: unknown } | null;
    // Events and stream-refresh polls have other shapes; they are not messages to answer.
    if (probe && typeof probe === "object" && (probe.msgtype === "event" || probe.msgtype === "stream")) {
      return { kind: "ignored", reason: `msgtype ${probe.msgtype}` };
    }
    throw new WecomRequestError("malformed_body", "decrypted AI bot message lacks msgid, chattype or from.userid");
  }
  const b = parsed.data;
  const text = plainText(b);
  if (text === undefined) return { kind: "ignored", reason: `msgtype ${b.msgtype}` };
  if (b.chattype === "group" && !b.chatid) throw new WecomRequestError("malformed_body", "group message without chatid");
  const quotedText = b.quote ? plainText(b.quote) : undefined;
  const message: InboundMessage = {
    platform: "wecom",
    // The AI bot can answer with a template card, in a group or 1:1 (issue 22).
    canShowCards: true,
    messageId: b.msgid,
    chatId: b.chattype === "group" ? b.chatid! : b.from.userid,
    chatType: b.chattype,
    senderId: b.from.userid,
    text,
    ...(quotedText !== undefined && { quotedText }),
    // Seconds in the samples; accept milliseconds too rather than date a message in 1970.
    ...(b.create_time !== undefined && { sentAt: new Date(b.create_time > 1e12 ? b.create_time : b.create_time * 1000) }),
  };
  return { kind: "message", message, ...(b.response_url && { responseUrl: b.response_url }) };
}

/** The AI bot callback's decrypted JSON text. */
export function decodeBotJson(json: string): Decoded<{ responseUrl?: string }> {
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw new WecomRequestError("malformed_body", "decrypted AI bot message is not JSON");
  }
  return decodeBotMessage(payload);
}

const botEvent = z
  .object({
    chattype: z.enum(["single", "group"]).optional(),
    chatid: z.string().min(1).optional(),
    from: z.object({ userid: z.string().min(1) }).loose(),
    msgtype: z.literal("event"),
    create_time: z.number().optional(),
    event: z.unknown(),
  })
  .loose();

/** A click on a card duban sent (template_card_event [101027]), else null. */
function decodeBotCardClick(payload: unknown): Decoded<{ responseUrl?: string }> | null {
  const parsed = botEvent.safeParse(payload);
  if (!parsed.success) return null;
  const e = botCardEvent(parsed.data.event);
  if (!e) return null;
  const click = clickOf(e.taskId, e.eventKey);
  if (!click) return { kind: "ignored", reason: "template_card_event of no duban button" };
  const b = parsed.data;
  const group = b.chattype === "group" && b.chatid;
  return {
    kind: "message",
    message: clickMessage(click, {
      platform: "wecom",
      chatId: group ? b.chatid! : b.from.userid,
      chatType: group ? "group" : "single",
      senderId: b.from.userid,
      ...(b.create_time !== undefined && { sentAt: new Date(b.create_time > 1e12 ? b.create_time : b.create_time * 1000) }),
    }),
  };
}
