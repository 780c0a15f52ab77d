// The files the reminders read: schedule and extra holidays, loaded once.
import type { Config } from "../config";
import { loadScheduleConfig, type ScheduleConfig } from "./schedule-config";
import { createWorkCalendar, loadHolidayFile, type WorkCalendar } from "./work-calendar";

export function loadReminderSettings(config: Pick<Config, "scheduleFile" | "holidaysFile">): { schedule: ScheduleConfig; calendar: WorkCalendar } {
  return { schedule: loadScheduleConfig(config.scheduleFile), calendar: createWorkCalendar(loadHolidayFile(config.holidaysFile)) };
}
