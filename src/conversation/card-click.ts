// A click on one of duban's cards (issue 22) is handled like the message its button stands for:
// 同上季 → "同上季 12", 已阅 → "已阅 12", 销号 → "销号 12", run through the same command list
// and access checks as if typed. Before that, the card decides what a click may do:
// - a card of another unit changes nothing for this clicker;
// - a stale card (another period, or a task already 销号 / no longer 待销号) answers with the
//   task's state now and changes nothing;
// - 去汇报, 申请延期 and 退回 only answer with what to type (退回 needs a reason, typed).
// The same click twice is one action: the adapter gives every click of one card, button and
// person the same message id, and the conversation's InboundEvent guard does the rest.
// The reply carries the card with its state now ("第12项已报 ✅"), for the adapter to update
// the card in place so the group sees it.
import type { Card, CardAction, CardClick } from "../cards/card";
import { loadCard } from "../cards/build-card";
import type { Reply } from "../platforms/message";
import { currentReport } from "../reporting/current-report";
import { periodLabel as labelOf } from "../reporting/period-label";
import { parsePeriodKey } from "../reporting/periods";
import { shortTitle } from "../reporting/short-title";
import type { Route } from "./dispatch";
import { reply, say, type Turn } from "./turn";

/** Buttons whose typed form may store something. */
const WRITES: Record<CardAction, boolean> = { report: false, extend: false, return: false, same: true, read: true, close: true };

/** The typed form of a button: what a person without cards sends. */
function typed(action: CardAction, no: number): string | null {
  if (action === "same") return `同上季 ${no}`;
  if (action === "read") return `已阅 ${no}`;
  if (action === "close") return `销号 ${no}`;
  return null;
}

export function clickRoute(click: CardClick, typedRoute: (turn: Omit<Turn, "tx">, text: string) => Route): Route {
  return { writes: WRITES[click.action], run: (turn) => runClick(turn, click, typedRoute) };
}

async function runClick(turn: Turn, click: CardClick, typedRoute: (turn: Omit<Turn, "tx">, text: string) => Route): Promise<Reply> {
  const card = await loadCard(turn.tx, click.cardId, turn.message.platform);
  // A card duban never sent, or a button that is not on it: a forged or garbled click.
  if (!card || card.taskNo !== click.taskNo || !card.buttons.some((b) => b.action === click.action)) return reply(say(turn, "click.unknown_card"));
  const plan = turn.plan;
  if (!plan) return reply(say(turn, "no_plan"));
  const no = card.taskNo;
  // The card's unit decides, not the group the card is in: a liaison of two units acts for this one.
  let acting = turn;
  if (card.unitId !== undefined) {
    const unit = turn.memberUnits.find((u) => u.id === card.unitId);
    // The card as it was: the adapter shows the answer to this clicker only.
    if (!unit) return withCard(reply(say(turn, "click.not_your_unit", { unit: card.unitName ?? "" })), card, card.state);
    acting = { ...turn, actingUnits: [unit] };
  }
  const before = await cardState(acting, card);
  if (card.period !== plan.period.key) {
    const cardPeriod = parsePeriodKey(card.period, plan.period.rule);
    return withCard(reply(say(turn, "click.stale_period", { cardPeriod: cardPeriod ? labelOf(turn.templates.t, cardPeriod) : card.period, period: labelOf(turn.templates.t, plan.period), state: before ?? "" })), card, before);
  }
  const task = turn.model.plan.task(plan.id, no);
  if (!task) return reply(say(turn, "click.unknown_card"));
  const closed = closureOf(acting, card) === "closed";
  if (closed) return withCard(reply(say(turn, "click.stale_closed", { no })), card, before);
  // A 办结 card whose request was already decided (退回 by someone else, or by text) is stale too.
  if (card.kind === "closure" && closureOf(acting, card) !== "pending") return withCard(reply(before ?? say(turn, "click.unknown_card")), card, before);
  // Returned and asked again: the card shows the old basis, and its 销号 would close the task on
  // a new basis the supervisor has not read. The new request has its own card.
  if (card.kind === "closure" && !(await showsPendingRequest(acting, card))) return withCard(reply(say(turn, "click.stale_request", { no })), card, before);

  const text = typed(click.action, no);
  if (!text) {
    if (click.action === "return") return withCard(reply(say(turn, "click.return_reason", { no })), card, before);
    if (click.action === "extend") return withCard(reply(say(turn, "click.extend", { no })), card, before);
    return withCard(reply(say(turn, "click.go_report", { no, title: shortTitle(task.text), period: labelOf(turn.templates.t, plan.period), status: before ?? say(turn, "card.state_open", { no }) })), card, before);
  }
  const answer = await typedRoute(acting, text).run(acting);
  const after = await cardState(acting, card, click.action === "read" ? turn.message.senderId : undefined);
  if (after !== card.state && WRITES[click.action]) await turn.tx.card.update({ where: { id: card.id }, data: { state: after ?? null } });
  return withCard(answer, card, after);
}

/** The reply with the card as it is now: for everyone when the click changed its state, else for the clicker. */
function withCard(r: Reply, card: Card, state: string | undefined): Reply {
  const { state: old, ...rest } = card;
  return { ...r, card: state ? { ...rest, state } : rest, cardFor: state && state !== old ? "all" : "clicker" };
}

/** Whether a 办结 request pending now is the one the card shows (its basis is on the card). */
async function showsPendingRequest(turn: Turn, card: Card): Promise<boolean> {
  const task = await turn.tx.task.findUnique({ where: { planId_no: { planId: turn.plan!.id, no: card.taskNo } }, include: { assignments: { where: { closure: "pending" } } } });
  const shown = card.lines.join("\n");
  return Boolean(task?.assignments.some((a) => a.closureNote && shown.includes(a.closureNote)));
}

/** The lead closure of the card's task for the card's unit (tasks cards) or any lead (办结 cards). */
function closureOf(turn: Turn, card: Card): string | null {
  const task = turn.model.plan.task(turn.plan!.id, card.taskNo);
  if (!task) return null;
  const leads = turn.model.plan.assignmentsFor(task.id).filter((a) => (card.unitId === undefined ? a.role === "lead" : a.unitId === card.unitId));
  if (leads.some((a) => a.closure === "closed") && (card.unitId !== undefined || leads.every((a) => a.closure === "closed"))) return "closed";
  if (leads.some((a) => a.closure === "pending")) return "pending";
  return task.closure;
}

/**
 * What the card shows now: read from the database in the click's transaction (the read model
 * is as of before the click). undefined while nothing has happened.
 */
async function cardState(turn: Turn, card: Card, reader?: string): Promise<string | undefined> {
  const no = card.taskNo;
  const plan = turn.plan!;
  const task = await turn.tx.task.findUnique({ where: { planId_no: { planId: plan.id, no } }, include: { assignments: true } });
  if (!task) return undefined;
  const t = turn.templates.t;
  if (card.kind === "closure") {
    const leads = task.assignments.filter((a) => a.role === "lead");
    if (leads.length && leads.every((a) => a.closure === "closed")) return t("card.state_closed", { no });
    if (leads.some((a) => a.closure === "pending")) return undefined;
    if (leads.some((a) => a.returnedAt)) return t("card.state_returned", { no });
    return undefined;
  }
  const own = task.assignments.find((a) => a.unitId === card.unitId);
  if (own?.closure === "closed") return t("card.state_closed", { no });
  const report = own ? await currentReport(turn.tx, { taskId: task.id, unitId: own.unitId, period: card.period }) : null;
  if (report) return report.text.startsWith(t("same_as_last.text", { text: "" })) ? t("card.state_same", { no }) : t("card.state_reported", { no });
  if (reader) {
    const mark = await turn.tx.readMark.findUnique({ where: { platform_userId_period_taskNo: { platform: turn.message.platform, userId: reader, period: card.period, taskNo: no } } });
    if (mark) return t("card.state_read", { user: mark.userName ?? mark.userId });
  }
  return card.state;
}
