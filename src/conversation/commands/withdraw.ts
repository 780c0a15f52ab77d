// 撤回: "撤回" takes back the sender's latest report (every item of the message that stored
// it), "撤回 12" the unit's current report for task 12. The platform's recall of a message
// takes back what that message stored. Nothing is deleted (留痕): the report is marked
// withdrawn and the one before it, if any, is current again. Only reports of the period in
// force (or of the previous one while late reports still go to it), or sent in the last day,
// and only by the sender's own unit.
import { messageActor, recordAudit } from "../../audit/record-audit";
import type { Prisma } from "../../generated/sqlite/client";
import { currentReport, NEWEST_FIRST, NOT_WITHDRAWN } from "../../reporting/current-report";
import { periodLabel as labelOf } from "../../reporting/period-label";
import { parsePeriodKey } from "../../reporting/periods";
import { catchUpPeriod } from "../../reporting/report-period";
import { truncate } from "../../reporting/short-title";
import { reopenMilestones } from "../close-milestones";
import { command } from "../command";
import { reply, say, type Turn } from "../turn";
import { parseTaskRef, shortTime } from "./task-detail";

const DAY_MS = 24 * 3600_000;
/** Words around "撤回" that add nothing: "撤回上一条汇报", "撤回刚才的". */
const FILLER = /上一条|上条|刚才|刚刚|最后一条|最新|这条|那条|一下|汇报|报告|内容|的|吧|[。.!！\s]/g;

export const withdraw = command({
  name: "withdraw",
  access: "member",
  parse: (text) => {
    const m = spokenWithdraw(text) ?? /^(?:撤回|撤销|作废)(.*)$/s.exec(text);
    if (!m) return null;
    // "撤回 12 [市商务局]": the unit, for a liaison of several units (as reports take it).
    const tag = /[[【［]\s*([^\]】］]+?)\s*[\]】］]/.exec(m[1]!);
    const rest = (tag ? m[1]!.replace(tag[0], "") : m[1]!).replace(FILLER, "");
    if (!rest) return tag ? null : { no: null };
    const no = parseTaskRef(rest);
    if (no !== null) return { no, ...(tag ? { unitName: tag[1]! } : {}) };
    // "撤回12、13", "撤回 8-10": several tasks, each withdrawn as "撤回 N".
    const nos = taskList(rest);
    return nos ? { no: nos[0]!, more: nos.slice(1), ...(tag ? { unitName: tag[1]! } : {}) } : null;
  },
  async run(turn, args: { no: number | null; more?: number[]; unitName?: string }) {
    if (!args.more?.length) return withdrawOne(turn, args);
    const replies = [];
    for (const no of [args.no, ...args.more]) replies.push((await withdrawOne(turn, { no, ...(args.unitName ? { unitName: args.unitName } : {}) })).text);
    return reply(replies.join("\n"));
  },
});

/**
 * "删除13项汇报", "把刚才的40项删掉", "撤回12项，刚才发的是去年的数据", "不好意思发错群了，撤回":
 * a short message that asks to take a report back in words. The rest after the task is a reason.
 */
function spokenWithdraw(text: string): RegExpExecArray | null {
  if ([...text].length > 30 || /\n/.test(text)) return null;
  const m = /^(?:请|麻烦)?(?:把|将)?(?:刚才|刚刚)?(?:的)?\s*(第?\s*[\d一二三四五六七八九十、，,\s-]{1,20}项?)\s*(?:的)?(?:汇报|报告)?(?:删除|删掉|撤回|撤销|作废)(?:掉)?[。！!]?$/.exec(text) ?? /^(?:删除|删掉)\s*(第?\s*\d{1,4}\s*项)(?:的)?(?:汇报|报告)?[。！!]?$/.exec(text);
  if (m) return m;
  const reason = /^(?:撤回|删除|撤销)\s*(第?\s*\d{1,4}\s*项?)\s*[，,。]\s*(?:刚才|刚刚|之前)?.{0,20}$/.exec(text);
  if (reason) return reason;
  const sorry = /^(?:不好意思|抱歉|对不起)?[，,]?\s*(?:发错群了|发错了|报错了|发重了)[，,。\s]*(?:请)?(?:撤回|删除)[。！!]?$/.exec(text);
  return sorry ? Object.assign(sorry, { 1: "" }) : null;
}

/** "12、13", "12,13", "8-10", "8至10": the tasks of a list or range, or null. */
function taskList(rest: string): number[] | null {
  const r = /^第?\s*(\d{1,4})\s*(?:-|—|~|至|到)\s*(\d{1,4})\s*项?$/.exec(rest.trim());
  if (r) {
    const [a, b] = [Number(r[1]), Number(r[2])];
    return a < b && b - a <= 20 ? Array.from({ length: b - a + 1 }, (_, k) => a + k) : null;
  }
  const parts = rest.trim().replace(/项/g, "").split(/\s*[、,，和及]\s*|\s+/).filter(Boolean);
  const nos = parts.map((p) => parseTaskRef(p));
  return nos.length > 1 && nos.every((n) => n !== null) ? [...new Set(nos as number[])] : null;
}

async function withdrawOne(turn: Turn, { no, unitName }: { no: number | null; unitName?: string }) {
    if (!turn.plan) return reply(say(turn, "no_plan"));
    const named = unitName ? turn.actingUnits.filter((u) => u.name.includes(unitName) || unitName.includes(u.name)) : turn.actingUnits;
    if (!named.length) return reply(say(turn, "withdraw.not_your_unit", { unit: unitName! }));
    const where: Prisma.ReportWhereInput = {
      ...NOT_WITHDRAWN,
      unitId: { in: named.map((u) => u.id) },
      task: { planId: turn.plan.id, ...(no !== null ? { no } : {}) },
      ...(no === null ? { platform: turn.message.platform, userId: turn.message.senderId } : {}),
      OR: [{ period: { in: openPeriods(turn) } }, { userId: turn.message.senderId, createdAt: { gte: new Date(turn.now.getTime() - DAY_MS) } }],
    };
    if (no !== null && named.length > 1) {
      // A liaison of several units in a 1:1 chat: whose report is "撤回 12"? Ask, never guess.
      const owners = await turn.tx.report.findMany({ where, distinct: ["unitId"], select: { unit: { select: { name: true } } } });
      if (owners.length > 1) {
        const units = owners.map((o) => o.unit.name);
        return reply(say(turn, "withdraw.which_unit", { no, units: units.join("、"), first: units[0]! }));
      }
    }
    const latest = await turn.tx.report.findFirst({ where, orderBy: NEWEST_FIRST });
    if (!latest) return reply(no === null ? say(turn, "withdraw.none") : say(turn, "withdraw.none_for", { no }));
    if (no === null) {
      // "撤回" right after "办结 12" means the 办结, not the report before it: withdrawing that
      // report would take back what the unit still stands by and leave the 办结 in place.
      const closure = await turn.tx.task.findFirst({
        where: { planId: turn.plan.id, closure: "pending", closureBy: turn.message.senderId, closureAt: { gt: latest.createdAt } },
        select: { no: true },
      });
      const reportNo = async () => (await turn.tx.task.findUniqueOrThrow({ where: { id: latest.taskId }, select: { no: true } })).no;
      if (closure) return reply(say(turn, "withdraw.after_closure", { no: closure.no, reportNo: await reportNo() }));
      // Likewise "撤回" right after "方案 13 …": the plan is resent to replace it, not withdrawn.
      const plan = await turn.tx.taskPlan.findFirst({
        where: { platform: turn.message.platform, userId: turn.message.senderId, createdAt: { gt: latest.createdAt }, task: { planId: turn.plan.id } },
        select: { task: { select: { no: true } } },
      });
      if (plan) return reply(say(turn, "withdraw.after_plan", { no: plan.task.no, reportNo: await reportNo() }));
    }
    // "撤回" takes back the whole message that stored the latest report; "撤回 12" one report.
    const sameMessage = no === null && latest.messageId ? await turn.tx.report.findMany({ where: { ...where, messageId: latest.messageId }, orderBy: { id: "asc" } }) : [latest];
    return reply(await withdrawReports(turn, sameMessage.map((r) => r.id)));
}

/** The platform recalled a message: withdraw what it stored (the sender's own reports only). */
export async function withdrawRecalled(turn: Turn, messageId: string) {
  await turn.tx.pendingQuestion.deleteMany({ where: { platform: turn.message.platform, userId: turn.message.senderId, messageId } });
  const rows = await turn.tx.report.findMany({
    where: { ...NOT_WITHDRAWN, platform: turn.message.platform, userId: turn.message.senderId, messageId },
    orderBy: { id: "asc" },
  });
  if (!rows.length) return reply(say(turn, "withdraw.recall_nothing"));
  return reply(await withdrawReports(turn, rows.map((r) => r.id)));
}

function openPeriods(turn: Turn): string[] {
  const plan = turn.plan!;
  const previous = catchUpPeriod(plan, turn.now, turn.reminders.schedule, turn.reminders.calendar);
  return [plan.period.key, ...(previous ? [previous.key] : [])];
}

async function withdrawReports(turn: Turn, ids: number[]): Promise<string> {
  const t = turn.templates.t;
  await turn.tx.report.updateMany({ where: { id: { in: ids } }, data: { withdrawnAt: turn.now, withdrawnBy: turn.message.senderId } });
  const rows = await turn.tx.report.findMany({ where: { id: { in: ids } }, include: { task: { select: { no: true } }, unit: { select: { name: true } } }, orderBy: { id: "asc" } });
  // Taking back a 修改 undoes it: the report it replaced (withdrawn by that 修改) is current again.
  const replaced = rows.map((r) => r.replacesId).filter((id): id is number => id !== null && !ids.includes(id));
  if (replaced.length) await turn.tx.report.updateMany({ where: { id: { in: replaced }, withdrawnAt: { not: null } }, data: { withdrawnAt: null, withdrawnBy: null } });
  const lines: string[] = [];
  for (const r of rows) {
    await recordAudit(turn.tx, { action: "report.withdrawn", actor: messageActor(turn.message), at: turn.now, taskId: r.taskId, taskNo: r.task.no, unitId: r.unitId, unitName: r.unit.name, period: r.period, detail: { reportId: r.id, text: r.text } });
    const period = parsePeriodKey(r.period);
    lines.push(say(turn, "withdraw.done", { no: r.task.no, unit: r.unit.name, period: period ? labelOf(t, period) : r.period, echo: truncate(r.text, 20) }));
    const now = await currentReport(turn.tx, { taskId: r.taskId, unitId: r.unitId, period: r.period });
    lines.push(now ? say(turn, "withdraw.current_again", { time: shortTime(t, now.createdAt), echo: truncate(now.text, 20) }) : say(turn, "withdraw.now_unreported", { no: r.task.no }));
  }
  lines.push(...(await reopenMilestones(turn, ids)));
  return lines.join("\n");
}
