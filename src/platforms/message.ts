// The neutral message: what every platform adapter turns its vendor payload into, and the
// reply the conversation layer hands back. Nothing here knows WeCom or DingTalk.
import type { Card, CardClick } from "../cards/card";
import type { Platform } from "../directory/members";

export type { Platform };

export interface InboundMessage {
  platform: Platform;
  /** The platform's own id for this message; redeliveries carry the same one. */
  messageId: string;
  /**
   * The chat: a group's id (WeCom chatid / DingTalk conversationId); for 1:1, the platform's
   * id of that conversation where it has one (DingTalk), else the sender's id (WeCom).
   */
  chatId: string;
  chatType: "group" | "single";
  senderId: string;
  senderName?: string;
  /** The text as sent, @mention included; the conversation layer strips it. */
  text: string;
  /** Text of the message this one quotes (a reply to a reminder), if any. */
  quotedText?: string;
  /**
   * The platform's recall (撤回) of an earlier message, by that message's id: what it stored is
   * withdrawn. Adapters set it when their platform sends a recall event; text is then "".
   */
  recalledMessageId?: string;
  /** When the platform says it was sent. */
  sentAt?: Date;
  /**
   * A button clicked on one of duban's cards (issue 22); text is then "". The adapter sets
   * messageId with clickMessageId() so the same click twice is one action.
   */
  click?: CardClick;
  /** The adapter can show a card in its reply to this message (Reply.card); else text only. */
  canShowCards?: boolean;
}

export interface Reply {
  /** Markdown-light text: short lines, no tables; adapters render it as text or markdown. */
  text: string;
  /** Platform user ids to @-mention (in groups). */
  mentions?: string[];
  /**
   * A card to show: for a typed message, one to send with (or instead of) the text where the
   * platform has cards; for a click, the clicked card as it is now, to update in place.
   */
  card?: Card;
  /** For a click: whether the card changed for everyone who has it, or only shows this clicker the answer. */
  cardFor?: "all" | "clicker";
}

/** The conversation layer, as adapters see it. */
export type MessageHandler = (message: InboundMessage) => Promise<Reply>;
