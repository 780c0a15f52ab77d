// How a period is named to people: "2020年第一季度", "2020年第四季度（全年）", "3月31日".
import type { Templates } from "../templates";
import type { Period } from "./periods";

export function periodLabel(t: Templates["t"], p: Period): string {
  if (p.isYearEnd) return t("period.year_end", { year: p.year });
  return t("period.quarter", { year: p.year, quarterCn: t(`period.quarter_cn.q${p.quarter}`) });
}

/** "3月31日" for "2020-03-31"; "2021年3月31日" when `year` is given and the day is in another year. */
export function dayLabel(t: Templates["t"], date: string, year?: number): string {
  const [y, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return year !== undefined && y !== year ? t("period.day_other_year", { year: y, month, day }) : t("period.day", { month, day });
}
