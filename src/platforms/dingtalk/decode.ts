// A DingTalk robot message (HTTP callback body, or a Stream CALLBACK frame's data — the same
// JSON) → the neutral InboundMessage, plus where to answer it (the sessionWebhook).
// https://open.dingtalk.com/document/orgapp/receive-message
// Recalls: the robot callback carries messages only; DingTalk does not tell the robot when a
// message is recalled (撤回). Should it, decode it here into InboundMessage.recalledMessageId.
import { z } from "zod";
import type { InboundMessage } from "../message";

export interface SessionTarget {
  /** The conversation's temporary reply URL (valid ~90 min; never used for scheduled pushes). */
  url: string;
  expiresAt?: Date;
}

export interface DecodedMessage {
  message: InboundMessage;
  /** Where a reply goes; absent if DingTalk sent none (then nobody can be answered). */
  session?: SessionTarget;
  /** The sender's staff id when DingTalk gave one: the only id that can be @-mentioned. */
  senderStaffId?: string;
}

export type DecodeResult = { ok: true; value: DecodedMessage } | { ok: false; reason: string };

const id = z.string().trim().min(1);
const millis = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

// Only what we use is checked; DingTalk adds fields over time and they are ignored.
const callbackSchema = z.object({
  msgId: id,
  msgtype: id,
  conversationId: id,
  conversationType: z.enum(["1", "2"]),
  // Documented as optional: absent for people outside the organisation.
  senderStaffId: id.optional(),
  senderId: id.optional(),
  senderNick: z.string().optional(),
  createAt: millis.optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: millis.optional(),
  text: z.object({ content: z.string().optional(), repliedMsg: z.unknown().optional() }).optional(),
  // Non-text types carry their payload here (richText parts, audio recognition, …).
  content: z.unknown().optional(),
});

/**
 * Decodes a parsed callback body. Message types:
 * - `text`: text.content, and text.repliedMsg's text as quotedText (a reply to a reminder);
 * - `richText`: its text parts joined (an official pasting text with a picture);
 * - `audio`: DingTalk's speech recognition (content.recognition), so a spoken report works;
 * - anything else (picture, file, video, …): text "" — the conversation layer decides what to
 *   say (its help), because every sentence a person reads lives in templates/, not here.
 */
export function decodeRobotMessage(body: unknown): DecodeResult {
  const parsed = callbackSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `unexpected message shape${issue ? ` at ${issue.path.join(".") || "(root)"}: ${issue.message}` : ""}` };
  }
  const m = parsed.data;
  const senderId = m.senderStaffId ?? m.senderId;
  if (!senderId) return { ok: false, reason: "unexpected message shape: no senderStaffId or senderId" };
  const group = m.conversationType === "2";
  const quotedText = m.msgtype === "text" ? quotedTextOf(m.text?.repliedMsg) : undefined;

  const message: InboundMessage = {
    platform: "dingtalk",
    messageId: m.msgId,
    // DingTalk names every chat, 1:1 included, by its conversationId; a group's is the
    // openConversationId that groupMessages/send takes.
    chatId: m.conversationId,
    chatType: group ? "group" : "single",
    senderId,
    text: textOf(m.msgtype, m.text?.content, m.content),
    ...(m.senderNick ? { senderName: m.senderNick } : {}),
    ...(quotedText ? { quotedText } : {}),
    ...(m.createAt !== undefined && Number.isFinite(m.createAt) ? { sentAt: new Date(m.createAt) } : {}),
  };
  const session = m.sessionWebhook
    ? {
        url: m.sessionWebhook,
        ...(m.sessionWebhookExpiredTime !== undefined ? { expiresAt: new Date(m.sessionWebhookExpiredTime) } : {}),
      }
    : undefined;
  return {
    ok: true,
    value: { message, ...(session ? { session } : {}), ...(m.senderStaffId ? { senderStaffId: m.senderStaffId } : {}) },
  };
}

function textOf(msgtype: string, textContent: string | undefined, content: unknown): string {
  if (msgtype === "text") return textContent ?? "";
  if (msgtype === "richText") return richTextOf(content) ?? "";
  if (msgtype === "audio" && isRecord(content) && typeof content.recognition === "string") return content.recognition;
  return "";
}

/**
 * The quoted message of a reply. Not in DingTalk's reference; seen in the field as
 * text.repliedMsg.content.text (or .content, or richText parts), sometimes as a JSON string.
 * Read defensively: anything unexpected means "no quote", never a rejected message.
 */
function quotedTextOf(replied: unknown): string | undefined {
  const r = typeof replied === "string" ? parseJson(replied) : replied;
  if (!isRecord(r)) return undefined;
  let c = r.content;
  if (typeof c === "string") {
    const inner = parseJson(c);
    if (isRecord(inner)) c = inner;
  }
  let text: string | undefined;
  if (typeof c === "string") text = c;
  else if (isRecord(c)) {
    if (typeof c.text === "string") text = c.text;
    else if (typeof c.content === "string") text = c.content;
    else text = richTextOf(c);
  }
  return text?.trim() ? text : undefined;
}

function richTextOf(content: unknown): string | undefined {
  if (!isRecord(content) || !Array.isArray(content.richText)) return undefined;
  const parts = content.richText.flatMap((p: unknown) => (isRecord(p) && typeof p.text === "string" ? [p.text] : []));
  return parts.length ? parts.join("") : undefined;
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
