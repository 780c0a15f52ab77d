// The report flow's one hook for milestones: after reports are stored, a report of the lead
// unit that claims completion closes a milestone of its task's 落实方案 — the one it names
// ("12 节点2 已完成…") or the one its words clearly say ("12：…已出台实施意见"). When the words
// fit several open milestones, or fit one only in part, nothing is closed and the reply asks
// which 节点, listing what to send. The report itself is stored either way; this only adds lines.
import { messageActor, recordAudit } from "../audit/record-audit";
import { beginVerb, claimsCompletion, matchMilestones, milestoneRefParts, partialProgress } from "../task-plans/match-milestone";
import { shanghaiDate } from "../reporting/periods";
import { truncate } from "../reporting/short-title";
import { dayLabel } from "../reporting/period-label";
import { say, type Turn } from "./turn";

export interface StoredReport {
  taskId: number;
  no: number;
  unitId: number;
  unitName: string;
  reportId: number;
  text: string;
  /** 修改: the report this one replaced (withdrawn); what it closed is judged again on the new text. */
  replacedId?: number | null;
}

export async function closeMilestones(turn: Turn, stored: StoredReport[]): Promise<string[]> {
  const lines: string[] = [];
  for (const r of stored) lines.push(...(await closeFor(turn, r)));
  return lines;
}

async function closeFor(turn: Turn, r: StoredReport): Promise<string[]> {
  const reopened = r.replacedId ? await reopen(turn, [r.replacedId]) : [];
  const closed = await closeByReport(turn, r);
  // A 修改 that still says the same 节点 is done: it stays done, with no "reopened" line.
  const again = await turn.tx.milestone.findMany({ where: { id: { in: reopened.map((x) => x.id) }, doneReportId: r.reportId }, select: { id: true } });
  return [...reopened.filter((x) => !again.some((a) => a.id === x.id)).map((x) => x.line), ...closed];
}

/**
 * A report taken back (撤回, a recalled message, 修改) no longer vouches for what it closed:
 * those milestones are open again, and the reply says so.
 */
export async function reopenMilestones(turn: Turn, reportIds: number[]): Promise<string[]> {
  return (await reopen(turn, reportIds)).map((x) => x.line);
}

async function reopen(turn: Turn, reportIds: number[]): Promise<{ id: number; line: string }[]> {
  const closed = await turn.tx.milestone.findMany({ where: { doneReportId: { in: reportIds } }, include: { taskPlan: { select: { task: { select: { no: true } }, unit: { select: { id: true, name: true } } } } }, orderBy: [{ taskId: "asc" }, { position: "asc" }] });
  const lines: { id: number; line: string }[] = [];
  for (const m of closed) {
    await turn.tx.milestone.update({ where: { id: m.id }, data: { doneAt: null, doneBy: null, doneReportId: null } });
    const no = m.taskPlan.task.no;
    await recordAudit(turn.tx, { action: "milestone.reopened", actor: messageActor(turn.message), at: turn.now, taskId: m.taskId, taskNo: no, unitId: m.taskPlan.unit.id, unitName: m.taskPlan.unit.name, detail: { milestoneId: m.id, position: m.position, text: m.text, reportId: m.doneReportId } });
    lines.push({ id: m.id, line: say(turn, "taskplan.reopened", { no, position: m.position }) });
  }
  return lines;
}

async function closeByReport(turn: Turn, r: StoredReport): Promise<string[]> {
  const refs = milestoneRefParts(r.text);
  const plan = await turn.tx.taskPlan.findUnique({ where: { taskId: r.taskId }, include: { unit: { select: { name: true } }, milestones: { orderBy: { position: "asc" } } } });
  if (!plan) return refs.length ? [say(turn, "taskplan.no_plan_for_ref", { no: r.no })] : [];
  // The plan's own unit — the lead unit that sent it — closes its milestones; on a task led by
  // every department, another department's report does not.
  const isLead = plan.unitId === r.unitId;
  const year = turn.plan!.year;
  const open = plan.milestones.filter((m) => !m.doneAt);
  if (!refs.length) {
    const match = matchMilestones(r.text, open, year);
    // Another unit's words that fit a milestone: it stays open (only the plan's unit closes it),
    // and the reply says so, or the unit would believe it done while it shows overdue.
    if (!isLead) {
      const fits = [...match.strong, ...match.weak];
      return fits.length ? [say(turn, "taskplan.lead_only", { no: r.no, lead: plan.unit.name, positions: fits.join("、") })] : [];
    }
    if (match.strong.length === 1) return [await close(turn, r, plan.milestones.find((m) => m.position === match.strong[0])!)];
    const candidates = match.strong.length ? match.strong : match.weak;
    if (!candidates.length) return [];
    return [
      say(turn, "taskplan.ask_which", { no: r.no }),
      ...plan.milestones.filter((m) => candidates.includes(m.position)).map((m) => say(turn, "taskplan.ask_line", { no: r.no, position: m.position, text: truncate(m.text, 24) })),
    ];
  }
  if (!isLead) return [say(turn, "taskplan.lead_only", { no: r.no, lead: plan.unit.name, positions: refs.map((x) => x.position).join("、") })];
  const lines: string[] = [];
  for (const { position, part } of refs) {
    const m = plan.milestones.find((x) => x.position === position);
    if (!m) {
      lines.push(say(turn, "taskplan.no_such_milestone", { no: r.no, position, count: plan.milestones.length }));
      continue;
    }
    if (m.doneAt) {
      lines.push(say(turn, "taskplan.already_done", { no: r.no, position, date: dayLabel(turn.templates.t, shanghaiDate(m.doneAt), year) }));
      continue;
    }
    // "节点2 已完成，节点3 正在推进": each named 节点 is judged by its own part of the text.
    // "节点2（建成村级站点100个）已完成60个": progress towards it, not its completion.
    const partial = partialProgress(part, m.text);
    if (partial) {
      lines.push(say(turn, "taskplan.partial", { no: r.no, position, progress: partial }));
      continue;
    }
    if (!claimsCompletion(part, beginVerb(m.text, year))) {
      lines.push(say(turn, "taskplan.not_claimed", { no: r.no, position }));
      continue;
    }
    lines.push(await close(turn, r, m));
  }
  return lines;
}

async function close(turn: Turn, r: StoredReport, m: { id: number; position: number; text: string }): Promise<string> {
  await turn.tx.milestone.update({ where: { id: m.id }, data: { doneAt: turn.now, doneBy: turn.message.senderId, doneReportId: r.reportId } });
  await recordAudit(turn.tx, { action: "milestone.closed", actor: messageActor(turn.message), at: turn.now, taskId: r.taskId, taskNo: r.no, unitId: r.unitId, unitName: r.unitName, detail: { milestoneId: m.id, position: m.position, text: m.text, reportId: r.reportId } });
  return say(turn, "taskplan.closed", { no: r.no, position: m.position, text: truncate(m.text, 24) });
}
