// 办结 and 销号 (issue 13): the lead unit says "办结 12 依据……" and the task waits for the
// bureau (待销号); a supervisor says "销号 12" to confirm it (the task then counts as completed
// and gets no more reminders) or "退回 12 原因" to send it back. Each step is one row change on
// the Task, one audit row, and one outbox message to the other side, in the message's
// transaction. Nothing is stored when the 依据 or the 原因 is missing: a 办结 without a basis
// is exactly the wrong record the bureau cannot use.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { enqueue } from "../../delivery/outbox";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { foldWidth } from "../prepare-text";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { reply, say, type Turn } from "../turn";
import { shortTime } from "./task-detail";

/**
 * After the number: all of it (no backtracking "13" to "1"), and not a count of things —
 * "办结13件信访件", "办结3个项目手续" are a report's words, not task 13 closed and the bureau told.
 */
const WHOLE_NUMBER_NOT_COUNT = "(?![\\d零〇一二两三四五六七八九十百千])(?!\\s*(?:件|个|起|家|场|次|人|名|户|批|笔|宗|条|万|亿|元|所|座|套|台|%|％))";

/** "办结 12 依据", "办结第12项：依据", "12 办结 依据" is not taken: it reads as a report. */
function verbRe(verbs: string): RegExp {
  return new RegExp(`^(?:${verbs})\\s*第?\\s*(${NUMBER_SOURCE})${WHOLE_NUMBER_NOT_COUNT}\\s*[项号]?(?:任务)?\\s*[:：,，、。]?\\s*([\\s\\S]*)$`);
}
const CLOSE_REQUEST = verbRe("办结|申请办结");
const CLOSE = verbRe("销号|确认销号|同意销号");
const RETURN = verbRe("退回|驳回");

/** The number and the 依据/原因 as typed (full-width punctuation kept, 留痕), else as folded. */
function parseWith(re: RegExp) {
  const withIndices = new RegExp(re.source, "d");
  return (text: string, original: string) => {
    const m = re.exec(text);
    if (!m) return null;
    const no = toNumber(m[1]!);
    if (no === null) return null;
    // foldWidth keeps positions: the tail's span in the folded original is its span as typed.
    const span = withIndices.exec(foldWidth(original))?.indices?.[2];
    const tail = (span ? original.slice(span[0], span[1]) : m[2]!).trim();
    // "办结 13、14 均已完成", "销号 13 14": a list, of which only 13 would be closed and "14 …"
    // stored as its 依据/原因. Asked to send one message per task.
    const more = new RegExp(`^第?\\s*(${NUMBER_SOURCE})(?![\\d零〇一二两三四五六七八九十百千])\\s*[项号]?(?=[\\s、,，和及与:：]|$)`).exec(foldWidth(m[2]!));
    const other = more ? toNumber(more[1]!) : null;
    return { no, text: tail, ...(other !== null ? { other } : {}) };
  };
}

type Args = { no: number; text: string; other?: number };

/** The reply to a list of tasks ("办结 13、14 …"), or null for one task. */
function oneAtATime(turn: Turn, verb: "request" | "confirm" | "return", { no, other }: Args): string | null {
  return other === undefined ? null : say(turn, "closure.one_at_a_time", { verb: say(turn, `closure.verb_${verb}`), no, other });
}

type TaskWithUnits = NonNullable<Awaited<ReturnType<typeof loadTask>>>;

async function loadTask(turn: Turn, no: number) {
  return turn.tx.task.findUnique({
    where: { planId_no: { planId: turn.plan!.id, no } },
    include: { assignments: { where: { role: "lead" }, include: { unit: true }, orderBy: { position: "asc" } } },
  });
}

/** The task, or the reply saying there is none. */
async function findTask(turn: Turn, no: number): Promise<TaskWithUnits | string> {
  const plan = turn.plan;
  if (!plan) return say(turn, "no_plan");
  const task = await loadTask(turn, no);
  return task ?? say(turn, "task.not_found", { no, planYear: plan.year, total: plan.taskCount });
}

const leadNames = (task: TaskWithUnits) => task.assignments.map((a) => a.unit.name).join("、");

export const closureRequest = command({
  name: "closureRequest",
  access: "member",
  parse: parseWith(CLOSE_REQUEST),
  async run(turn, args: Args) {
    const { no, text } = args;
    const list = oneAtATime(turn, "request", args);
    if (list) return reply(list);
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    if (!task.assignments.length) return reply(say(turn, "closure.no_lead", { no }));
    // In a group bound to one unit a person acts for it only (as for 方案 and reports).
    const lead = task.assignments.find((a) => turn.actingUnits.some((u) => u.id === a.unitId));
    if (!lead) return reply(say(turn, "closure.not_lead", { no, leads: leadNames(task) }));
    if (task.closure === "pending") return reply(say(turn, "closure.already_pending", { no, time: shortTime(turn.templates.t, task.closureAt!) }));
    if (task.closure === "closed") return reply(say(turn, "closure.already_closed", { no, time: shortTime(turn.templates.t, task.closedAt!) }));
    if (!text) return reply(say(turn, "closure.need_basis", { no }));

    await turn.tx.task.update({
      where: { id: task.id },
      data: { closure: "pending", closureNote: text, closureAt: turn.now, closureBy: turn.message.senderId },
    });
    await recordAudit(turn.tx, { action: "task.closure_requested", actor: messageActor(turn.message), at: turn.now, taskId: task.id, taskNo: no, unitId: lead.unitId, unitName: lead.unit.name, detail: { basis: text } });
    const title = shortTitle(task.text);
    const groups = await turn.tx.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
    const notice = say(turn, "closure.supervision_notice", { no, title, unit: lead.unit.name, user: turn.message.senderName ?? turn.message.senderId, basis: text });
    await enqueue(
      turn.tx,
      groups.map((g) => ({
        key: `closure:${task.id}:requested:${turn.now.getTime()}:group:${g.id}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: say(turn, "reminder.supervision_subject"),
        message: { text: notice, format: "text" as const },
      })),
    );
    return reply(say(turn, "closure.requested", { no, title, basis: text, notified: groups.length ? say(turn, "closure.notified_supervision") : "" }));
  },
});

export const closureConfirm = command({
  name: "closureConfirm",
  access: "supervisor",
  actionName: "销号",
  parse: parseWith(CLOSE),
  async run(turn, args: Args) {
    const { no } = args;
    const list = oneAtATime(turn, "confirm", args);
    if (list) return reply(list);
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    if (task.closure === "closed") return reply(say(turn, "closure.already_closed_supervisor", { no, time: shortTime(turn.templates.t, task.closedAt!) }));
    // Only a 办结 the lead unit asked for is confirmed: the bureau does not close a task on
    // its own from chat, where "销号 21" for "销号 12" would end a live task silently.
    if (task.closure !== "pending") return reply(say(turn, "closure.closed_direct", { no, leads: leadNames(task) || "—" }));
    await turn.tx.task.update({ where: { id: task.id }, data: { closure: "closed", closedAt: turn.now, closedBy: turn.message.senderId } });
    await recordAudit(turn.tx, { action: "task.closed", actor: messageActor(turn.message), at: turn.now, taskId: task.id, taskNo: no, detail: { basis: task.closureNote } });
    const title = shortTitle(task.text);
    const units = await notifyLeadUnits(turn, task, "closed", say(turn, "closure.unit_closed_notice", { no, title }));
    return reply(say(turn, "closure.closed", { no, title, notified: units ? say(turn, "closure.notified_unit", { units }) : "" }));
  },
});

export const closureReturn = command({
  name: "closureReturn",
  access: "supervisor",
  actionName: "退回办结申请",
  parse: parseWith(RETURN),
  async run(turn, args: Args) {
    const { no, text } = args;
    const list = oneAtATime(turn, "return", args);
    if (list) return reply(list);
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    if (!task.closure) return reply(say(turn, "closure.nothing_to_return", { no }));
    if (!text) return reply(say(turn, "closure.need_reason", { no }));
    await turn.tx.task.update({ where: { id: task.id }, data: { closure: null, returnedReason: text, returnedAt: turn.now } });
    await recordAudit(turn.tx, { action: "task.returned", actor: messageActor(turn.message), at: turn.now, taskId: task.id, taskNo: no, detail: { reason: text, was: task.closure, basis: task.closureNote } });
    const title = shortTitle(task.text);
    const units = await notifyLeadUnits(turn, task, "returned", say(turn, "closure.unit_returned_notice", { no, title, reason: text }));
    return reply(say(turn, "closure.returned", { no, title, reason: text, notified: units ? say(turn, "closure.notified_unit", { units }) : "" }));
  },
});

/** Pushes `text` to every group bound to a lead unit; returns the units reached ("" if none). */
async function notifyLeadUnits(turn: Turn, task: TaskWithUnits, what: string, text: string): Promise<string> {
  const groups = await turn.tx.chatGroup.findMany({ where: { unitId: { in: task.assignments.map((a) => a.unitId) } }, include: { unit: true }, orderBy: { id: "asc" } });
  await enqueue(
    turn.tx,
    groups.map((g) => ({
      key: `closure:${task.id}:${what}:${turn.now.getTime()}:group:${g.id}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      ...(g.unit ? { subject: g.unit.name } : {}),
      message: { text, format: "text" as const },
    })),
  );
  return [...new Set(groups.map((g) => g.unit?.name).filter(Boolean))].join("、");
}
