// The neutral cards duban sends (issue 22), built from templates: a tasks card under 我的任务
// and a reminder (去汇报 / 同上季 / 已阅 / 申请延期 on the first task still due), and the 办结
// card to the supervision group (销号 / 退回). Each is stored (Card) when it is sent, so a click
// can show it again with its new state.
import type { Db, Tx } from "../db/client";
import type { Templates } from "../templates";
import { buttonKey, newCardId, type Card, type CardAction } from "./card";

const TASK_BUTTONS: CardAction[] = ["report", "same", "read", "extend"];
const CLOSURE_BUTTONS: CardAction[] = ["close", "return"];

const LABEL: Record<CardAction, string> = { report: "button_report", same: "button_same", read: "button_read", extend: "button_extend", close: "button_close", return: "button_return" };

function buttons(t: Templates["t"], actions: CardAction[], taskNo: number) {
  return actions.map((action, i) => ({ action, label: t(`card.${LABEL[action]}`), key: buttonKey(action, taskNo), ...(i === 0 ? { primary: true } : {}) }));
}

export interface TasksCardInput {
  /** "title_tasks" (我的任务) or "title_reminder". */
  titleKey: "title_tasks" | "title_reminder";
  unit: { id: number; name: string };
  period: { key: string; label: string };
  /** The lines of the text message, shortened for a card. */
  lines: string[];
  /** The first task still due: the one the buttons act on. */
  task: { no: number; title: string };
}

export function tasksCard(t: Templates["t"], input: TasksCardInput): Card {
  return {
    id: newCardId("tasks", input.task.no, input.period.key),
    kind: "tasks",
    title: t(`card.${input.titleKey}`, { unit: input.unit.name, period: input.period.label }),
    lines: [...input.lines.slice(0, 6), t("card.about", { no: input.task.no, title: input.task.title })],
    taskNo: input.task.no,
    period: input.period.key,
    unitId: input.unit.id,
    unitName: input.unit.name,
    buttons: buttons(t, TASK_BUTTONS, input.task.no),
  };
}

export function closureCard(t: Templates["t"], input: { no: number; period: string; notice: string }): Card {
  return {
    id: newCardId("closure", input.no, input.period),
    kind: "closure",
    title: t("card.title_closure", { no: input.no }),
    // The notice's first line is the title; its last says what to type, which the buttons do.
    lines: input.notice.split("\n").slice(1, -1),
    taskNo: input.no,
    period: input.period,
    buttons: buttons(t, CLOSURE_BUTTONS, input.no),
  };
}

/** Keeps a card sent (or about to be) so its clicks find it; in the sender's transaction. */
export async function saveCard(db: Db | Tx, platform: string, card: Card): Promise<void> {
  await db.card.create({ data: { id: card.id, platform, kind: card.kind, content: JSON.stringify(card), state: card.state ?? null } });
}

/** The card of that id sent on that platform (a click naming another platform's card finds nothing). */
export async function loadCard(db: Db | Tx, id: string, platform: string): Promise<Card | null> {
  const row = await db.card.findUnique({ where: { id } });
  if (!row || row.platform !== platform) return null;
  const card = JSON.parse(row.content) as Card;
  return row.state ? { ...card, state: row.state } : card;
}
