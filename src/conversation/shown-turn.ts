// The turn as a read-only view sees it (我的任务, 未报, 进度): its plan's period is the one
// every view shows by default (src/reporting/shown-period.ts), not necessarily the quarter a
// report without a period is filed under today.
import { withShownPeriod } from "../reporting/shown-period";
import type { Turn } from "./turn";

export function shownTurn(turn: Turn): Turn {
  if (!turn.plan) return turn;
  const plan = withShownPeriod(turn.plan, turn.now, turn.reminders.schedule, turn.reminders.calendar);
  return plan === turn.plan ? turn : { ...turn, plan };
}
