// The internal app's robot as a delivery Channel: a push into a group the robot is in (by its
// openConversationId — the conversationId DingTalk puts on that group's messages, i.e. the
// chatId a group was bound with) or into a person's 1:1 chat with the robot.
// Like every scheduled push it never uses a sessionWebhook (it expires ~90 minutes after the
// message that carried it).
import type { Channel, OutboundMessage, SendResult } from "../../delivery/channel";
import type { DingtalkApiClient } from "./api-client";
import { createAndDeliverCard } from "./interactive-card";
import { MARKDOWN_PART_MAX_BYTES, markdownTitle, parseMentions, splitMarkdown } from "./render";

/**
 * Destinations: "group:<openConversationId>" or "user:<staffId>". One user per destination, so
 * a retry never repeats a message to people who already have it. The API's markdown cannot @
 * anyone; mentions are written into the text ("@id") so the reader still sees who is meant.
 */
export function createAppRobotChannel(client: DingtalkApiClient, opts: { cardTemplateId?: string } = {}): Channel {
  return {
    async send(destination: string, message: OutboundMessage): Promise<SendResult> {
      // A card (issue 22) where the operator made the card template; else the text below.
      if (message.card && opts.cardTemplateId) return createAndDeliverCard(client, opts.cardTemplateId, destination, message.card);
      const m = /^(group|user):(.+)$/s.exec(destination);
      if (!m) return { ok: false, retryable: false, error: 'destination must be "group:<openConversationId>" or "user:<staffId>"' };
      const kind = m[1];
      const id = m[2]!;
      const { userIds, mobiles } = parseMentions(message.mentions);
      const tags = [...userIds, ...mobiles].map((x) => `@${x}`).join(" ");
      const text = tags ? `${tags} ${message.text}` : message.text;
      const title = markdownTitle(message.text);
      let receipt: string | undefined;
      for (const part of splitMarkdown(text, MARKDOWN_PART_MAX_BYTES)) {
        if (kind === "group") {
          const r = await client.sendGroupMarkdown(id, { title, text: part });
          if (!r.ok) return r;
          continue;
        }
        const r = await client.sendUsersMarkdown([id], { title, text: part });
        if (!r.ok) return r;
        if (r.data.invalidUserIds.length) return { ok: false, retryable: false, code: "invalidStaffId", error: `DingTalk does not know user ${id}` };
        if (r.data.flowControlledUserIds.length) return { ok: false, retryable: true, code: "flowControlled", error: `DingTalk throttled messages to ${id}` };
        // The first part's key: the message is read once its opening is.
        receipt ??= r.data.processQueryKeys[0];
      }
      return receipt ? { ok: true, receipt } : { ok: true };
    },
  };
}
