// The escalation ladder's half of a scheduler tick (三色督办, issue 23). Guarantees:
// - opt-in: nothing without `ladder:` in schedule.yaml;
// - each rung is sent at most once per item (a unit's quarter report, a milestone, a 完成时限):
//   its ReminderRun row ("ladder:2020Q1:blue:unit:5", "ladder:milestone:7:red") is created in
//   the transaction that enqueues its messages; a racing instance fails on it and rolls back;
// - rungs sit on working days at schedule.time (ladder-rungs.ts) and personal messages go out
//   only within the working hours: a tick at night or on a holiday sends nothing, and a rung
//   missed while down is caught up while it is current and at most catchUpHours late;
// - only what is still due climbs: a report for the period, a 办结 (待销号) or 销号, a done
//   milestone or stopsClimb() (an approved 延期) stops it;
// - never wider than the unit and the bureau: 蓝 its liaisons (or the deputy standing in for
//   one on leave), 黄 its 分管领导, 红 its 主要负责人 and the supervision group's 约谈 list, each
//   with the unit's own list only;
// - personal messages go through the outbox like group pushes ("wecom-user:…",
//   "dingtalk-user:…"): leases, retries, per-person rate limits; stale when the next rung
//   begins or the working day ends. Their keys begin "ladder:<rung>:" (metrics count them).
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { enqueue, type OutboxDraft } from "../delivery/outbox";
import { planLeaderMembers } from "../directory/find-person";
import { onLeave, unitRecipients, type Recipient } from "../directory/recipients";
import { dayLabel, periodLabel } from "../reporting/period-label";
import { periodOf, shanghaiDate, type Period } from "../reporting/periods";
import { planInForce, previousPeriod, unitTasks, type PlanInForce } from "../reporting/plan-status";
import { shortTitle } from "../reporting/short-title";
import type { Templates } from "../templates";
import { splitWithMarkers } from "./compose-stage";
import { openDatedItems, type DatedItem } from "./dated-items";
import { ladderRungs, withinWorkingHours, type ItemKind, type Rung, type RungStage } from "./ladder-rungs";
import { QUIET_CLOSURES, quietTaskIds } from "./quiet-tasks";
import type { ScheduleConfig } from "./schedule-config";
import { dueStage, shanghaiInstant } from "./stages";
import { stoppedPairs } from "./stops-climb";
import type { WorkCalendar } from "./work-calendar";

const MAX_LINES = 20;

export interface LadderTickResult {
  drafts: OutboxDraft[];
  enqueued: number;
  /** The ReminderRun keys recorded by this tick. */
  runs: string[];
  /** Messages enqueued per rung. */
  byRung: Record<Rung, number>;
}

interface Climb {
  runKey: string;
  rung: RungStage;
  unitId: number;
  unitName: string;
  kind: ItemKind;
  /** report: the period's key and label */
  period?: { key: string; label: string; deadline: string };
  /** report: the unit's tasks still due; dated: the item */
  tasks: { taskId: number; no: number; text: string }[];
  item?: DatedItem;
  /** the next rung's start, for staleness */
  nextAt?: Date;
}

type Deps = { db: Db; templates: Templates; schedule: ScheduleConfig; calendar: WorkCalendar };

/** The quarter before the plan's period, with the plan it belongs to (last year's for a first quarter). */
async function earlierPeriod(db: Db, plan: PlanInForce): Promise<{ plan: PlanInForce; period: Period } | null> {
  const before = previousPeriod(plan.period);
  if (before) return { plan, period: before };
  const last = await db.plan.findUnique({ where: { year: plan.year - 1 }, include: { _count: { select: { tasks: true } } } });
  if (!last) return null;
  const period = periodOf(last.year, 4, plan.period.rule);
  return { plan: { id: last.id, year: last.year, taskCount: last._count.tasks, period, planIsCurrent: false }, period };
}

export async function runLadderTick(deps: Deps, now: Date, opts: { dryRun?: boolean; wallNow?: Date } = {}): Promise<LadderTickResult> {
  const result: LadderTickResult = { drafts: [], enqueued: 0, runs: [], byRung: { blue: 0, yellow: 0, red: 0 } };
  const ladder = deps.schedule.ladder;
  if (!ladder) return result;
  if (!withinWorkingHours(now, ladder.workingHours, deps.calendar)) return result;
  const plan = await planInForce(deps.db, now, deps.schedule);
  if (!plan) return result;
  const today = shanghaiDate(now);
  const t = deps.templates.t;
  const stopped = await stoppedPairs(deps.db, today);
  const climbs: Climb[] = [];
  // Quarter reports: this period and the one before (its 红 falls in the next quarter) — for a
  // first quarter, last year's fourth under last year's plan: its 红 falls in January, when
  // the new year's plan may already be imported.
  const earlier = await earlierPeriod(deps.db, plan);
  const planIds = [plan.id, ...(earlier && earlier.plan.id !== plan.id ? [earlier.plan.id] : [])];

  for (const { plan: of, period } of [{ plan, period: plan.period }, ...(earlier ? [earlier] : [])]) {
    const rungs = ladderRungs(period.deadline, "report", ladder, deps.schedule, deps.calendar);
    const rung = dueStage(rungs, now, deps.schedule);
    if (!rung) continue;
    const nextAt = rungs[rungs.indexOf(rung) + 1]?.at;
    const quiet = await quietTaskIds(deps.db, of.id);
    const units = await deps.db.unit.findMany({ where: { kind: { not: "group" }, assignments: { some: { task: { planId: of.id } } } }, orderBy: { id: "asc" } });
    const ran = await ranKeys(deps.db, units.map((u) => reportRunKey(period.key, rung.rung, u.id)));
    const pending = units.filter((u) => !ran.has(reportRunKey(period.key, rung.rung, u.id)));
    if (!pending.length) continue;
    // One query for every unit still to climb (not one per unit).
    const pairs = await unitTasks(deps.db, { ...of, period }, pending.map((u) => u.id), now);
    for (const u of pending) {
      const runKey = reportRunKey(period.key, rung.rung, u.id);
      const due = pairs.filter(
        (x) => x.unitId === u.id && x.status !== "reported" && x.status !== "closed" && !QUIET_CLOSURES.includes(x.closure ?? "") && !quiet.has(x.taskId) && !stopped.has(`${x.taskId}:${u.id}`),
      );
      if (!due.length) continue;
      climbs.push({ runKey, rung, unitId: u.id, unitName: u.name, kind: "report", period: { key: period.key, label: periodLabel(t, period), deadline: period.deadline }, tasks: due, ...(nextAt ? { nextAt } : {}) });
    }
  }

  // Milestones and 完成时限: each item its own ladder, to the unit answering for it.
  for (const item of await openDatedItems(deps.db, planIds)) {
    if (item.leadUnitId === null || stopped.has(`${item.taskId}:${item.leadUnitId}`)) continue;
    const kind: ItemKind = item.kind === "milestone" ? "milestone" : "deadline";
    const rungs = ladderRungs(item.dueDate, kind, ladder, deps.schedule, deps.calendar);
    const rung = dueStage(rungs, now, deps.schedule);
    if (!rung) continue;
    const nextAt = rungs[rungs.indexOf(rung) + 1]?.at;
    climbs.push({ runKey: `ladder:${item.key}:${rung.rung}`, rung, unitId: item.leadUnitId, unitName: item.leadUnitName!, kind, tasks: [{ taskId: item.taskId, no: item.taskNo, text: item.taskText }], item, ...(nextAt ? { nextAt } : {}) });
  }
  const ranDated = await ranKeys(deps.db, climbs.filter((c) => c.kind !== "report").map((c) => c.runKey));
  const fresh = climbs.filter((c) => !ranDated.has(c.runKey));
  if (!fresh.length) return result;

  // Stale at the next rung or when the working day ends, whichever is first, on the wall clock.
  const wall = opts.wallNow ?? new Date();
  const dayEnd = shanghaiInstant(today, ladder.workingHours.to);
  const staleFor = (list: Climb[]) => {
    const ends = [dayEnd, ...list.map((c) => c.nextAt).filter((d): d is Date => Boolean(d))];
    const end = Math.min(...ends.map((d) => d.getTime()));
    return new Date(wall.getTime() + (end - now.getTime()));
  };

  // One message per unit, rung and kind of item (the quarter report, or its dated items).
  const groups = new Map<string, Climb[]>();
  for (const c of fresh) {
    const k = `${c.unitId}:${c.rung.rung}:${c.kind === "report" ? `report:${c.period!.key}` : "dated"}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const interview: { unit: string; what: string; count: number }[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    const rung = first.rung.rung;
    const who = rung === "blue" ? "liaisons" : rung === "yellow" ? "in_charge" : "head";
    const people = await unitRecipients(deps.db, first.unitId, who, today);
    if (rung === "yellow") {
      // The 责任领导 a 落实方案 of these tasks names, when registered in the unit (not on leave).
      const taskIds = first.kind === "report" ? first.tasks.map((x) => x.taskId) : list.map((c) => c.item!.taskId);
      for (const m of await planLeaderMembers(deps.db, first.unitId, taskIds)) {
        if (!onLeave(m, today) && !people.some((p) => p.platform === m.platform && p.userId === m.userId)) people.push({ platform: m.platform, userId: m.userId, name: m.name });
      }
    }
    const items = createHash("sha1").update(list.map((c) => c.runKey).join(",")).digest("hex").slice(0, 10);
    for (const p of people) {
      const text = personalText(t, list, p, deps.calendar, today);
      splitWithMarkers(text, t).forEach((part, i) =>
        result.drafts.push({
          key: `ladder:${rung}:${today}:${items}:${p.platform}-user:${p.userId}:part${i + 1}`,
          platform: p.platform,
          destination: `${p.platform}-user:${p.userId}`,
          subject: first.unitName,
          message: { text: part, format: "text" },
          staleAt: staleFor(list),
        }),
      );
      result.byRung[rung] += 1;
    }
    if (rung === "red") {
      interview.push({
        unit: first.unitName,
        count: first.kind === "report" ? first.tasks.length : list.length,
        what: first.kind === "report" ? t("ladder.interview_report", { period: first.period!.label, count: first.tasks.length }) : t("ladder.interview_dated", { count: list.length }),
      });
    }
  }
  if (interview.length) {
    const supervision = await deps.db.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
    // The longest backlog first, as the overdue summary.
    interview.sort((a, b) => b.count - a.count);
    const lines = [
      t("ladder.interview_header", { date: dayLabel(t, today), count: new Set(interview.map((i) => i.unit)).size, days: ladder.report.redWorkingDaysAfter }),
      ...interview.map((i) => t("ladder.interview_line", { unit: i.unit, what: i.what })),
    ];
    const hash = createHash("sha1").update(interview.map((i) => `${i.unit}:${i.what}`).join(",")).digest("hex").slice(0, 10);
    for (const g of supervision) {
      splitWithMarkers(lines.join("\n"), t).forEach((text, i) =>
        result.drafts.push({
          key: `ladder:red:${today}:${hash}:supervision:${g.id}:part${i + 1}`,
          platform: g.platform,
          destination: `group:${g.id}`,
          subject: t("ladder.supervision_subject"),
          message: { text, format: "text" },
        }),
      );
      result.byRung.red += 1;
    }
  }
  if (opts.dryRun) return result;
  await deps.db
    .$transaction(
      async (tx) => {
        // Recorded also when a unit has nobody for the rung (no 分管领导 registered): the rung
        // has passed; the 约谈 list and `任务 N` still show it.
        await tx.reminderRun.createMany({ data: fresh.map((c) => ({ key: c.runKey, enqueued: result.drafts.length })) });
        result.enqueued = await enqueue(tx, result.drafts);
        result.runs = fresh.map((c) => c.runKey);
      },
      { timeout: 60_000, maxWait: 20_000 },
    )
    .catch((e: { code?: string }) => {
      if (e.code !== "P2002") throw e;
      result.enqueued = 0;
      result.runs = [];
      result.byRung = { blue: 0, yellow: 0, red: 0 };
    });
  return result;
}

export function reportRunKey(periodKey: string, rung: Rung, unitId: number): string {
  return `ladder:${periodKey}:${rung}:unit:${unitId}`;
}

async function ranKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  return new Set((await db.reminderRun.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((r) => r.key));
}

function personalText(t: Templates["t"], list: Climb[], p: Recipient, calendar: WorkCalendar, today: string): string {
  const first = list[0]!;
  const rung = first.rung.rung;
  const name = p.name ?? p.userId;
  const lines: string[] = [];
  if (first.kind === "report") {
    const per = first.period!;
    const days = countWorkingDaysAfter(per.deadline, today, calendar);
    lines.push(t(`ladder.${rung}_report`, { unit: first.unitName, period: per.label, deadline: dayLabel(t, per.deadline), count: first.tasks.length, name, days }));
    lines.push(...first.tasks.slice(0, MAX_LINES).map((x) => t("ladder.line", { no: x.no, title: shortTitle(x.text) })));
    if (first.tasks.length > MAX_LINES) lines.push(t("ladder.more", { count: first.tasks.length - MAX_LINES }));
  } else {
    lines.push(t(`ladder.${rung}_dated`, { unit: first.unitName, count: list.length, name }));
    for (const c of list) {
      const it = c.item!;
      const what = it.kind === "milestone" ? t("ladder.milestone_what", { position: it.position!, text: it.text! }) : t("ladder.deadline_what");
      lines.push(t("ladder.dated_line", { no: it.taskNo, title: shortTitle(it.taskText), what, due: dayLabel(t, it.dueDate) }));
    }
  }
  if (p.standsInFor) lines.push(t("ladder.stand_in", { absent: p.standsInFor }));
  lines.push(rung === "blue" ? t("ladder.how_to_reply", { exampleNo: first.tasks[0]!.no }) : t("ladder.how_to_reply_leader", { unit: first.unitName }));
  return lines.join("\n");
}

/** Working days from the day after `from` up to and including `to`. */
function countWorkingDaysAfter(from: string, to: string, calendar: WorkCalendar): number {
  let n = 0;
  for (let d = new Date(`${from}T00:00:00Z`); ; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    const s = d.toISOString().slice(0, 10);
    if (s > to) return n;
    if (calendar.isWorkday(s)) n++;
  }
}
