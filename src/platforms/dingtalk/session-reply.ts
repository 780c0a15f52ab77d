// Answers one message through the sessionWebhook DingTalk put on it: markdown, the sender
// @-mentioned in groups. Only for answering a message within its ~90 minutes; scheduled pushes
// go through custom-robot.ts or app-robot-channel.ts.
// https://open.dingtalk.com/document/orgapp/robot-reply-and-send-messages
import type { SendResult } from "../../delivery/channel";
import type { Reply } from "../message";
import type { DecodedMessage } from "./decode";
import { postRobotMessage, type PostDeps } from "./post-robot-message";
import { renderRobotMessages } from "./render";

export interface SessionReplyDeps extends PostDeps {
  /**
   * Origins a sessionWebhook may point at: DingTalk's own, and those of DINGTALK_OAPI_BASE and
   * DINGTALK_API_BASE (a proxy, or the fake in tests).
   * The URL comes in the message body, and DingTalk's signature does not cover the body (see
   * verify.ts): without this check a replayed signature with a made-up body could make us POST
   * to any address (SSRF). No token is sent with the reply, so nothing leaks either way.
   */
  allowedOrigins: ReadonlySet<string>;
  now: () => Date;
}

export async function replyBySession(decoded: DecodedMessage, reply: Reply, deps: SessionReplyDeps): Promise<SendResult> {
  const { session, message, senderStaffId } = decoded;
  if (!session) return { ok: false, retryable: false, error: "message has no sessionWebhook" };
  let origin: string;
  try {
    origin = new URL(session.url).origin;
  } catch {
    return { ok: false, retryable: false, error: "sessionWebhook is not a URL" };
  }
  if (!deps.allowedOrigins.has(origin)) return { ok: false, retryable: false, error: `sessionWebhook origin ${origin} is not DingTalk's` };
  if (session.expiresAt && session.expiresAt.getTime() <= deps.now().getTime()) {
    return { ok: false, retryable: false, error: "sessionWebhook expired" };
  }
  const mentions = [...(message.chatType === "group" && senderStaffId ? [senderStaffId] : []), ...(reply.mentions ?? [])];
  const bodies = renderRobotMessages({ text: reply.text, format: "markdown", mentions: [...new Set(mentions)] });
  for (const body of bodies) {
    const r = await postRobotMessage(session.url, body, deps);
    if (!r.ok) return r;
  }
  return { ok: true };
}

/** DingTalk's origins plus those of the configured bases (scheme, host and port, as URL.origin gives them). */
export function dingtalkOrigins(...bases: string[]): Set<string> {
  return new Set(["https://oapi.dingtalk.com", "https://api.dingtalk.com", ...bases.map((b) => new URL(b).origin)]);
}
