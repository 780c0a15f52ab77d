// The dated half of a scheduler tick: milestone (时间节点) and 完成时限 notices to the lead
// units, and the supervision group's 专项督查 digest. Guarantees, as for the quarter stages:
// - each (item, stage) is enqueued at most once, across ticks, restarts and instances: its
//   ReminderRun row ("milestone:12:d3", "deadline:40:overdue") is created in the transaction
//   that enqueues the message, and a racing instance's transaction fails on it and rolls back;
//   the digest likewise has one run per day ("digest:2020-09-28");
// - a stage missed while down is caught up while it is current (no later stage of the same item
//   has begun) and at most catchUpHours late (stages.ts dueStage); a missed digest only later
//   the same day (the next day's replaces it);
// - never on a non-working day, never at night: stages sit on working days at schedule.time
//   (the digest at digest.time);
// - a notice is no use once the item's next stage begins: retried until then, then dropped;
// - done milestones, undated ones and tasks 销号/待销号 get nothing (dated-items.ts).
import type { Db } from "../db/client";
import { enqueue, type OutboxDraft } from "../delivery/outbox";
import { shanghaiDate } from "../reporting/periods";
import type { Templates } from "../templates";
import { composeDatedNotices, type DueItem } from "./compose-dated-notices";
import { composeDigest } from "./compose-digest";
import { openDatedItems } from "./dated-items";
import { deadlineStages, milestoneStages } from "./dated-stages";
import type { ScheduleConfig } from "./schedule-config";
import { dueStage, shanghaiInstant } from "./stages";
import type { WorkCalendar } from "./work-calendar";

export interface DatedTickResult {
  drafts: OutboxDraft[];
  enqueued: number;
  /** The (item, stage) keys enqueued, and the digest's day, if any. */
  runs: string[];
}

export async function runDatedTick(
  deps: { db: Db; templates: Templates; schedule: ScheduleConfig; calendar: WorkCalendar },
  now: Date,
  opts: { dryRun?: boolean; wallNow?: Date } = {},
): Promise<DatedTickResult> {
  const result: DatedTickResult = { drafts: [], enqueued: 0, runs: [] };
  const year = Number(shanghaiDate(now).slice(0, 4));
  // Last year's plan too: a milestone of 12月31日 is overdue in January.
  const plans = await deps.db.plan.findMany({ where: { year: { in: [year - 1, year] } }, select: { id: true } });
  if (!plans.length) return result;
  const items = await openDatedItems(deps.db, plans.map((p) => p.id));
  const today = shanghaiDate(now);
  const wall = opts.wallNow ?? new Date();

  const due: DueItem[] = [];
  for (const item of items) {
    const stages = item.kind === "milestone" ? milestoneStages(item.dueDate, deps.schedule, deps.calendar) : deadlineStages(item.dueDate, deps.schedule, deps.calendar);
    const stage = dueStage(stages, now, deps.schedule);
    if (stage) due.push({ item, stage });
  }
  const ran = new Set(
    (await deps.db.reminderRun.findMany({ where: { key: { in: due.map((d) => `${d.item.key}:${d.stage.name}`) } }, select: { key: true } })).map((r) => r.key),
  );
  const fresh = due.filter((d) => !ran.has(`${d.item.key}:${d.stage.name}`));
  // A unit's message is stale when the earliest next stage among its items begins; stages are
  // on the business clock, delivery on the wall clock (they differ under DUBAN_NOW).
  const noticeDrafts = await composeDatedNotices(deps.db, fresh, today, deps.templates, (list) => {
    const next = nextStageAt(list, deps, now);
    return next ? new Date(wall.getTime() + (next.getTime() - now.getTime())) : undefined;
  });

  const digest = digestDay(now, deps.schedule, deps.calendar);
  const digestKey = digest && `digest:${digest}`;
  const digestDrafts = digestKey && !(await deps.db.reminderRun.findUnique({ where: { key: digestKey } })) ? await composeDigest(deps.db, items, digest, deps.schedule.digest.horizonDays, deps.templates) : [];

  result.drafts = [...noticeDrafts, ...digestDrafts];
  if (opts.dryRun) return result;
  await deps.db
    .$transaction(
      async (tx) => {
        const runs = fresh.map((d) => `${d.item.key}:${d.stage.name}`);
        // Items whose unit has no group are recorded too: the digest is where the bureau sees them.
        if (runs.length) await tx.reminderRun.createMany({ data: runs.map((key) => ({ key, enqueued: noticeDrafts.length })) });
        if (digestDrafts.length) await tx.reminderRun.create({ data: { key: digestKey!, enqueued: digestDrafts.length } });
        result.enqueued += await enqueue(tx, result.drafts);
        result.runs = [...runs, ...(digestDrafts.length ? [digestKey!] : [])];
      },
      { timeout: 60_000, maxWait: 20_000 },
    )
    .catch((e: { code?: string }) => {
      // Another instance ran the same stages first: nothing more to do.
      if (e.code !== "P2002") throw e;
      result.enqueued = 0;
      result.runs = [];
    });
  return result;
}

function nextStageAt(due: DueItem[], deps: { schedule: ScheduleConfig; calendar: WorkCalendar }, now: Date): Date | null {
  let next: Date | null = null;
  for (const d of due) {
    const stages = d.item.kind === "milestone" ? milestoneStages(d.item.dueDate, deps.schedule, deps.calendar) : deadlineStages(d.item.dueDate, deps.schedule, deps.calendar);
    const after = stages.find((s) => s.at.getTime() > now.getTime());
    if (after && (!next || after.at < next)) next = after.at;
  }
  return next;
}

/**
 * The day whose digest is due at `now`: today, a working day, once its time has come (a start
 * later that day catches it up). A missed day's digest is not sent the next morning: today's,
 * due within the hour, says it all again, up to date.
 */
function digestDay(now: Date, schedule: ScheduleConfig, calendar: WorkCalendar): string | null {
  const today = shanghaiDate(now);
  if (!calendar.isWorkday(today)) return null;
  return now >= shanghaiInstant(today, schedule.digest.time) ? today : null;
}
