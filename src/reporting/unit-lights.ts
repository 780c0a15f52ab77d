// 红黄绿灯 for what chat and the bureau's views show: one light per (task, unit) from
// plan-status's UnitTask rows and the tasks' milestones, then the worst per task and per unit
// (status-light.ts says what each colour means).
import type { Db, Tx } from "../db/client";
import type { WorkCalendar } from "../reminders/work-calendar";
import type { Templates } from "../templates";
import { milestonesByTask, milestonesOf, type UnitMilestone } from "./load-milestones";
import { shanghaiDate } from "./periods";
import { unitTasks, type PlanInForce, type UnitTask } from "./plan-status";
import { statusLight, worstLight, type Light } from "./status-light";

export interface Lights {
  /** By "taskId:unitId". */
  byPair: Map<string, Light>;
  byTask: Map<number, Light>;
  byUnit: Map<number, Light>;
}

export async function lightsOf(db: Db | Tx, plan: PlanInForce, tasks: UnitTask[], now: Date, calendar: WorkCalendar): Promise<Lights> {
  const milestones = await milestonesByTask(db, [...new Set(tasks.map((t) => t.taskId))]);
  return lightsFrom(plan, tasks, milestones, now, calendar);
}

/** The lights from milestones already at hand (chat passes the read model's, with no query). */
export function lightsFrom(plan: PlanInForce, tasks: UnitTask[], milestones: Map<number, UnitMilestone[]>, now: Date, calendar: WorkCalendar): Lights {
  const today = shanghaiDate(now);
  const out: Lights = { byPair: new Map(), byTask: new Map(), byUnit: new Map() };
  for (const t of tasks) {
    const light = statusLight(
      {
        today,
        closure: t.closure,
        deadline: t.deadline,
        milestones: milestonesOf(milestones.get(t.taskId) ?? [], t.unitId),
        quarterDeadline: plan.period.deadline,
        reportedThisQuarter: t.status === "reported",
        reportOverdue: t.status === "overdue",
      },
      calendar,
    );
    out.byPair.set(`${t.taskId}:${t.unitId}`, light);
    out.byTask.set(t.taskId, worstLight([out.byTask.get(t.taskId) ?? "none", light]));
    out.byUnit.set(t.unitId, worstLight([out.byUnit.get(t.unitId) ?? "none", light]));
  }
  return out;
}

/** Lights of the given units' tasks (groups such as 市政府各部门 report nothing and are left out by the caller). */
export async function unitLights(db: Db | Tx, plan: PlanInForce, unitIds: number[], now: Date, calendar: WorkCalendar): Promise<Lights> {
  return lightsOf(db, plan, await unitTasks(db, plan, unitIds, now), now, calendar);
}

/** 🔴🟡🟢, or nothing for a 销号 task. */
export function lightMark(t: Templates["t"], light: Light): string {
  return t(`light.${light}`);
}

/** "🔴3 🟡5 🟢80": how many of `lights` have each colour (colours with none left out). */
export function lightCounts(t: Templates["t"], lights: Iterable<Light>): string {
  const all = [...lights];
  return (["red", "yellow", "green"] as const)
    .map((l) => [l, all.filter((x) => x === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${t(`light.${l}`)}${n}`)
    .join(" ");
}
