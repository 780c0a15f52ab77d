// An indicator's value as reported, and where it stands against 序时进度. Reports are free
// text, so the value is read from the lead unit's current report only when it is clear: a
// number with the indicator's own measure word, the one named like the indicator if there are
// several. Anything unclear stays "unknown" — a wrong figure in a 通报 is worse than none.
import { extractIndicators } from "../plan/indicators";
import type { Indicator } from "../plan/types";

export type IndicatorStatus = "ahead" | "on_track" | "behind" | "unknown";

/** How far (in share of the target) from 序时进度 still counts as 达序时. */
export const ON_TRACK_TOLERANCE = 0.05;

/** Rates ("增长8%", "下降0.5个百分点") are judged against the target itself, not pro rata. */
const RATE_UNITS = new Set(["%", "个百分点"]);

/**
 * Reports often restate the task before their progress ("抓好186个重点项目，已开工52个"): the
 * target itself is then no progress (issue 20 item 6). A figure equal to the target counts
 * only where the report says it was reached ("已完成186个", "累计开工186个", "全部建成").
 */
const REACHED = /(?:已|累计|实际|全部|共计|均已|超额)[^,，。;；、\s]{0,8}$/;

function statesReached(text: string, target: number, unit: string): boolean {
  const re = new RegExp(`(?<![\\d.])${String(target).replace(".", "\\.")}${unit.replace(/[.*+?^${}()|[\]\\%]/g, "\\$&")}`, "g");
  return [...text.matchAll(re)].some((m) => REACHED.test(text.slice(Math.max(0, m.index - 12), m.index)));
}

export function reportedValue(indicator: Indicator, reportText: string | undefined): number | null {
  if (!reportText) return null;
  const found = extractIndicators(reportText).filter((x) => x.unit === indicator.unit && (x.target !== indicator.target || statesReached(reportText, x.target, x.unit)));
  if (found.length === 0) return null;
  const named = found.filter((x) => x.name && (indicator.name.includes(x.name) || x.name.includes(indicator.name)));
  const candidates = named.length ? named : found;
  const values = [...new Set(candidates.map((x) => x.target))];
  return values.length === 1 ? values[0]! : null;
}

/** Ahead / on track / behind for a value against its target and the share of the year elapsed. */
export function indicatorStatus(indicator: Indicator, value: number | null, elapsedShare: number): { status: IndicatorStatus; ratio: number | null } {
  if (value === null || !(indicator.target > 0)) return { status: "unknown", ratio: null };
  const ratio = value / indicator.target;
  if (indicator.op === "<=") return { status: value <= indicator.target ? "on_track" : "behind", ratio };
  if (indicator.op === "=" || RATE_UNITS.has(indicator.unit)) {
    return { status: value >= indicator.target ? (value > indicator.target && indicator.op !== "=" ? "ahead" : "on_track") : "behind", ratio };
  }
  if (ratio > elapsedShare + ON_TRACK_TOLERANCE) return { status: "ahead", ratio };
  if (ratio >= elapsedShare - ON_TRACK_TOLERANCE) return { status: "on_track", ratio };
  return { status: "behind", ratio };
}
