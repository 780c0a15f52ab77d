// seeds/schedule.yaml: when reminders go out. Parsed once with zod; a bad value names its key.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { InputError } from "../errors";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as "09:00"');

// The quarterly report's due day: the quarter's last day, a day of its last month ({day: 25}:
// "每季度最后一个月25日前报送"; a month shorter than the day uses its last day), or a number of
// days after the quarter ({daysAfterQuarter: 5}).
export const reportBySchema = z.union([
  z.literal("quarterEnd"),
  z.strictObject({ day: z.number().int().min(1).max(31) }),
  z.strictObject({ daysAfterQuarter: z.number().int().min(1).max(60) }),
]);
export type ReportBy = z.infer<typeof reportBySchema>;

const scheduleSchema = z.strictObject({
  time: timeOfDay.default("09:00"),
  noticeDaysBefore: z.array(z.number().int().min(0).max(60)).min(1).default([7, 3, 1, 0]),
  overdueDaysAfter: z.number().int().min(1).max(30).default(1),
  catchUpHours: z.number().min(0).max(24 * 30).default(72),
  ratePerMinute: z.number().int().min(1).max(600).default(20),
  // How long after a quarter's deadline a report for a task still unreported for that quarter
  // is filed under it as 逾期补报 rather than under the new quarter: "firstNotice" = until the
  // new quarter's first reminder, or a number of days after the deadline.
  lateReportWindow: z.union([z.literal("firstNotice"), z.number().int().min(0).max(92)]).default("firstNotice"),
  // Delivery retries: a reminder until the next stage begins, anything else this long; every
  // message at least minRetryHours (a vendor outage of an hour is not a reason to give up).
  retryHours: z.number().min(0).max(24 * 30).default(24),
  minRetryHours: z.number().min(0).max(24 * 30).default(1),
  reportBy: reportBySchema.default("quarterEnd"),
  // The Q4 report doubles as the year summary; it follows reportBy unless this says otherwise.
  yearEndReportBy: reportBySchema.optional(),
  // 时间节点 of 落实方案: notices this many *working* days before a milestone's date (0 = the
  // day itself; a date that is not a working day moves to the working day before), and the
  // overdue notice on the Nth working day after it.
  milestones: z
    .strictObject({
      noticeWorkingDaysBefore: z.array(z.number().int().min(0).max(30)).default([3, 0]),
      overdueWorkingDaysAfter: z.number().int().min(1).max(30).default(1),
    })
    .default({ noticeWorkingDaysBefore: [3, 0], overdueWorkingDaysAfter: 1 }),
  // A task's own 完成时限 (Task.deadline): calendar days before and after, shifted like the
  // quarter notices (before: to the previous working day; overdue: to the next).
  taskDeadlines: z
    .strictObject({
      noticeDaysBefore: z.array(z.number().int().min(0).max(60)).default([7, 3, 1, 0]),
      overdueDaysAfter: z.number().int().min(1).max(30).default(1),
    })
    .default({ noticeDaysBefore: [7, 3, 1, 0], overdueDaysAfter: 1 }),
  // The supervision group's 专项督查 digest, on working days with something due within
  // horizonDays or overdue.
  digest: z
    .strictObject({ time: timeOfDay.default("08:30"), horizonDays: z.number().int().min(1).max(60).default(7) })
    .default({ time: "08:30", horizonDays: 7 }),
  // The escalation ladder (三色督办, issue 23), opt-in: absent, duban reminds groups only.
  // Per item (a unit's quarter report, a milestone, a 完成时限): 蓝 = a personal nudge to the
  // unit's liaisons blueDaysBefore the due day (moved back to a working day); 黄 = on the due
  // day (a holiday: the working day before), the unit's 分管领导 personally; 红 = the
  // redWorkingDaysAfter-th working day after it, the 主要负责人 personally and the supervision
  // group's 约谈 list. Personal messages only on working days within workingHours.
  ladder: z
    .strictObject({
      report: z.strictObject({ blueDaysBefore: z.number().int().min(0).max(60).default(7), redWorkingDaysAfter: z.number().int().min(1).max(30).default(3) }).default({ blueDaysBefore: 7, redWorkingDaysAfter: 3 }),
      milestones: z.strictObject({ blueDaysBefore: z.number().int().min(0).max(60).default(3), redWorkingDaysAfter: z.number().int().min(1).max(30).default(3) }).default({ blueDaysBefore: 3, redWorkingDaysAfter: 3 }),
      taskDeadlines: z.strictObject({ blueDaysBefore: z.number().int().min(0).max(60).default(7), redWorkingDaysAfter: z.number().int().min(1).max(30).default(3) }).default({ blueDaysBefore: 7, redWorkingDaysAfter: 3 }),
      workingHours: z.strictObject({ from: timeOfDay.default("08:30"), to: timeOfDay.default("18:00") }).default({ from: "08:30", to: "18:00" }),
    })
    .optional(),
  // How long the redelivery guard (InboundEvent: each message that changed something, with its
  // reply) is kept. Platforms redeliver within seconds to minutes; a day is ample.
  inboundEventHours: z.number().min(1).max(24 * 30).default(24),
  // SQLite only: a daily snapshot of the database at `time`, the newest `keep` kept, in `dir`
  // (default: backups/ beside the database). Absent: no scheduled snapshot.
  backup: z
    .strictObject({ time: timeOfDay.default("02:30"), keep: z.number().int().min(1).max(366).default(7), dir: z.string().min(1).optional() })
    .optional(),
});

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type LadderConfig = NonNullable<ScheduleConfig["ladder"]>;

/** The ladder with every default, for tests and for `ladder: {}` in schedule.yaml. */
export const DEFAULT_LADDER: LadderConfig = scheduleSchema.parse({ ladder: {} }).ladder!;

/** The delivery worker's share of the schedule: robot rate and how long to retry. */
export function deliveryOptions(s: ScheduleConfig): { ratePerWindow: number; retryForMs: number; minRetryMs: number } {
  return { ratePerWindow: s.ratePerMinute, retryForMs: s.retryHours * 3600_000, minRetryMs: s.minRetryHours * 3600_000 };
}

export const DEFAULT_SCHEDULE: ScheduleConfig = scheduleSchema.parse({});

export function loadScheduleConfig(path: string): ScheduleConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`无法读取提醒配置 ${path}: ${(e as Error).message}`);
  }
  const r = scheduleSchema.safeParse(parse(text) ?? {});
  if (!r.success) throw new InputError(`${path}: ${r.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
  return r.data;
}
