// Reporting periods: calendar quarters in China Standard Time, whatever the server's TZ.
// A quarter's report is due on its last day; the Q4 report doubles as the year summary.

export interface Period {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** "2020Q1" … "2020Q4": the key reports are stored under. */
  key: string;
  /** Last day of the quarter, "YYYY-MM-DD" (Asia/Shanghai). */
  deadline: string;
  /** Q4 also counts as the year report (全年落实情况). */
  isYearEnd: boolean;
}

const SHANGHAI = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar date in Asia/Shanghai, "YYYY-MM-DD". */
export function shanghaiDate(instant: Date): string {
  return SHANGHAI.format(instant); // en-CA formats as YYYY-MM-DD
}

// Made once: building an Intl.DateTimeFormat costs far more than formatting with one (it
// showed as 5% of CPU per message when built on every call).
const SHANGHAI_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false });
const SHANGHAI_YEAR = new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" });

/** The calendar year in Asia/Shanghai. */
export function shanghaiYear(instant: Date): number {
  return Number(SHANGHAI_YEAR.format(instant));
}

/** "2020-03-24 09:00" in Asia/Shanghai. */
export function shanghaiDateTime(instant: Date): string {
  const time = SHANGHAI_TIME.format(instant);
  return `${shanghaiDate(instant)} ${time}`;
}

export function periodOf(year: number, quarter: 1 | 2 | 3 | 4): Period {
  const lastMonth = quarter * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return {
    year,
    quarter,
    key: `${year}Q${quarter}`,
    deadline: `${year}-${String(lastMonth).padStart(2, "0")}-${String(lastDay).padStart(2, "0")}`,
    isYearEnd: quarter === 4,
  };
}

/** The quarter an instant falls in, in Asia/Shanghai. */
export function periodAt(instant: Date): Period {
  const [y, m] = shanghaiDate(instant).split("-").map(Number) as [number, number];
  return periodOf(y, Math.ceil(m / 3) as 1 | 2 | 3 | 4);
}

/**
 * The period a plan is reported against at an instant: the current quarter when the plan is
 * this year's; for a past year's plan its last quarter (the year summary); for a future
 * plan its first quarter.
 */
export function planPeriodAt(planYear: number, instant: Date): { period: Period; planIsCurrent: boolean } {
  const now = periodAt(instant);
  if (planYear === now.year) return { period: now, planIsCurrent: true };
  return { period: periodOf(planYear, planYear < now.year ? 4 : 1), planIsCurrent: false };
}

/** Past the deadline: the day after the period's last day has begun in Asia/Shanghai. */
export function isOverdue(period: Period, instant: Date): boolean {
  return shanghaiDate(instant) > period.deadline;
}

/** Parses "2020Q1" / "2020Y" (the year report = Q4). */
export function parsePeriodKey(key: string): Period | null {
  const m = /^(\d{4})(?:Q([1-4])|Y)$/.exec(key.trim().toUpperCase());
  if (!m) return null;
  return periodOf(Number(m[1]), (m[2] ? Number(m[2]) : 4) as 1 | 2 | 3 | 4);
}
