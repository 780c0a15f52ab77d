// Neutral cards ↔ WeCom template cards (模板卡片), issue 22. One rendering for every WeCom
// channel that can show a clickable card: the app's message/send, the AI bot's passive reply
// and proactive push (callback and long connection). Group robot webhooks cannot: a
// button_interaction card sent there has no callback, so they keep text (README).
// https://developer.work.weixin.qq.com/document/path/90236 (app message/send, template_card)
// https://developer.work.weixin.qq.com/document/path/94888 (update_template_card)
// https://developer.work.weixin.qq.com/document/path/101027 (AI bot events: template_card_event)
// https://developer.work.weixin.qq.com/document/path/101031 (AI bot reply: update_template_card)
import { clickMessageId, parseButtonKey, type Card, type CardClick } from "../../cards/card";
import type { InboundMessage, Reply } from "../message";
import type { ApiResult, WecomApiClient } from "./api-client";

/** WeCom's limits: main title 26 characters shown, sub title 4 lines, buttons 1–6. */
const TITLE_CHARS = 36;
const SUB_TITLE_LINES = 6;
/** style 1 (blue, the main action) and 2 (grey); a done card's one button is style 4 (read-only look). */
const STYLE_PRIMARY = 1;
const STYLE_PLAIN = 2;
const STYLE_DONE = 4;
/** The key of the one button a done card shows: parseButtonKey refuses it, so clicking it changes nothing. */
export const DONE_KEY = "done";

/** The template_card object of a button_interaction card. A card with a state shows it in place of its buttons. */
export function renderTemplateCard(card: Card): Record<string, unknown> {
  return {
    card_type: "button_interaction",
    main_title: { title: [...card.title].slice(0, TITLE_CHARS).join(""), ...(card.state ? { desc: card.state } : {}) },
    sub_title_text: card.lines.slice(0, SUB_TITLE_LINES).join("\n"),
    task_id: card.id,
    button_list: card.state
      ? [{ text: card.state, style: STYLE_DONE, key: DONE_KEY }]
      : card.buttons.map((b) => ({ text: b.label, style: b.primary ? STYLE_PRIMARY : STYLE_PLAIN, key: b.key })),
  };
}

/** The click a template_card_event carries, or null when it is not one of duban's buttons. */
export function clickOf(taskId: string | undefined, eventKey: string | undefined): CardClick | null {
  if (!taskId || !eventKey) return null;
  const parsed = parseButtonKey(eventKey);
  return parsed ? { cardId: taskId, ...parsed } : null;
}

/** The neutral message of a click by `userId`. */
export function clickMessage(click: CardClick, base: Omit<InboundMessage, "messageId" | "text" | "click">): InboundMessage {
  return { ...base, messageId: clickMessageId(click, base.senderId), text: "", click, canShowCards: true };
}

/**
 * The AI bot's template_card_event: `event.template_card_event.{event_key, task_id}` in the
 * vendor doc [101027]; the official long-connection SDK types them on `event` itself. Both read.
 */
export function botCardEvent(event: unknown): { eventKey?: string; taskId?: string } | null {
  if (!event || typeof event !== "object") return null;
  const e = event as Record<string, unknown>;
  if (e.eventtype !== "template_card_event") return null;
  const inner = (e.template_card_event && typeof e.template_card_event === "object" ? e.template_card_event : e) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return { eventKey: str(inner.event_key), taskId: str(inner.task_id) } as { eventKey?: string; taskId?: string };
}

/**
 * The AI bot's answer to a click [101031]: the card as it is now. When the click changed it (a
 * report filed, a task 销号) every member's card changes; an answer that changes nothing (去汇报,
 * 退回 asking for the reason, a refusal) is shown on the clicker's card only.
 */
export function botCardUpdate(reply: Reply & { card: Card }, clicker: string): Record<string, unknown> {
  if (reply.cardFor === "all") return { response_type: "update_template_card", template_card: renderTemplateCard(reply.card) };
  return { response_type: "update_template_card", userids: [clicker], template_card: renderTemplateCard({ ...reply.card, lines: [reply.text, ...reply.card.lines] }) };
}

/**
 * After a click on an app card: every button replaced by one that cannot be clicked, reading
 * the card's state ("第12项已报 ✅"), for the clicker [94888 更新按钮为不可点击状态]. The
 * response_code of the click is valid once, for 72 hours.
 */
export async function updateAppCardButton(client: WecomApiClient, agentId: number, u: { userId: string; responseCode: string; state: string }): Promise<ApiResult> {
  // https://developer.work.weixin.qq.com/document/path/94888
  return client.post("/cgi-bin/message/update_template_card", { userids: [u.userId], agentid: agentId, response_code: u.responseCode, button: { replace_name: u.state } });
}
