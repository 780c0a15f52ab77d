// Which period a view shows when none is asked for (issue 20 item 7). One rule for every view:
// chat (我的任务, 未报, 进度, 汇总, 通报) and the dashboard (overview, unit and task pages).
// The quarter that just closed, while its late-report window is open (schedule.yaml
// lateReportWindow: the reports still missing for it are what everyone is chasing, and a
// report sent without a period is filed there), else the quarter in force. On 7月3日 that is
// the second quarter, not the third that began three days ago; for a past year's plan, its
// year summary (Q4).
import { catchUpPeriod } from "./report-period";
import type { PlanInForce } from "./plan-status";
import type { Period } from "./periods";
import { DEFAULT_SCHEDULE, type ScheduleConfig } from "../reminders/schedule-config";
import { createWorkCalendar, type WorkCalendar } from "../reminders/work-calendar";

const DEFAULT_CALENDAR = createWorkCalendar();

/** @param schedule schedule.yaml (what is missing falls back to the defaults) */
export function shownPeriod(plan: PlanInForce, now: Date, schedule: Partial<ScheduleConfig> = DEFAULT_SCHEDULE, calendar: WorkCalendar = DEFAULT_CALENDAR): Period {
  return catchUpPeriod(plan, now, { ...DEFAULT_SCHEDULE, ...schedule }, calendar) ?? plan.period;
}

/** The plan with the period shown: what the read-only views count with. */
export function withShownPeriod(plan: PlanInForce, now: Date, schedule?: Partial<ScheduleConfig>, calendar?: WorkCalendar): PlanInForce {
  const period = shownPeriod(plan, now, schedule, calendar);
  return period.key === plan.period.key ? plan : { ...plan, period };
}
