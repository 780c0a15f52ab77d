// Neutral cards ↔ DingTalk interactive cards (互动卡片), issue 22. A card instance is created
// from the card template the operator made in DingTalk's card builder (DINGTALK_CARD_TEMPLATE_ID,
// README "Cards") and delivered by the app's robot to a group or a person in one call; a click on
// a 回传请求 button comes back over Stream (topic /v1.0/card/instances/callback) or HTTP, and
// the instance is updated by its outTrackId — duban's card id.
// https://open.dingtalk.com/document/orgapp/create-and-deliver-cards (POST /v1.0/card/instances/createAndDeliver)
// https://open.dingtalk.com/document/orgapp/interactive-card-update-interface (PUT /v1.0/card/instances)
// https://open.dingtalk.com/document/orgapp/event-callback-card (the callback)
//
// The template's variables (all strings, as cardParamMap requires): title, content (markdown,
// one line per card line), state ("" while open), buttons (JSON [{text, key}]: the template loops
// over it, each button a 回传请求 whose params carry {key}), answer (private: what the clicker
// alone sees after a click that changed nothing).
import { clickMessageId, parseButtonKey, type Card, type CardClick } from "../../cards/card";
import type { SendResult } from "../../delivery/channel";
import type { Logger } from "../../logger";
import type { InboundMessage, MessageHandler } from "../message";
import type { Config } from "../../config";
import { createDingtalkApiClient, type DingtalkApiClient } from "./api-client";
import { cardDestination } from "./inbound";
import type { DecodedMessage } from "./decode";

export function cardParamMap(card: Card): Record<string, string> {
  return {
    title: card.title,
    content: card.lines.join("\n\n"),
    state: card.state ?? "",
    buttons: JSON.stringify(card.state ? [] : card.buttons.map((b) => ({ text: b.label, key: b.key, primary: Boolean(b.primary) }))),
  };
}

/** "group:<openConversationId>" or "user:<staffId>", as the app robot channel's destinations. */
export async function createAndDeliverCard(client: DingtalkApiClient, templateId: string, destination: string, card: Card): Promise<SendResult> {
  const m = /^(group|user):(.+)$/s.exec(destination);
  if (!m) return { ok: false, retryable: false, error: 'destination must be "group:<openConversationId>" or "user:<staffId>"' };
  const group = m[1] === "group";
  const id = m[2]!;
  // https://open.dingtalk.com/document/orgapp/create-and-deliver-cards
  const r = await client.cardCall("POST", "/v1.0/card/instances/createAndDeliver", {
    cardTemplateId: templateId,
    outTrackId: card.id,
    // Clicks come back over the Stream connection (or the HTTP callback route key, if configured there).
    callbackType: "STREAM",
    cardData: { cardParamMap: cardParamMap(card) },
    openSpaceId: group ? `dtv1.card//IM_GROUP.${id}` : `dtv1.card//IM_ROBOT.${id}`,
    ...(group
      ? { imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode: client.robotCode } }
      : { imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode: client.robotCode } }),
  });
  return r.ok ? { ok: true } : r;
}

/**
 * After a click: the instance's shared data when the click changed the card (everyone sees 已报),
 * else only the clicker's private data, showing the answer.
 */
export async function updateCard(client: DingtalkApiClient, card: Card, forAll: boolean, clicker: string, answer: string): Promise<SendResult> {
  // https://open.dingtalk.com/document/orgapp/interactive-card-update-interface
  const r = await client.cardCall("PUT", "/v1.0/card/instances", {
    outTrackId: card.id,
    ...(forAll ? { cardData: { cardParamMap: cardParamMap(card) } } : { privateData: { [clicker]: { cardParamMap: { answer } } } }),
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
  });
  return r.ok ? { ok: true } : r;
}

/**
 * The callback of a click: {outTrackId, userId, content: "{\"cardPrivateData\":{\"actionIds\":
 * [...],\"params\":{\"key\":\"same:12\"}}}", …}. null when it is no click on a duban button.
 */
export function decodeCardCallback(data: unknown): { click: CardClick; userId: string; message: InboundMessage } | null {
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  if (typeof d.outTrackId !== "string" || typeof d.userId !== "string" || typeof d.content !== "string") return null;
  // JSON, but not necessarily an object: "null" parses too.
  let content: { cardPrivateData?: { params?: Record<string, unknown> | null } | null } | null;
  try {
    content = JSON.parse(d.content) as typeof content;
  } catch {
    return null;
  }
  const key = content?.cardPrivateData?.params?.key;
  const parsed = typeof key === "string" ? parseButtonKey(key) : null;
  if (!parsed) return null;
  const click: CardClick = { cardId: d.outTrackId, ...parsed };
  const spaceId = typeof d.spaceId === "string" ? d.spaceId : "";
  const group = d.spaceType === "IM_GROUP" && spaceId;
  return {
    click,
    userId: d.userId,
    message: {
      platform: "dingtalk",
      messageId: clickMessageId(click, d.userId),
      chatId: group ? spaceId : d.userId,
      chatType: group ? "group" : "single",
      senderId: d.userId,
      text: "",
      click,
      canShowCards: true,
    },
  };
}

/**
 * A card callback, from Stream or HTTP: the click runs through the conversation like a typed
 * command, and the card is updated with what it shows now. Redeliveries and double clicks carry
 * the same message id (card, button, person): the conversation answers them once.
 */
export async function answerCardCallback(deps: { handle: MessageHandler; client: DingtalkApiClient; log: Logger }, data: unknown): Promise<void> {
  const decoded = decodeCardCallback(data);
  if (!decoded) {
    deps.log.debug("card callback of no duban button ignored");
    return;
  }
  const reply = await deps.handle(decoded.message);
  if (!reply.card) return;
  const r = await updateCard(deps.client, reply.card, reply.cardFor === "all", decoded.userId, reply.text);
  if (!r.ok) deps.log.warn({ code: r.code, error: r.error, cardId: reply.card.id }, "DingTalk card update failed");
}

/** The inbound processor's card delivery, when the robot has a card template (else none: text only). */
export function cardDelivery(config: Config["dingtalk"]): { card?: (decoded: DecodedMessage, card: Card) => Promise<SendResult> } {
  const robot = config.robot;
  const templateId = robot?.cardTemplateId;
  // Clicks are heard on the Stream connection only: in HTTP mode a card's buttons would be dead.
  if (!robot || !templateId || robot.mode !== "stream") return {};
  const client = createDingtalkApiClient({ apiBase: config.apiBase, appKey: robot.appKey, appSecret: robot.appSecret, robotCode: robot.robotCode });
  return { card: (decoded, card) => createAndDeliverCard(client, templateId, cardDestination(decoded), card) };
}
