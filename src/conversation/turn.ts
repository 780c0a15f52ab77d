// Everything a command needs to answer one message: who sent it, for which unit(s) they
// act, the group it came from, the plan and period in force, and the template renderer.
import type { Tx } from "../db/client";
import { UnknownUnitError } from "../errors";
import type { ChatGroup } from "../generated/sqlite/client";
import type { InboundMessage, Reply } from "../platforms/message";
import type { ReadModelSnapshot } from "../read-model/read-model";
import type { PlanInForce } from "../reporting/plan-status";
import { periodLabel as labelOf } from "../reporting/period-label";
import type { ScheduleConfig } from "../reminders/schedule-config";
import type { WorkCalendar } from "../reminders/work-calendar";
import type { Templates, Vars } from "../templates";

export interface ActingUnit {
  id: number;
  name: string;
}

export interface Turn {
  /** The transaction of a command that writes; the plain client for a read-only one. */
  tx: Tx;
  /** The read model as of this message: what can be read without a query. */
  model: ReadModelSnapshot;
  templates: Templates;
  now: Date;
  message: InboundMessage;
  /** The prepared text: half-width, @mention removed. */
  text: string;
  /** The message as typed, @mention removed: what a report stores. */
  original: string;
  /** The units the sender belongs to (all of them). */
  memberUnits: ActingUnit[];
  /** The units the sender speaks for here: the group's unit when it is one of theirs. */
  actingUnits: ActingUnit[];
  isSupervisor: boolean;
  /** duban can push into this platform's groups by chat id, with no robot webhook bound. */
  groupPushByChatId?: boolean;
  group: (ChatGroup & { unit: ActingUnit | null }) | null;
  plan: PlanInForce | null;
  reminders: { schedule: ScheduleConfig; calendar: WorkCalendar };
}

export function say(turn: Turn, key: string, vars?: Vars): string {
  return turn.templates.t(key, vars);
}

export function reply(text: string, mentions?: string[]): Reply {
  return mentions?.length ? { text, mentions } : { text };
}

/** "2020年第一季度", or "2020年第四季度（全年）". */
export function periodLabel(turn: Turn): string {
  return labelOf(turn.templates.t, turn.plan!.period);
}

/** Said when the plan is not this year's, so nobody mistakes which period a reply is about. */
export function periodNote(turn: Turn): string {
  if (!turn.plan || turn.plan.planIsCurrent) return "";
  return say(turn, "period.past_plan_note", { planYear: turn.plan.year, period: periodLabel(turn) });
}

export function unitNames(units: ActingUnit[]): string {
  return units.map((u) => u.name).join("、");
}

/** "未找到单位「商务厅」。您是否要找：市商务局" */
/**
 * The unit a supervisor named, or the answer that says there is no such unit (with the names
 * it may have meant): one way for every command that takes a unit's name.
 */
export function namedUnit(turn: Turn, named: string): { unit: { id: number; name: string } } | { answer: Reply } {
  try {
    return { unit: turn.model.directory.lookup.require(named) };
  } catch (e) {
    if (!(e instanceof UnknownUnitError)) throw e;
    return { answer: reply(unknownUnitText(turn, named, e.suggestions)) };
  }
}

export function unknownUnitText(turn: Turn, name: string, suggestions: string[]): string {
  const hint = suggestions.length ? say(turn, "unknown_unit_suggest", { names: suggestions.join("、") }) : "";
  return say(turn, "unknown_unit", { name, suggestions: hint });
}
