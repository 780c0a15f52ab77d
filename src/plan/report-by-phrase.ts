// The quarterly report-by day a document states, as a proposal for schedule.yaml's reportBy:
// "每季度最后一个月25日前报送" / "每季度末月25日前" → {day: 25}; "每季度结束后5日内报送" →
// {daysAfterQuarter: 5}. Only proposed: `duban import` prints it, the operator decides (a
// misread rule would move every deadline of the year, so it is never applied silently).
import nzh from "nzh/cn";
import type { ReportBy } from "../reminders/schedule-config";
import { normalizeText } from "./normalize-text";

export interface ReportByProposal {
  /** The words as the document has them. */
  phrase: string;
  rule: ReportBy;
}

const NUMBER = "(\\d{1,2}|[一二三四五六七八九十]{1,3})";
const DAY_OF_LAST_MONTH = new RegExp(`每(?:个)?季度(?:的)?(?:最后一个月|最后一月|末月|第三个月)(?:的)?${NUMBER}(?:日|号)(?:前|之前|以前)`);
const DAYS_AFTER = new RegExp(`每(?:个)?季度(?:结束|终了|末)后${NUMBER}(?:日|天)(?:内|以内|前)`);

function number(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : Number(nzh.decodeS(s));
}

export function proposeReportBy(texts: Iterable<string>): ReportByProposal | null {
  for (const raw of texts) {
    const text = normalizeText(raw).replace(/\s+/g, "");
    const day = DAY_OF_LAST_MONTH.exec(text);
    if (day) {
      const n = number(day[1]!);
      if (n >= 1 && n <= 31) return { phrase: day[0], rule: { day: n } };
    }
    // Working days ("5个工作日内") are not a rule schedule.yaml can state: no proposal.
    const after = DAYS_AFTER.exec(text);
    if (after) {
      const n = number(after[1]!);
      if (n >= 1 && n <= 60) return { phrase: after[0], rule: { daysAfterQuarter: n } };
    }
  }
  return null;
}

/** The rule as it is written in schedule.yaml. */
export function reportByYaml(rule: ReportBy): string {
  if (rule === "quarterEnd") return "quarterEnd";
  return "day" in rule ? `{day: ${rule.day}}` : `{daysAfterQuarter: ${rule.daysAfterQuarter}}`;
}
