// The neutral interactive card (issue 22): what the conversation layer and the reminders
// produce, and what each adapter renders in its vendor's format (WeCom template_card
// button_interaction, DingTalk card data) and decodes clicks from. Nothing here knows a vendor.
//
// A button carries a stable action key (action, task, period, unit, card id): a click is
// answered from the key alone, so it works after a restart, on another instance, and long after
// the card was sent (a stale one is recognised by its period and the task's state).

/** What a button does. Every one has a typed form (src/cards/click-route.ts): cards add nothing text cannot do. */
export const CARD_ACTIONS = ["report", "same", "read", "extend", "close", "return"] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

export interface CardButton {
  action: CardAction;
  /** The button's text as shown. */
  label: string;
  /** The vendor's button key: `${action}:${taskNo}`; at most 1024 bytes on WeCom. */
  key: string;
  /** Drawn as the main action (WeCom style 1, DingTalk primary). */
  primary?: boolean;
}

export interface Card {
  /** Unique per card sent: WeCom task_id (≤128 bytes of [A-Za-z0-9_\-@]) / DingTalk outTrackId. */
  id: string;
  kind: "tasks" | "closure";
  title: string;
  /** Short lines under the title (a phone screen: ≤8). */
  lines: string[];
  /** The task the buttons act on. */
  taskNo: number;
  /** "2020Q1": the period the card is about; a click in another period changes nothing. */
  period: string;
  /** The unit the card is for (tasks cards); a clicker of another unit changes nothing. */
  unitId?: number;
  unitName?: string;
  buttons: CardButton[];
  /** Set once a click changed something: shown instead of the buttons ("第12项已报 ✅"). */
  state?: string;
}

/** A click on a card, as every adapter hands it to the conversation. */
export interface CardClick {
  cardId: string;
  action: CardAction;
  taskNo: number;
}

export function buttonKey(action: CardAction, taskNo: number): string {
  return `${action}:${taskNo}`;
}

/** "same:12" → the action and task; anything else (a vendor's own key, a forged one) → null. */
export function parseButtonKey(key: string): { action: CardAction; taskNo: number } | null {
  const m = /^([a-z]+):(\d{1,4})$/.exec(key.trim());
  if (!m || !(CARD_ACTIONS as readonly string[]).includes(m[1]!)) return null;
  return { action: m[1] as CardAction, taskNo: Number(m[2]) };
}

/**
 * The message id a click is handled under: one per card, button and person, so the same
 * click twice (a double tap, a vendor redelivery) is one action — the second finds the reply
 * the first stored (InboundEvent).
 */
export function clickMessageId(click: CardClick, senderId: string): string {
  return `card:${click.cardId}:${click.action}:${click.taskNo}:${senderId}`;
}

/** A card id: readable in logs, unique, and within WeCom's task_id alphabet and length. */
export function newCardId(kind: Card["kind"], taskNo: number, period: string): string {
  return `duban-${kind}-${period}-${taskNo}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
