// One scheduler tick at a business instant: find the reminder stage due now (catching up a
// missed one while it is current), and if no one has run it yet, put its messages in the
// outbox in the same transaction that records the run. Also warns the supervision group
// once per year when the holiday calendar lacks the year reminders are about to fall in.
import type { Db } from "../db/client";
import { saveCard } from "../cards/build-card";
import { enqueue, type OutboxDraft } from "../delivery/outbox";
import { planInForce } from "../reporting/plan-status";
import { shanghaiDate } from "../reporting/periods";
import type { Templates } from "../templates";
import { composeStage } from "./compose-stage";
import { runDatedTick } from "./run-dated-tick";
import { runLadderTick, type LadderTickResult } from "./run-ladder-tick";
import type { ScheduleConfig } from "./schedule-config";
import { dueStage, yearStages, type Stage } from "./stages";
import type { WorkCalendar } from "./work-calendar";

export interface TickDeps {
  db: Db;
  templates: Templates;
  schedule: ScheduleConfig;
  calendar: WorkCalendar;
}

export interface TickResult {
  stage: Stage | null;
  /** The stage had already been run (by this or another instance). */
  alreadyRun: boolean;
  drafts: OutboxDraft[];
  enqueued: number;
  unboundUnits: string[];
  /** Years reminders may fall in that the holiday calendar does not know. */
  uncoveredYears: number[];
  /** Of drafts: the milestone / 完成时限 notices and the 专项督查 digest (run-dated-tick.ts). */
  dated: number;
  /** The escalation ladder's rungs run by this tick (run-ladder-tick.ts), when schedule.yaml has one. */
  ladder?: LadderTickResult;
}

export async function runTick(deps: TickDeps, now: Date, opts: { dryRun?: boolean; wallNow?: Date } = {}): Promise<TickResult> {
  const result: TickResult = { stage: null, alreadyRun: false, drafts: [], enqueued: 0, unboundUnits: [], uncoveredYears: [], dated: 0 };
  const plan = await planInForce(deps.db, now, deps.schedule);
  if (!plan) return result;
  // Milestones, 完成时限 and the 专项督查 digest: their own runs, beside the quarter stage.
  const dated = await runDatedTick(deps, now, opts);
  result.dated = dated.drafts.length;

  result.uncoveredYears = uncoveredYears(deps.calendar, now);
  const warnings = await calendarWarnings(deps, result.uncoveredYears);

  // Last year's plan too: its year-summary overdue notice falls in early January, perhaps after
  // this year's plan was imported.
  const previous = await deps.db.plan.findUnique({ where: { year: plan.year - 1 }, include: { _count: { select: { tasks: true } } } });
  const plans = new Map([[plan.year, plan]]);
  if (previous) plans.set(previous.year, { ...plan, id: previous.id, year: previous.year, taskCount: previous._count.tasks, planIsCurrent: false });
  const stages = [...plans.keys()].flatMap((year) => yearStages(year, deps.schedule, deps.calendar)).sort((a, b) => a.at.getTime() - b.at.getTime());
  const stage = dueStage(stages, now, deps.schedule);
  result.stage = stage;
  const runKey = stage ? `${stage.period.key}:${stage.name}` : null;
  if (stage && runKey && (await deps.db.reminderRun.findUnique({ where: { key: runKey } }))) result.alreadyRun = true;
  else if (stage) {
    const composed = await composeStage(deps.db, plans.get(stage.period.year)!, stage, deps.templates);
    result.drafts = composed.drafts;
    result.unboundUnits = composed.unboundUnits;
  }
  if (stage) {
    // A notice is no use once the next stage begins (that one says it again, more urgently):
    // the outbox retries it until then and drops it after. Stages are on the business clock,
    // delivery on the wall clock (they differ under DUBAN_NOW): carry the interval over.
    const next = stages[stages.indexOf(stage) + 1];
    if (next) {
      const staleAt = new Date((opts.wallNow ?? new Date()).getTime() + (next.at.getTime() - now.getTime()));
      result.drafts = result.drafts.map((d) => ({ ...d, staleAt }));
    }
  }
  if (opts.dryRun) {
    if (deps.schedule.ladder) result.ladder = await runLadderTick(deps, now, opts);
    result.drafts = [...warnings, ...result.drafts, ...dated.drafts, ...(result.ladder?.drafts ?? [])];
    return result;
  }

  await deps.db.$transaction(
    async (tx) => {
      if (warnings.length) result.enqueued += await enqueue(tx, warnings);
      if (!stage || result.alreadyRun) return;
      // The run row's primary key makes a second instance's identical tick fail here and
      // roll back, rather than enqueue a stage twice.
      await tx.reminderRun.create({ data: { key: runKey!, enqueued: result.drafts.length } });
      // Cards are kept with the notices that carry them, so their clicks find them (issue 22).
      for (const d of result.drafts) if (d.message.card) await saveCard(tx, d.platform, d.message.card);
      result.enqueued += await enqueue(tx, result.drafts);
    },
    { timeout: 60_000, maxWait: 20_000 },
  ).catch((e: { code?: string }) => {
    if (e.code === "P2002") result.alreadyRun = true;
    else throw e;
  });
  result.enqueued += dated.enqueued;
  result.drafts = [...result.drafts, ...dated.drafts];
  // The ladder after the group notices: its 红 约谈 list follows the overdue summary.
  if (deps.schedule.ladder) {
    result.ladder = await runLadderTick(deps, now, opts);
    result.enqueued += result.ladder.enqueued;
    result.drafts = [...result.drafts, ...result.ladder.drafts];
  }
  return result;
}

/** This year, and next year from December on (when its first reminders are near). */
export function uncoveredYears(calendar: WorkCalendar, now: Date): number[] {
  const [y, m] = shanghaiDate(now).split("-").map(Number) as [number, number];
  const years = m === 12 ? [y, y + 1] : [y];
  return years.filter((year) => !calendar.covers(year));
}

async function calendarWarnings(deps: TickDeps, years: number[]): Promise<OutboxDraft[]> {
  if (!years.length) return [];
  const groups = await deps.db.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
  return years.flatMap((year) =>
    groups.map((g) => ({
      key: `calendar:${year}:group:${g.id}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      subject: deps.templates.t("reminder.supervision_subject"),
      message: { text: deps.templates.t("reminder.calendar_missing", { year }), format: "text" as const },
    })),
  );
}
