// Recording progress reports: "8：…" (one or several in a message), a reply quoting a
// reminder, 修改 (a report that replaces the current one), or the answer to "which task?" /
// "which unit?". All-or-nothing per message: if any item is wrong, nothing is stored and the
// reply says what to fix. A wrong record is worse than none: an item without content
// ("收到", "👍"), a task not on the unit's list, a period that cannot be, or a unit that cannot
// be told apart stores nothing.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { UnknownUnitError } from "../../errors";
import type { Reply } from "../../platforms/message";
import { currentReport, NEWEST_FIRST, NOT_WITHDRAWN } from "../../reporting/current-report";
import { periodLabel as labelOf } from "../../reporting/period-label";
import { parsePeriodKey, type Period } from "../../reporting/periods";
import { reportedPairs } from "../../reporting/plan-status";
import { catchUpPeriod, choosePeriod, type PeriodAsk } from "../../reporting/report-period";
import { truncate } from "../../reporting/short-title";
import { closeMilestones, type StoredReport } from "../close-milestones";
import { command } from "../command";
import { hasContent } from "../content";
import { readReport, taskNumbersIn, type Reading, type ReportItem } from "../parse-report";
import { periodInQuote } from "../period-phrase";
import { chinaQuarter, periodClaimOf } from "../reader/period-words";
import { textKind } from "../reader/text-kind";
import { foldWidth } from "../prepare-text";
import { reply, say, unitNames, type ActingUnit, type Turn } from "../turn";
import { exampleTaskNo } from "./help";
import { shortTime } from "./task-detail";

/** How long duban waits for the answer to "which task is this for?". */
export const QUESTION_TTL_MS = 30 * 60 * 1000;
/** One report's text: a quarter's progress on one task fits; a pasted document does not. */
export const REPORT_MAX_CHARS = 1000;
/** Items in one message: a unit's whole list (a county has ~110 tasks) but not more. */
export const ITEMS_MAX = 120;

export const report = command({
  name: "report",
  access: "member",
  parse: (_text, original, context) => readReport(original, context?.planYear ? { now: context.now, planYear: context.planYear } : undefined),
  // A question, a promise or a pointer stores nothing.
  writes: (reading: Reading) => reading.kind === "report",
  run: (turn, reading: Reading) => (reading.kind === "report" ? recordReports(turn, reading.items) : notAReport(turn, reading)),
});

/**
 * "12项什么时候截止", "19项正在整理材料，稍后报送", "14：详见附件", a table whose task column
 * cannot be told: nothing is stored, and the reply says what a report needs.
 */
export async function notAReport(turn: Turn, reading: Exclude<Reading, { kind: "report" }>): Promise<Reply> {
  if (reading.kind === "which_column") return reply(say(turn, "reader.which_column", { exampleNo: await exampleTaskNo(turn) }));
  if (reading.kind === "split") return reply(say(turn, "reader.split", { nos: reading.nos.join("、"), a: reading.nos[0]!, b: reading.nos[1]! }));
  const no = reading.nos[0] ?? (await exampleTaskNo(turn));
  return reply(say(turn, `reader.${reading.kind}`, { nos: reading.nos.length ? reading.nos.join("、") : String(no), no }));
}

interface Resolved {
  item: ReportItem;
  taskId: number;
  unit: ActingUnit;
  period: Period;
  late: boolean;
  how: "current" | "named" | "catchUp";
}

export interface RecordOptions {
  /** 修改: the new report replaces the current one, which is marked withdrawn. */
  replace?: boolean;
  /** The period of the reminder the message quotes; items naming none are filed under it. */
  period?: PeriodAsk;
}

export async function recordReports(turn: Turn, items: ReportItem[], opts: RecordOptions = {}): Promise<Reply> {
  const plan = turn.plan;
  if (!plan) return reply(say(turn, "no_plan"));
  if (items.length > ITEMS_MAX) return reply(say(turn, "report_x.too_many", { count: items.length, max: ITEMS_MAX }));
  // The plan and directory from the read model; what has been reported is read in the
  // transaction, since that is what this run may change.
  const tasks = unique(items.map((i) => i.no)).flatMap((no) => {
    const t = turn.model.plan.task(plan.id, no);
    return t ? [{ id: t.id, no: t.no, assignments: turn.model.plan.assignmentsFor(t.id) }] : [];
  });
  const catchUp = catchUpPeriod(plan, turn.now, turn.reminders.schedule, turn.reminders.calendar);
  const problems: string[] = [];
  const skipped: string[] = [];
  const resolved: Resolved[] = [];
  const unitChoices = new Set<string>();
  const lookup = items.some((i) => i.unitName) ? turn.model.directory.lookup : null;
  for (const item of items) {
    const task = tasks.find((t) => t.no === item.no);
    if (!task) {
      problems.push(say(turn, "report.task_missing", { no: item.no, planYear: plan.year, total: plan.taskCount }));
      continue;
    }
    let candidates = turn.actingUnits;
    if (item.unitName) {
      // "12 [市发展改革委] …": any unit the sender belongs to, even in another unit's group.
      let named: ActingUnit | undefined;
      try {
        const u = lookup!.require(item.unitName);
        named = turn.memberUnits.find((m) => m.id === u.id);
      } catch (e) {
        if (!(e instanceof UnknownUnitError)) throw e;
      }
      if (!named) {
        problems.push(say(turn, "report_x.not_your_unit", { unit: item.unitName, units: unitNames(turn.memberUnits) }));
        continue;
      }
      candidates = [named];
    }
    const units = candidates.filter((u) => task.assignments.some((a) => a.unitId === u.id));
    if (!units.length) {
      problems.push(say(turn, "report.not_assigned", { no: item.no, unit: unitNames(candidates) }));
      continue;
    }
    if (units.length > 1) {
      units.forEach((u) => unitChoices.add(u.name));
      continue;
    }
    if (!item.text) {
      problems.push(say(turn, "report.empty_text", { no: item.no }));
      continue;
    }
    if (item.kind) {
      // "13：稍后补报" beside a real report: not stored, said, and no reason to drop the rest.
      skipped.push(say(turn, `reader.item_${item.kind}`, { no: item.no, text: truncate(item.text, 12) }));
      continue;
    }
    if (!hasContent(item.text)) {
      problems.push(say(turn, "report_x.no_content", { no: item.no, text: truncate(item.text, 10) }));
      continue;
    }
    if ([...item.text].length > REPORT_MAX_CHARS) {
      problems.push(say(turn, "report_x.too_long", { no: item.no, length: [...item.text].length, max: REPORT_MAX_CHARS }));
      continue;
    }
    const unit = units[0]!;
    let ask = datedAsk(turn, item.period) ?? opts.period;
    if (!ask && opts.replace) {
      // 修改 corrects the report it replaces, in that report's period (a 逾期补报 included).
      const open = [plan.period.key, ...(catchUp ? [catchUp.key] : [])];
      const replaced = await turn.tx.report.findFirst({ where: { taskId: task.id, unitId: unit.id, period: { in: open }, ...NOT_WITHDRAWN }, orderBy: NEWEST_FIRST });
      const p = replaced ? parsePeriodKey(replaced.period, plan.period.rule) : null;
      if (p) ask = { kind: "named", year: p.year, quarter: p.quarter };
    }
    // The late window applies only when nothing in the message dates the report: "本季度…" in a
    // catch-up report means the quarter being reported, which is the one still missing.
    // A message with no time words after a report of this task still open (this quarter's, or
    // last quarter's filed in its late window) follows that report: "12 均按序时推进" adds to it.
    if (!ask && catchUp) {
      const latest = await turn.tx.report.findFirst({ where: { taskId: task.id, unitId: unit.id, period: { in: [plan.period.key, catchUp.key] }, ...NOT_WITHDRAWN }, orderBy: NEWEST_FIRST });
      const p = latest ? parsePeriodKey(latest.period, plan.period.rule) : null;
      if (p) ask = { kind: "named", year: p.year, quarter: p.quarter };
    }
    const missingBefore = catchUp && !ask && !(await reportedPairs(turn.tx, plan, [unit.id], catchUp.key)).has(`${task.id}:${unit.id}`);
    const choice = choosePeriod(plan, turn.now, ask, missingBefore ? catchUp : null);
    if (!choice.ok) {
      problems.push(
        say(turn, `report_x.period_${choice.problem}`, { no: item.no, period: choice.period ? labelOf(turn.templates.t, choice.period) : "", planYear: plan.year }),
      );
      continue;
    }
    resolved.push({ item, taskId: task.id, unit, period: choice.period, late: choice.late, how: choice.how });
  }
  if (problems.length || (!resolved.length && !unitChoices.size)) {
    problems.push(...skipped);
    if (unitChoices.size) problems.push(say(turn, "report_x.ambiguous_unit", { units: [...unitChoices].join("、") }));
    problems.push(say(turn, "report.nothing_stored", { exampleNo: await exampleTaskNo(turn) }));
    return reply(problems.join("\n"));
  }
  // A liaison of two units: what belongs to one unit is stored now; only the tasks both units
  // carry are asked about, and the answer files just those.
  const shared = items.filter((i) => !i.kind && !resolved.some((r) => r.item === i));
  const lines = resolved.length ? await storeResolved(turn, resolved, opts) : [];
  lines.push(...skipped);
  if (shared.length && unitChoices.size) lines.push(await askWhichUnit(turn, shared, [...unitChoices], opts));
  return reply(lines.join("\n"));
}

async function storeResolved(turn: Turn, resolved: Resolved[], opts: RecordOptions): Promise<string[]> {

  let superseded = false;
  let replaced = false;
  let supplemented = false;
  const unchanged: Resolved[] = [];
  const closing: StoredReport[] = [];
  const stored: Resolved[] = [];
  for (const r of resolved) {
    const key = { taskId: r.taskId, unitId: r.unit.id, period: r.period.key };
    const earlier = await currentReport(turn.tx, key);
    let text = r.item.text;
    if (earlier && !opts.replace) {
      // Within a period a later message adds to the report (补充); only 修改/更正 replaces it.
      // The same text again, or less of it, adds nothing; a fuller text that repeats the
      // earlier one stands on its own.
      const was = earlier.text.replace(/\s+/g, "");
      const now = text.replace(/\s+/g, "");
      if (was.includes(now)) {
        unchanged.push(r);
        continue;
      }
      if (!now.includes(was)) {
        text = say(turn, "report_x.supplement_text", { earlier: earlier.text, time: shortTime(turn.templates.t, turn.now), text });
        supplemented = true;
      } else superseded = true;
    }
    if (earlier && opts.replace) {
      await turn.tx.report.update({ where: { id: earlier.id }, data: { withdrawnAt: turn.now, withdrawnBy: turn.message.senderId } });
      replaced = true;
    }
    // A later update of a report that came in on time does not make the unit late.
    if (earlier && !earlier.late) r.late = false;
    const row = await turn.tx.report.create({
      data: {
        ...key,
        text,
        late: r.late,
        platform: turn.message.platform,
        userId: turn.message.senderId,
        userName: turn.message.senderName ?? null,
        messageId: turn.message.messageId,
        createdAt: turn.now,
        // Only a 修改 replaces (撤回 of it brings the replaced report back); a 补充 keeps the
        // earlier report current, its link is the audit row's previousId.
        replacesId: opts.replace && earlier ? earlier.id : null,
      },
    });
    stored.push(r);
    closing.push({ taskId: r.taskId, no: r.item.no, unitId: r.unit.id, unitName: r.unit.name, reportId: row.id, text: r.item.text, replacedId: opts.replace ? earlier?.id : null });
    const action = opts.replace && earlier ? "report.amended" : earlier ? (text === r.item.text ? "report.superseded" : "report.supplemented") : "report.created";
    await recordAudit(turn.tx, { action, actor: messageActor(turn.message), at: turn.now, taskId: r.taskId, taskNo: r.item.no, unitId: r.unit.id, unitName: r.unit.name, period: r.period.key, detail: { reportId: row.id, late: r.late, text: r.item.text, ...(earlier ? { previousId: earlier.id } : {}) } });
  }
  const lines = stored.length ? storedLines(turn, stored, { superseded, replaced, supplemented }) : [];
  for (const r of unchanged) lines.push(say(turn, "report_x.unchanged", { no: r.item.no, period: labelOf(turn.templates.t, r.period) }));
  return [...lines, ...(await closeMilestones(turn, closing))];
}

function storedLines(turn: Turn, resolved: Resolved[], flags: { superseded: boolean; replaced: boolean; supplemented: boolean }): string[] {
  const t = turn.templates.t;
  const lateTag = (r: Resolved) => (r.late ? say(turn, "report.late_tag") : "");
  const units = unitNames([...new Map(resolved.map((r) => [r.unit.id, r.unit])).values()]);
  const periods = [...new Set(resolved.map((r) => r.period.key))];
  const lines: string[] = [];
  if (resolved.length === 1) {
    const r = resolved[0]!;
    lines.push(say(turn, "report.stored", { no: r.item.no, unit: units, period: labelOf(t, r.period), late: lateTag(r), echo: echo(r.item.text) }));
  } else if (periods.length === 1) {
    const r = resolved[0]!;
    lines.push(say(turn, "report.stored_many", { count: resolved.length, unit: units, period: labelOf(t, r.period), late: lateTag(r) }));
    lines.push(...resolved.map((x) => say(turn, "report.stored_many_line", { no: x.item.no, echo: echo(x.item.text) })));
  } else {
    lines.push(say(turn, "report_x.stored_many_periods", { count: resolved.length, unit: units }));
    lines.push(...resolved.map((x) => say(turn, "report_x.stored_period_line", { no: x.item.no, period: labelOf(t, x.period), late: lateTag(x), echo: echo(x.item.text) })));
  }
  if (flags.replaced) lines.push(say(turn, "report_x.replaced"));
  else if (flags.supplemented) lines.push(say(turn, "report_x.supplemented", { exampleNo: resolved[0]!.item.no }));
  else if (flags.superseded) lines.push(say(turn, "report.superseded"));
  const caughtUp = resolved.filter((r) => r.how === "catchUp");
  if (caughtUp.length) {
    // reportBy {daysAfterQuarter}: last quarter's report may still be on time.
    const key = caughtUp[0]!.late ? "report_x.catch_up_note" : "report_x.catch_up_note_on_time";
    lines.push(say(turn, key, { period: labelOf(t, caughtUp[0]!.period), current: labelOf(t, turn.plan!.period), exampleNo: caughtUp[0]!.item.no }));
  }
  return lines;
}

/**
 * "上季度" is the quarter before the day the message is sent (on 1月8日, last year's fourth),
 * not the one before the period in force; every other ask is used as it is.
 */
function datedAsk(turn: Turn, ask: PeriodAsk | undefined): PeriodAsk | undefined {
  if (ask?.kind !== "previous") return ask;
  const today = chinaQuarter(turn.now);
  return today.quarter === 1 ? { kind: "named", year: today.year - 1, quarter: 4 } : { kind: "named", year: today.year, quarter: (today.quarter - 1) as 1 | 2 | 3 };
}

function echo(text: string): string {
  return truncate(text, 30);
}

/**
 * A reply that quotes a reminder and carries no task number: it is for the quoted task when
 * exactly one of the quoted tasks is still due from the sender's unit; otherwise ask. It is
 * filed under the reminder's period. An acknowledgement ("好的，马上报") is not a report.
 */
export async function reportFromQuote(turn: Turn, quoted: string): Promise<Reply> {
  const plan = turn.plan;
  if (!plan) return reply(say(turn, "no_plan"));
  if (!hasContent(turn.original)) return acknowledgementReply(turn);
  // "收到，正在走审批，本周内完成" under a reminder promises a report; it is none.
  const kind = textKind(foldWidth(turn.original));
  if (kind !== "content") return notAReport(turn, { kind, nos: taskNumbersIn(quoted).slice(0, 1) });
  const claim = plan ? periodClaimOf(foldWidth(turn.original), turn.now, plan.year) : null;
  const period = periodInQuote(quoted) ?? datedAsk(turn, claim?.ask) ?? undefined;
  const choice = choosePeriod(plan, turn.now, period, null);
  const periodKey = choice.ok ? choice.period.key : plan.period.key;
  const numbers = taskNumbersIn(quoted);
  const unitIds = turn.actingUnits.map((u) => u.id);
  const wanted = new Set(numbers);
  const assigned = unitIds.flatMap((u) => turn.model.plan.assignmentsOf(plan.id, u)).filter((a) => wanted.has(a.task.no));
  const done = await reportedPairs(turn.tx, plan, unitIds, periodKey);
  const due = unique(assigned.filter((a) => !done.has(`${a.taskId}:${a.unitId}`)).map((a) => a.task.no));
  const all = unique(assigned.map((a) => a.task.no));
  const only = due.length === 1 ? due[0] : due.length === 0 && all.length === 1 ? all[0] : undefined;
  if (only !== undefined) return recordReports(turn, [{ no: only, text: turn.original }], { period });
  return askWhichTask(turn, due.length ? due : all, period);
}

/** "收到", "好的，马上报", "👍": nothing stored; say what a report needs. */
export async function acknowledgementReply(turn: Turn): Promise<Reply> {
  return reply(say(turn, "ack.reply", { exampleNo: await exampleTaskNo(turn) }));
}

export async function askWhichTask(turn: Turn, candidates: number[], period?: PeriodAsk): Promise<Reply> {
  await ask(turn, "task", candidates.map(String), { ...(period ? { period } : {}) });
  return reply(
    candidates.length
      ? say(turn, "report.ask_which", { candidates: candidates.slice(0, 6).join("、") })
      : say(turn, "report.ask_which_none", { exampleNo: await exampleTaskNo(turn) }),
  );
}

async function askWhichUnit(turn: Turn, items: ReportItem[], units: string[], opts: RecordOptions): Promise<string> {
  await ask(turn, "unit", units, { items, ...(opts.period ? { period: opts.period } : {}), ...(opts.replace ? { replace: true } : {}) });
  return (say(turn, "report_x.ask_unit", { nos: unique(items.map((i) => i.no)).join("、"), units: units.join("、"), example: units[0]!, exampleNo: items[0]!.no }));
}

async function ask(turn: Turn, kind: "task" | "unit", candidates: string[], context: object): Promise<void> {
  const key = { platform: turn.message.platform, chatId: turn.message.chatId, userId: turn.message.senderId };
  const data = {
    kind,
    text: turn.original,
    candidates: JSON.stringify(candidates),
    context: JSON.stringify(context),
    messageId: turn.message.messageId,
    expiresAt: new Date(turn.now.getTime() + QUESTION_TTL_MS),
  };
  await turn.tx.pendingQuestion.upsert({ where: { platform_chatId_userId: key }, create: { ...key, ...data }, update: data });
}

function unique(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
