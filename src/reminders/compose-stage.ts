// What a reminder stage sends: for each unit group whose unit still has unreported tasks,
// a notice listing them (split into parts within the byte limit, in order) that @-mentions
// the unit's members; at the overdue stage also one summary to each supervision group.
import { tasksCard } from "../cards/build-card";
import type { Db, Tx } from "../db/client";
import type { OutboxDraft } from "../delivery/outbox";
import { groupMentions } from "../directory/recipients";
import { MESSAGE_MAX_BYTES } from "../platforms/limits";
import { splitByBytes } from "../platforms/split-bytes";
import type { PlanInForce } from "../reporting/plan-status";
import { unitTasks } from "../reporting/plan-status";
import { periodAt } from "../reporting/periods";
import { shortTitle } from "../reporting/short-title";
import { dayLabel, periodLabel } from "../reporting/period-label";
import type { Templates } from "../templates";
import { QUIET_CLOSURES, quietTaskIds } from "./quiet-tasks";
import type { Stage } from "./stages";

/** Bytes per pushed message, so that each part goes out as one message on every platform. */
export const PUSH_MAX_BYTES = MESSAGE_MAX_BYTES;
/** Task lines in a notice before "另有N项": a notice nudges, the full list is one 未报 away. */
const MAX_LINES = 40;
/** Task lines on a reminder card: with the header and 「另有N项」 it fits a phone's card. */
const CARD_TASK_LINES = 4;

export async function composeStage(db: Db | Tx, plan: PlanInForce, stage: Stage, templates: Templates): Promise<{ drafts: OutboxDraft[]; unboundUnits: string[] }> {
  const t = templates.t;
  const p = stage.period;
  const period = periodLabel(t, p);
  const deadline = dayLabel(t, p.deadline);
  const atPeriod: PlanInForce = { ...plan, period: p };

  const groups = await db.chatGroup.findMany({ where: { unitId: { not: null } }, include: { unit: true }, orderBy: { id: "asc" } });
  const boundUnitIds = new Set(groups.map((g) => g.unitId!));
  const drafts: OutboxDraft[] = [];
  const behind: { unit: string; count: number }[] = [];

  // Every unit with assignments, so the supervision summary also names units without a group.
  const units = await db.unit.findMany({ where: { kind: { not: "group" }, assignments: { some: { task: { planId: plan.id } } } }, orderBy: { id: "asc" } });
  const dueByUnit = new Map<number, { no: number; text: string }[]>();
  const quiet = await quietTaskIds(db, plan.id);
  for (const u of units) {
    // A lead unit's own 办结/销号 quiets its pair even while the task's other lead units still report.
    const due = (await unitTasks(db, atPeriod, [u.id], stage.at)).filter((x) => x.status !== "reported" && x.status !== "closed" && !QUIET_CLOSURES.includes(x.closure ?? "") && !quiet.has(x.taskId));
    if (due.length) {
      dueByUnit.set(u.id, due);
      behind.push({ unit: u.name, count: due.length });
    }
  }

  // Counted from the day the notice goes out, which may have moved back off a weekend.
  const daysLeft = Math.round((Date.parse(p.deadline) - Date.parse(stage.date)) / 86_400_000);
  for (const g of groups) {
    const due = dueByUnit.get(g.unitId!);
    if (!due?.length) continue;
    const unit = g.unit!.name;
    const headerKey = stage.kind === "overdue" ? "reminder.overdue_header" : daysLeft <= 0 ? "reminder.deadline_header" : "reminder.notice_header";
    const lines = [
      t(headerKey, { unit, period, deadline, count: due.length, days: daysLeft }),
      ...due.slice(0, MAX_LINES).map((x) => t("reminder.line", { no: x.no, title: shortTitle(x.text) })),
      ...(due.length > MAX_LINES ? [t("reminder.more", { count: due.length - MAX_LINES })] : []),
      t("reminder.how_to_reply", { exampleNo: due[0]!.no }),
    ];
    // Liaisons, or their deputies while they are on leave (issue 23); never the leaders.
    const mentions = await groupMentions(db, g.unitId!, g.platform, stage.date);
    const parts = splitWithMarkers(lines.join("\n"), t);
    // A group reached by chat id (WeCom AI bot long connection, DingTalk app robot) gets the
    // notice as a card with buttons (issue 22) when it fits one message; a robot webhook has no
    // clickable cards and keeps the text.
    const card =
      // Only while the notice's quarter is the one in force: a card of last quarter (an
      // overdue notice in the new quarter) would be stale the moment it arrives.
      parts.length === 1 && !g.webhookUrl && periodAt(stage.at).key === p.key
        ? tasksCard(t, {
            titleKey: "title_reminder",
            unit: { id: g.unitId!, name: unit },
            period: { key: p.key, label: period },
            lines: [lines[0]!, ...lines.slice(1, 1 + CARD_TASK_LINES), ...(due.length > CARD_TASK_LINES ? [t("reminder.more", { count: due.length - CARD_TASK_LINES })] : [])],
            task: { no: due[0]!.no, title: shortTitle(due[0]!.text) },
          })
        : undefined;
    parts.forEach((text, i) =>
      drafts.push({
        key: `${p.key}:${stage.name}:group:${g.id}:part${i + 1}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: unit,
        // @-mention the members once, on the first part.
        message: { text, format: "text", mentions: i === 0 ? mentions : undefined, ...(card ? { card } : {}) },
      }),
    );
  }

  const unbound = behind.filter((b) => !units.some((u) => u.name === b.unit && boundUnitIds.has(u.id))).map((b) => b.unit);
  if (stage.kind === "overdue" && behind.length) {
    const supervision = await db.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
    behind.sort((a, b) => b.count - a.count);
    const lines = [
      t("reminder.summary_header", { period, deadline, units: behind.length, count: behind.reduce((n, b) => n + b.count, 0) }),
      ...behind.map((b) => t("reminder.summary_line", b)),
      ...(unbound.length
        ? [t("reminder.summary_unbound", { count: unbound.length, units: unbound.slice(0, 10).join("、"), more: unbound.length > 10 ? t("reminder.summary_unbound_more") : "" })]
        : []),
    ];
    const parts = splitWithMarkers(lines.join("\n"), t);
    for (const g of supervision) {
      parts.forEach((text, i) =>
        drafts.push({ key: `${p.key}:${stage.name}:supervision:${g.id}:part${i + 1}`, platform: g.platform, destination: `group:${g.id}`, subject: t("reminder.supervision_subject"), message: { text, format: "text" } }),
      );
    }
  }
  return { drafts, unboundUnits: unbound };
}

/** Splits within the byte limit, leaving room for a "（续2/3）" marker on later parts. */
export function splitWithMarkers(text: string, t: Templates["t"]): string[] {
  const parts = splitByBytes(text, PUSH_MAX_BYTES - 64);
  return parts.map((part, i) => (i === 0 ? part : `${t("reminder.continued", { part: i + 1, parts: parts.length })}\n${part}`));
}
