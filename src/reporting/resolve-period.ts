// What the bureau types for a period: "2020Q1", "2020" for the year summary (the Q4 report
// doubles as it), or "current" (当前, 本期) for the period in force now.
import { InputError } from "../errors";
import { parsePeriodKey, type Period } from "./periods";

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

// The period shown when none is named: src/reporting/shown-period.ts (one rule for every view).
