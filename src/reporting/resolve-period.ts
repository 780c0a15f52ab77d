// What the bureau types for a period: "2020Q1", "2020" for the year summary (the Q4 report
// doubles as it), or "current" (当前, 本期) for the period in force now.
import { InputError } from "../errors";
import { isOverdue, parsePeriodKey, periodOf, type Period } from "./periods";

export function resolvePeriod(text: string, current: Period | null): Period {
  const s = text.trim();
  if (/^(current|当前|本期)$/i.test(s)) {
    if (!current) throw new InputError("还没有导入年度任务分解文件，无法确定当前期次", "no_plan");
    return current;
  }
  // Periods named here follow the reportBy rule of the period in force.
  if (/^\d{4}$/.test(s)) return parsePeriodKey(`${s}Y`, current?.rule)!;
  const p = parsePeriodKey(s, current?.rule);
  if (!p) throw new InputError(`期次「${s}」无效：请写 2020Q1、2020（全年）或 current`, "bad_period");
  return p;
}

/**
 * The period the bureau means when it names none (chat 通报 and 汇总, the dashboard): the
 * latest one whose deadline has passed — a 通报 names who is late, which only a closed period
 * can say, and on 4月3日 the bureau is still chasing the first quarter — or the current one
 * while none of the plan's year has closed.
 */
export function defaultPeriod(current: Period, now: Date): Period {
  if (isOverdue(current, now) || current.quarter === 1) return current;
  return periodOf(current.year, (current.quarter - 1) as 1 | 2 | 3, current.rule);
}
