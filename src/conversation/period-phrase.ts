// A period named in a message: "本季度", "上季度", "补报", "一季度", "第一季度", "2020年第一季度",
// "2020Q1", "Q1", "全年", "2020年度". Also the period a quoted reminder was about
// ("2020年第一季度", "2020年第四季度（全年）"). The text is width-folded already.
import type { PeriodAsk } from "../reporting/report-period";
import { periodOf, type Period } from "../reporting/periods";
import { toNumber } from "./task-number";

// "current": this quarter, said explicitly (本季度 11 …), so no catch-up into the previous one;
// "previous": 上季度, or 补报 without a quarter.
export type { PeriodAsk };

const QUARTER = "(?:第?\\s*([一二三四1-4])\\s*季度|[Qq]([1-4]))";
/** The period words, as one regex source; groups: year, quarter (cn/digit), quarter (Q), word. */
export const PERIOD_SOURCE = `(?:(?:(\\d{4})\\s*年?\\s*)?${QUARTER}|(\\d{4})\\s*年度|(本季度|本期|当季|这个季度|本季|上季度|上一季度|上个季度|上期|全年|年度))`;

const WHOLE = new RegExp(`^${PERIOD_SOURCE}$`);

/** The period a phrase names, or null when it is not a period phrase. */
export function periodAskOf(phrase: string): PeriodAsk | null {
  const m = WHOLE.exec(phrase.trim());
  return m ? askFromMatch(m, 0) : null;
}

/** Reads the groups of a PERIOD_SOURCE match starting at group `offset` + 1. */
export function askFromMatch(m: RegExpExecArray, offset: number): PeriodAsk | null {
  const [year, qCn, qDigit, fullYear, word] = [m[offset + 1], m[offset + 2], m[offset + 3], m[offset + 4], m[offset + 5]];
  if (word) {
    if (/^(本季度|本期|当季|这个季度|本季)$/.test(word)) return { kind: "current" };
    if (/^(全年|年度)$/.test(word)) return { kind: "named", quarter: 4 };
    return { kind: "previous" };
  }
  if (fullYear) return { kind: "named", year: Number(fullYear), quarter: 4 };
  const q = qCn ? toNumber(qCn) : qDigit ? Number(qDigit) : null;
  if (!q || q < 1 || q > 4) return null;
  return { kind: "named", quarter: q as 1 | 2 | 3 | 4, ...(year ? { year: Number(year) } : {}) };
}

const OPENING = new RegExp(`^${PERIOD_SOURCE}`);

/** The period a report's text opens with ("本季度举办…", "一季度已完成…"), or null. */
export function periodTextOpensWith(text: string): PeriodAsk | null {
  const m = OPENING.exec(text.trim());
  return m ? askFromMatch(m, 0) : null;
}

/**
 * The period a quoted reminder names ("【督办提醒】市商务局：2020年第一季度重点工作…"), or null.
 * Only a full "YYYY年第N季度" counts: that is how every reminder names its period.
 */
export function periodInQuote(quoted: string): PeriodAsk | null {
  const m = /(\d{4})年第([一二三四])季度/.exec(quoted);
  if (!m) return null;
  return { kind: "named", year: Number(m[1]), quarter: toNumber(m[2]!) as 1 | 2 | 3 | 4 };
}

/**
 * A period named on its own, as the bureau types it after 通报 / 汇总 / 未报 and a liaison in a
 * question: "二季度", "第二季度", "Q2", "上季度", "本季度", "2020年二季度", "2020Q2", "全年",
 * "2020年度", also "今年二季度", "二季度的", "2020年" (the year: its summary). Null otherwise.
 */
export function standalonePeriodAsk(phrase: string): PeriodAsk | null {
  const s = phrase.trim().replace(/^(?:今年|本年度?)\s*(?=[第一二三四1-4Qq])/, "").replace(/\s*(?:的|的情况|情况)$/, "");
  const year = /^(\d{4})\s*年$/.exec(s);
  if (year) return { kind: "named", year: Number(year[1]), quarter: 4 };
  return periodAskOf(s);
}

/**
 * The period an ask names, counted from the period in force (`current`): a quarter without a
 * year is of the plan's year; 上季度 of a first quarter is the fourth quarter of the year before.
 */
export function periodOfAsk(ask: PeriodAsk, current: Period): Period {
  if (ask.kind === "current") return current;
  if (ask.kind === "previous") return current.quarter > 1 ? periodOf(current.year, (current.quarter - 1) as 1 | 2 | 3, current.rule) : periodOf(current.year - 1, 4, current.rule);
  return periodOf(ask.year ?? current.year, ask.quarter, current.rule);
}
