// What a tick sends about milestones and 完成时限 to the lead units: one message per lead
// unit group listing every item whose stage is due now (several milestones due the same day,
// or a milestone and a 完成时限, make one message), @-mentioning the unit's members like the
// quarter notices. Units without a group get nothing here; the supervision digest lists them.
import { createHash } from "node:crypto";
import type { Db, Tx } from "../db/client";
import type { OutboxDraft } from "../delivery/outbox";
import { groupMentions } from "../directory/recipients";
import { dayLabel } from "../reporting/period-label";
import { shortTitle } from "../reporting/short-title";
import type { Templates } from "../templates";
import { splitWithMarkers } from "./compose-stage";
import type { DatedItem } from "./dated-items";
import type { DatedStage } from "./dated-stages";

export interface DueItem {
  item: DatedItem;
  stage: DatedStage;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export function itemLine(t: Templates["t"], item: DatedItem, stage: DatedStage): string {
  const due = dayLabel(t, item.dueDate);
  // Counted from the day the notice goes out, which may have moved off a holiday.
  const left = days(stage.date, item.dueDate);
  const state = stage.overdue ? t("dated.state_overdue", { due, days: -left }) : left <= 0 ? t("dated.state_today", { due }) : t("dated.state_days", { due, days: left });
  const title = shortTitle(item.taskText);
  return item.kind === "milestone"
    ? t("dated.milestone_line", { no: item.taskNo, title, position: item.position, text: item.text, state })
    : t("dated.deadline_line", { no: item.taskNo, title, due, state });
}

/** @param staleAt when a message about these items is no use any more (their next stage begins) */
/** The example uses the first milestone's task when there is one: 节点N only means something there. */
function howToReply(t: Templates["t"], list: DueItem[]): string {
  const milestone = list.find((d) => d.item.kind === "milestone");
  return milestone ? t("dated.how_to_reply", { exampleNo: milestone.item.taskNo }) : t("dated.how_to_reply_deadline", { exampleNo: list[0]!.item.taskNo });
}

export async function composeDatedNotices(db: Db | Tx, due: DueItem[], date: string, templates: Templates, staleAt: (items: DueItem[]) => Date | undefined = () => undefined): Promise<OutboxDraft[]> {
  const t = templates.t;
  const byUnit = new Map<number, DueItem[]>();
  for (const d of due) {
    if (d.item.leadUnitId === null) continue;
    byUnit.set(d.item.leadUnitId, [...(byUnit.get(d.item.leadUnitId) ?? []), d]);
  }
  if (!byUnit.size) return [];
  const groups = await db.chatGroup.findMany({ where: { unitId: { in: [...byUnit.keys()] } }, orderBy: { id: "asc" } });
  const drafts: OutboxDraft[] = [];
  for (const g of groups) {
    const list = byUnit.get(g.unitId!)!;
    const unit = list[0]!.item.leadUnitName!;
    const lines = [t("dated.header", { unit, count: list.length }), ...list.map((d) => itemLine(t, d.item, d.stage)), howToReply(t, list)];
    // Liaisons, or their deputies while they are on leave (issue 23); never the leaders.
    const mentions = await groupMentions(db, g.unitId!, g.platform, date);
    // The key names the day and the exact items, so a later tick the same day (a milestone
    // added since, a catch-up) sends only a message about items not yet sent.
    const stale = staleAt(list);
    const items = createHash("sha1").update(list.map((d) => `${d.item.key}:${d.stage.name}`).join(",")).digest("hex").slice(0, 10);
    splitWithMarkers(lines.join("\n"), t).forEach((text, i) =>
      drafts.push({
        key: `dated:${date}:group:${g.id}:${items}:part${i + 1}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: unit,
        message: { text, format: "text", mentions: i === 0 ? mentions : undefined },
        ...(stale ? { staleAt: stale } : {}),
      }),
    );
  }
  return drafts;
}
