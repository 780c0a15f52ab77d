// Reports for the bureau's tests, on the seed plan (2020), period 2020Q1:
//   task 8  市发展改革委 (lead)  on time, "完成年度投资100亿元" — 10% of 1000亿元: 欠序时
//   task 12 市商务局 (lead)       superseded once; the current text is the second
//   task 12 市财政局 (cooperating) 逾期补报, with a hostile text (HTML and a spreadsheet formula)
//   task 13 市商务局 (lead)       on time
// Everything else is missing. Each report leaves its audit row, as the chat does.
import { recordAudit } from "../../src/audit/record-audit";
import type { Db } from "../../src/db/client";

export const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>=HYPERLINK("http://evil")`;

export async function seedBureauReports(db: Db): Promise<void> {
  const plan = await db.plan.findUniqueOrThrow({ where: { year: 2020 } });
  const pair = async (no: number, unit: string) => {
    const task = await db.task.findUniqueOrThrow({ where: { planId_no: { planId: plan.id, no } } });
    const u = await db.unit.findUniqueOrThrow({ where: { name: unit } });
    return { taskId: task.id, unitId: u.id };
  };
  const seen = new Set<string>();
  const report = async (no: number, unit: string, data: { text: string; createdAt: Date; messageId: string; late?: boolean; userId?: string; userName?: string }) => {
    const row = await db.report.create({ data: { ...(await pair(no, unit)), ...base, ...data } });
    const key = `${no}:${unit}`;
    await recordAudit(db, { action: seen.has(key) ? "report.superseded" : "report.created", actor: { platform: "wecom", id: row.userId, name: row.userName, messageId: row.messageId }, at: row.createdAt, taskId: row.taskId, taskNo: no, unitId: row.unitId, unitName: unit, period: row.period, detail: { reportId: row.id, late: row.late, text: row.text } });
    seen.add(key);
  };
  const base = { period: "2020Q1", platform: "wecom", userId: "zhangsan", userName: "张三" };
  const at = (s: string) => new Date(`${s}+08:00`);
  await report(8, "市发展改革委", { text: "一季度完成年度投资100亿元，开工项目52个", createdAt: at("2020-03-25T10:00:00"), messageId: "m8" });
  await report(12, "市商务局", { text: "第一版：举办促消费活动2场", createdAt: at("2020-03-26T10:00:00"), messageId: "m12a" });
  await report(12, "市商务局", { text: "修改后：举办促消费活动3场，发放消费券500万元", createdAt: at("2020-03-27T10:00:00"), messageId: "m12b" });
  await report(12, "市财政局", { userId: "qianqi", userName: "钱七", text: HOSTILE, late: true, createdAt: at("2020-04-02T10:00:00"), messageId: "m12c" });
  await report(13, "市商务局", { text: "培育夜间经济街区2个", createdAt: at("2020-03-28T10:00:00"), messageId: "m13" });
}
