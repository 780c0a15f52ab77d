// Which days are working days in mainland China, with 调休 (make-up workdays on weekends).
// The chinese-days package carries the official arrangements up to the last year it was
// built with; an operator adds later years in seeds/holidays.yaml. For a year neither
// covers, only weekends are days off and `covers()` says so, so callers can warn.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { z } from "zod";
import { InputError } from "../errors";

const dayList = z.array(z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)).pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dates are YYYY-MM-DD")));
const holidayFile = z.record(
  z.string().regex(/^\d{4}$/, "keys are years such as 2027"),
  z.strictObject({ holidays: dayList.default([]), workdays: dayList.default([]) }),
);

export type HolidayYears = z.infer<typeof holidayFile>;

export interface WorkCalendar {
  isWorkday(date: string): boolean;
  /** Whether the official arrangement for the year is known (bundled or added by the operator). */
  covers(year: number): boolean;
}

/** Years the bundled chinese-days data covers. */
// We read the package's bundled data (the official holidays and 调休 workdays, by date)
// rather than call its isWorkday(): that parses dates in the process's local time zone and
// answers differently on a server whose TZ is not China's; and its keys are the only way to
// know which years it covers (its functions answer for any date, guessing from weekdays).
const BUNDLED = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("chinese-days/dist/chinese-days.json"), "utf8")) as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const BUNDLED_YEARS: ReadonlySet<number> = new Set(Object.keys(BUNDLED.holidays).map((d) => Number(d.slice(0, 4))));

export function createWorkCalendar(extra: HolidayYears = {}): WorkCalendar {
  const holidays = new Set(Object.values(extra).flatMap((y) => y.holidays));
  const workdays = new Set(Object.values(extra).flatMap((y) => y.workdays));
  const extraYears = new Set(Object.keys(extra).map(Number));
  return {
    isWorkday(date) {
      if (workdays.has(date)) return true;
      if (holidays.has(date)) return false;
      if (date in BUNDLED.workdays) return true;
      if (date in BUNDLED.holidays) return false;
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      return dow !== 0 && dow !== 6;
    },
    covers: (year) => BUNDLED_YEARS.has(year) || extraYears.has(year),
  };
}

export function loadHolidayFile(path: string): HolidayYears {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`无法读取节假日文件 ${path}: ${(e as Error).message}`);
  }
  const r = holidayFile.safeParse(parse(text) ?? {});
  if (!r.success) throw new InputError(`${path}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}
