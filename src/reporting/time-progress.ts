// 序时进度: where a task should be by a date — the share of the year elapsed. The bureau judges
// an indicator against it at the period's deadline: by 3月31日 a quarter of the year is gone,
// so a yearly target a quarter met is 达序时.

/** The share of the calendar year elapsed at the end of `date` ("YYYY-MM-DD"), 0..1. */
export function yearElapsedShare(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const dayOfYear = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1;
  const daysInYear = (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / 86_400_000;
  return dayOfYear / daysInYear;
}
