// The supervision group's daily 专项督查 digest: the overdue milestones and 完成时限 (this is
// where overdue milestones reach the bureau — not one message each), then those due within
// the horizon, one compact line each, split within the byte limit like the overdue summary.
// A 完成时限 several units lead is one line naming them compactly (市政府各部门, or the first
// three 等N个单位), though each lead unit had its own notice.
// Nothing due and nothing overdue: no digest.
import type { Db, Tx } from "../db/client";
import type { OutboxDraft } from "../delivery/outbox";
import { dayLabel } from "../reporting/period-label";
import { shortTitle } from "../reporting/short-title";
import type { Templates } from "../templates";
import { splitWithMarkers } from "./compose-stage";
import type { DatedItem } from "./dated-items";
import { addDays } from "./stages";

export function digestLines(t: Templates["t"], items: DatedItem[], date: string, horizonDays: number): string[] {
  const once = items.filter((i, n) => i.kind !== "deadline" || items.findIndex((o) => o.kind === "deadline" && o.taskId === i.taskId) === n);
  const overdue = once.filter((i) => i.dueDate < date);
  const horizon = addDays(date, horizonDays);
  const soon = once.filter((i) => i.dueDate >= date && i.dueDate <= horizon);
  if (!overdue.length && !soon.length) return [];
  const line = (i: DatedItem) => {
    const vars = { no: i.taskNo, unit: unitLabel(t, i), due: dayLabel(t, i.dueDate) };
    return i.kind === "milestone"
      ? t("digest.milestone_line", { ...vars, position: i.position, text: i.text })
      : t("digest.deadline_line", { ...vars, title: shortTitle(i.taskText) });
  };
  return [
    t("digest.header", { date: dayLabel(t, date), overdue: overdue.length, soon: soon.length, days: horizonDays }),
    ...(overdue.length ? [t("digest.overdue_title"), ...overdue.map(line)] : []),
    ...(soon.length ? [t("digest.soon_title", { days: horizonDays }), ...soon.map(line)] : []),
  ];
}

function unitLabel(t: Templates["t"], i: DatedItem): string {
  const names = i.leadUnitNames ?? (i.leadUnitName ? [i.leadUnitName] : []);
  if (!names.length) return t("digest.no_lead");
  if (i.allDepartments) return t("digest.all_departments");
  return names.length > 3 ? t("digest.units_more", { names: names.slice(0, 3).join("、"), count: names.length }) : names.join("、");
}

export async function composeDigest(db: Db | Tx, items: DatedItem[], date: string, horizonDays: number, templates: Templates): Promise<OutboxDraft[]> {
  const t = templates.t;
  const lines = digestLines(t, items, date, horizonDays);
  if (!lines.length) return [];
  const parts = splitWithMarkers(lines.join("\n"), t);
  const groups = await db.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
  return groups.flatMap((g) =>
    parts.map((text, i) => ({
      key: `digest:${date}:supervision:${g.id}:part${i + 1}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      subject: t("reminder.supervision_subject"),
      message: { text, format: "text" as const },
    })),
  );
}
