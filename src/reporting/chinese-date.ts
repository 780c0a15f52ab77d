// Dates as an official document writes them (GB/T 9704-2012 7.3.5.3: 成文日期 "用阿拉伯数字将年、
// 月、日标全，年份应标全称，月、日不编虚位"): "2020年7月3日", never "2020-07-03" or a time stamp.
import { shanghaiDate } from "./periods";

/** "2020年7月3日" from an instant (its day in Asia/Shanghai) or a "YYYY-MM-DD" day. */
export function chineseDate(day: Date | string): string {
  const ymd = typeof day === "string" ? day : shanghaiDate(day);
  const [y, m, d] = ymd.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
