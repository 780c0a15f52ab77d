// How a 落实方案 and its milestones read in replies: the echo after 方案 N, the plan shown by
// 方案 N, and the lines 任务 N adds. Short lines, the milestone number first, so "节点2" in a
// report can be typed from what the reader sees.
import { milestoneState } from "../task-plans/milestone-state";
import { shanghaiDate } from "../reporting/periods";
import { truncate } from "../reporting/short-title";
import type { Templates } from "../templates";
import { dayLabel } from "../reporting/period-label";
import type { Turn } from "./turn";

type T = Templates["t"];

export interface MilestoneView {
  position: number;
  text: string;
  dueDate: string | null;
  doneAt: Date | null;
}


/**
 * Milestones listed in the echo after 方案 N: ten lines of ~120 bytes leave room for the
 * leader, the measures and the notes within one reply (2048 bytes).
 */
export const ECHO_MILESTONES = 10;

/** The plan as understood: leader, measures shortened, each milestone with its date. */
export function planEchoLines(t: T, plan: { leader: string | null; measures: string | null }, milestones: MilestoneView[], planYear: number, max = ECHO_MILESTONES): string[] {
  const lines = [
    t("taskplan.leader", { leader: plan.leader ? truncate(plan.leader, 30) : t("taskplan.none") }),
    t("taskplan.measures", { measures: plan.measures ? truncate(plan.measures, 60) : t("taskplan.none") }),
    t("taskplan.milestones_header", { count: milestones.length }),
  ];
  for (const m of milestones.slice(0, max)) {
    const text = truncate(m.text, 30);
    if (!m.dueDate) lines.push(t("taskplan.milestone_undated", { position: m.position, text }));
    else {
      const done = m.doneAt ? ` ${t("taskplan.state_done", { date: dayLabel(t, shanghaiDate(m.doneAt), planYear) })}` : "";
      const date = dayLabel(t, m.dueDate, planYear) + done;
      lines.push(t("taskplan.milestone", { position: m.position, date, text }));
    }
  }
  if (milestones.length > max) lines.push(t("taskplan.more_stored", { count: milestones.length - max }));
  return lines;
}

/** The lines 任务 N shows: the plan in one line, then each milestone with its state. */
export function taskPlanLines(t: T, plan: { leader: string | null; measures: string | null }, milestones: MilestoneView[], now: Date, planYear: number, max: number, no: number): string[] {
  const lines = [t("taskplan.task_line", { leader: plan.leader ? truncate(plan.leader, 16) : t("taskplan.none"), measures: plan.measures ? truncate(plan.measures, 24) : t("taskplan.none") })];
  for (const m of milestones.slice(0, max)) {
    lines.push(t("taskplan.task_milestone", { position: m.position, state: stateLabel(t, m, now, planYear), text: truncate(m.text, 24) }));
  }
  if (milestones.length > max) lines.push(t("taskplan.more_milestones", { count: milestones.length - max, no }));
  return lines;
}

/** 已完成（6月20日） / 逾期 / 6月30日到期 / 未写时间. */
export function stateLabel(t: T, m: MilestoneView, now: Date, planYear: number): string {
  const state = milestoneState(m, now);
  if (state === "done") return t("taskplan.state_done", { date: dayLabel(t, shanghaiDate(m.doneAt!), planYear) });
  if (state === "overdue") return t("taskplan.state_overdue");
  if (state === "undated") return t("taskplan.state_undated");
  return t("taskplan.state_open", { date: dayLabel(t, m.dueDate!, planYear) });
}


/** Milestones 任务 N lists before "另有N个节点": the screen also carries the text and the reports. */
const TASK_VIEW_MILESTONES = 5;

/** The 落实方案 lines of 任务 N, from the read model; a hint to send one when there is none. */
export async function taskViewPlanLines(turn: Turn, taskId: number, no: number): Promise<string[]> {
  const stored = turn.model.plan.taskPlan(taskId);
  if (!stored) return [turn.templates.t("taskplan.task_none", { no })];
  return taskPlanLines(turn.templates.t, stored, stored.milestones, turn.now, turn.plan!.year, TASK_VIEW_MILESTONES, no);
}
