// Late replies (not ready within WeCom's 5-second callback budget) through the outbox, so they
// get the same retries, rate limits and delivery log as every other outgoing message:
// the app's to the member ("wecom-user:<userid>", message/send), the AI bot's to the
// callback's response_url ("wecom-response:<url>", usable once within an hour), and on the
// long connection by proactive send to the chat ("wecom-bot:<chatid>").
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client";
import type { Channel } from "../../delivery/channel";
import { enqueue } from "../../delivery/outbox";
import { postToResponseUrl } from "./response-url";
import type { Reply } from "../message";
import type { SendLater } from "./late-reply";

export function outboxSendLater(db: Db, kick: () => void): SendLater {
  return async (late) => {
    const destination = late.via === "app" ? `wecom-user:${late.userId}` : late.responseUrl ? `wecom-response:${late.responseUrl}` : undefined;
    if (!destination) return;
    await enqueue(db, [
      {
        key: `reply:wecom:${randomUUID()}`,
        platform: "wecom",
        destination,
        subject: late.via === "app" ? late.userId : "AI bot reply",
        message: { text: late.reply.text, format: late.via === "app" ? "text" : "markdown", mentions: late.reply.mentions },
      },
    ]);
    kick();
  };
}

export function outboxBotSendLater(db: Db, kick: () => void): (late: { chatId: string; reply: Reply }) => Promise<void> {
  return async (late) => {
    await enqueue(db, [
      {
        key: `reply:wecom:${randomUUID()}`,
        platform: "wecom",
        destination: `wecom-bot:${late.chatId}`,
        subject: "AI bot reply",
        message: { text: late.reply.text, format: "markdown", mentions: late.reply.mentions },
      },
    ]);
    kick();
  };
}

/** The response_url as a Channel (target = the URL). */
export const responseUrlChannel: Channel = {
  send: (url, message) => postToResponseUrl(url, message.text),
};
