// 办结 and 销号 (issue 13): the lead unit says "办结 12 依据……" and the task waits for the
// bureau (待销号); a supervisor says "销号 12" to confirm it (the task then counts as completed
// and gets no more reminders) or "退回 12 原因" to send it back. Each step is one row change on
// the Task, one audit row, and one outbox message to the other side, in the message's
// transaction. Nothing is stored when the 依据 or the 原因 is missing: a 办结 without a basis
// is exactly the wrong record the bureau cannot use.
import { messageActor, recordAudit } from "../../audit/record-audit";
import { closureCard, saveCard } from "../../cards/build-card";
import { enqueue } from "../../delivery/outbox";
import { UnknownUnitError } from "../../errors";
import type { Reply } from "../../platforms/message";
import { shortTitle } from "../../reporting/short-title";
import { command } from "../command";
import { foldWidth } from "../prepare-text";
import { closureNotice, showsBasis } from "../reader/quoted-reply";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { reply, say, type Turn } from "../turn";
import { shortTime } from "./task-detail";

/**
 * After the number: all of it (no backtracking "13" to "1"), and not a count of things —
 * "办结13件信访件", "办结3个项目手续" are a report's words, not task 13 closed and the bureau told.
 */
const WHOLE_NUMBER_NOT_COUNT = "(?![\\d零〇一二两三四五六七八九十百千])(?!\\s*(?:件|个|起|家|场|次|人|名|户|批|笔|宗|条|万|亿|元|所|座|套|台|%|％))";

const N = `第?\\s*(?<no>${NUMBER_SOURCE})${WHOLE_NUMBER_NOT_COUNT}\\s*[项号]?(?:任务|工作)?`;
/** After a verb or a number: the punctuation people put between it and what follows. */
const SEP = "\\s*[:：,，、。;；]?\\s*";

/** Verb first: "办结 12 依据", "办结第12项：依据", "销号：第15项", "退回 12，原因". */
function verbFirst(verbs: string): RegExp {
  return new RegExp(`^(?:${verbs})\\s*[:：]?\\s*${N}${SEP}(?<tail>[\\s\\S]*)$`);
}
/**
 * Number first, the way the bureau answers a 【办结申请】 on a phone: "19 同意销号", "第15项销号",
 * "15 退回，缺少验收材料". The verb must stand alone, followed by punctuation, a space or the
 * end: "12 退回企业保证金3000万元" is a report's words, not the bureau sending task 12 back.
 */
function numberFirst(verbs: string): RegExp {
  return new RegExp(`^${N}${SEP}(?:${verbs})(?:[\\s:：,，、。;；!！]+(?<tail>[\\s\\S]*))?$`);
}
const REQUEST_VERBS = "申请办结|办结";
const CLOSE_VERBS = "确认销号|同意销号|予以销号|准予销号|销号";
const RETURN_VERBS = "不同意销号|不予销号|暂不销号|退回|驳回";
/**
 * A report that asks for 办结 in its own words ("15项全面完成，申请办结销号，验收材料已报送"):
 * stored as a report, the unit would believe it applied. It is a 办结 request to confirm. The
 * request stands as a clause of its own ("，申请办结"), not inside a count ("受理申请办结事项").
 */
const ASKS = "(?:特此|现|拟|予以)?申请(?:予以)?(?:办结|销号|结项)(?:销号)?|办结销号";
const REQUEST_IN_WORDS = new RegExp(`^${N}${SEP}(?<tail>(?:[\\s\\S]*?[\\s,，。;；、])?(?:${ASKS})(?=$|[\\s,，。;；!！])[\\s\\S]*)$`);

/** Labels people repeat before the text the template labels itself ("依据：依据：…"). */
const LABELS: Record<Kind, RegExp | null> = { request: /^(?:(?:办结)?依据|理由)\s*[:：]\s*/, confirm: null, return: /^(?:退回)?(?:原因|理由)\s*[:：]\s*/ };

type Kind = "request" | "confirm" | "return";

/** A second task number opening the tail of a verb-first form: "办结 12、13 …". */
const SECOND_NUMBER = new RegExp(`^第?\\s*(${NUMBER_SOURCE})(?![\\d零〇一二两三四五六七八九十百千])\\s*[项号]?(?=[\\s、,，和及与:：]|$)`);

/**
 * The number and the 依据/原因 as typed (full-width punctuation kept, 留痕), else as folded.
 * `list`: a verb-first form, whose tail may start with a second task number.
 */
function parseWith(kind: Kind, re: RegExp, list: boolean) {
  const withIndices = new RegExp(re.source, "d");
  return (text: string, original: string): Args | null => {
    const m = re.exec(text);
    if (!m) return null;
    const no = toNumber(m.groups!.no!);
    if (no === null) return null;
    // foldWidth keeps positions: the tail's span in the folded original is its span as typed.
    const span = withIndices.exec(foldWidth(original))?.indices?.groups?.tail;
    let tail = (span ? original.slice(span[0], span[1]) : (m.groups!.tail ?? "")).trim();
    const label = LABELS[kind];
    for (let l = label?.exec(foldWidth(tail)); l && l[0]; l = label!.exec(foldWidth(tail))) tail = tail.slice(l[0].length).trim();
    // "办结 13、14 均已完成", "销号 13 14": a list, of which only 13 would be closed and "14 …"
    // stored as its 依据/原因. Asked to send one message per task.
    const more = list ? SECOND_NUMBER.exec(foldWidth(m.groups!.tail ?? "")) : null;
    const other = more ? toNumber(more[1]!) : null;
    return { no, text: tail, ...(other !== null ? { other } : {}) };
  };
}

function firstOf(...parsers: ((text: string, original: string) => Args | null)[]) {
  return (text: string, original: string) => parsers.reduce<Args | null>((found, p) => found ?? p(text, original), null);
}

type Args = { no: number; text: string; other?: number; inWords?: boolean };

/** "15：…申请办结；16：举办活动3场": another task after a stop on the same line. */
const ANOTHER_TASK_INLINE = new RegExp(`[；;。，,]\\s*第?\\s*${NUMBER_SOURCE}\\s*[项号]?\\s*[:：]`);
/** A line after the first that opens with another task ("16：…"): a report of several tasks. */
const ANOTHER_TASK_LINE = new RegExp(`\\n\\s*第?\\s*${NUMBER_SOURCE}\\s*[项号]?\\s*[:：、.]`);

const parseRequest = firstOf(parseWith("request", verbFirst(REQUEST_VERBS), true), (text, original) => {
  // "15：…申请办结\n16：…": the reports of several tasks are left to the report reader, which
  // stores them; only a message about one task is answered with the 办结 form.
  if (ANOTHER_TASK_LINE.test(text) || ANOTHER_TASK_INLINE.test(text)) return null;
  const asked = parseWith("request", REQUEST_IN_WORDS, false)(text, original);
  return asked ? { ...asked, inWords: true } : null;
});
const parseConfirm = firstOf(parseWith("confirm", verbFirst(CLOSE_VERBS), true), parseWith("confirm", numberFirst(CLOSE_VERBS), false));
const parseReturn = firstOf(parseWith("return", verbFirst(RETURN_VERBS), true), parseWith("return", numberFirst(RETURN_VERBS), false));


/** The reply to a list of tasks ("办结 13、14 …"), or null for one task. */
function oneAtATime(turn: Turn, verb: "request" | "confirm" | "return", { no, other }: Args): string | null {
  return other === undefined ? null : say(turn, "closure.one_at_a_time", { verb: say(turn, `closure.verb_${verb}`), no, other });
}

type TaskWithUnits = NonNullable<Awaited<ReturnType<typeof loadTask>>>;
type LeadAssignment = TaskWithUnits["assignments"][number];

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

/**
 * Which lead unit a supervisor's 销号/退回 is about (issue 18 item 11: a task led by several
 * units is closed per lead unit). The only lead in the given states; with several, the one
 * the text opens with ("销号 109 市商务局", "退回 109 市商务局 缺少验收材料"), else the reply
 * asking which. `rest`: the text after the unit's name.
 */
function chooseLead(turn: Turn, task: TaskWithUnits, states: (string | null)[], text: string, verb: "confirm" | "return"): { lead: LeadAssignment; rest: string } | string {
  const candidates = task.assignments.filter((a) => states.includes(a.closure));
  const first = /^\S+?(?=[\s:：,，、]|$)/.exec(text)?.[0] ?? "";
  const namedId = first ? resolveUnit(turn, first) : undefined;
  const named = task.assignments.find((a) => a.unitId === namedId);
  if (named && task.assignments.length > 1) return { lead: named, rest: text.slice(first.length).replace(/^[\s:：,，、]+/, "") };
  if (candidates.length === 1) return { lead: candidates[0]!, rest: text };
  if (!candidates.length) return "";
  return say(turn, "closure.which_unit", { no: task.no, verb: say(turn, `closure.verb_${verb}`), units: candidates.map((a) => a.unit.name).join("、"), example: candidates[0]!.unit.name });
}

function resolveUnit(turn: Turn, name: string): number | undefined {
  try {
    return turn.model.directory.lookup.require(name).id;
  } catch (e) {
    if (e instanceof UnknownUnitError) return undefined;
    throw e;
  }
}

/**
 * The task's own closure columns sum up its lead units' (so what reads the task — reminders,
 * 任务 N, 对表 — sees one state): closed once every lead is, pending once every lead has
 * applied or is closed, else in progress. With one lead unit they are that unit's.
 */
async function summarise(turn: Turn, taskId: number): Promise<void> {
  const leads = await turn.tx.assignment.findMany({ where: { taskId, role: "lead" } });
  const latest = <K extends "closureAt" | "closedAt" | "returnedAt">(k: K) => leads.filter((a) => a[k]).sort((x, y) => y[k]!.getTime() - x[k]!.getTime())[0];
  const allClosed = leads.length > 0 && leads.every((a) => a.closure === "closed");
  const allApplied = leads.length > 0 && leads.every((a) => a.closure === "pending" || a.closure === "closed");
  const applied = latest("closureAt");
  const closed = latest("closedAt");
  const returned = latest("returnedAt");
  await turn.tx.task.update({
    where: { id: taskId },
    data: {
      closure: allClosed ? "closed" : allApplied ? "pending" : null,
      closureNote: allApplied ? (applied?.closureNote ?? null) : null,
      closureAt: allApplied ? (applied?.closureAt ?? null) : null,
      closureBy: allApplied ? (applied?.closureBy ?? null) : null,
      closedAt: allClosed ? (closed?.closedAt ?? null) : null,
      closedBy: allClosed ? (closed?.closedBy ?? null) : null,
      returnedReason: returned?.returnedReason ?? null,
      returnedAt: returned?.returnedAt ?? null,
    },
  });
}

export const closureRequest = command({
  name: "closureRequest",
  access: "member",
  /** A request in a report's words is only answered with the form to confirm it. */
  writes: (args: Args) => !args.inWords,
  parse: parseRequest,
  async run(turn, args: Args) {
    const { no, text } = args;
    const list = oneAtATime(turn, "request", args);
    if (list) return reply(list);
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    if (!task.assignments.length) return reply(say(turn, "closure.no_lead", { no }));
    // In a group bound to one unit a person acts for it only (as for 方案 and reports).
    const lead = task.assignments.find((a) => turn.actingUnits.some((u) => u.id === a.unitId));
    if (!lead) return reply(say(turn, args.inWords ? "closure.not_lead_in_words" : "closure.not_lead", { no, leads: leadNames(task) }));
    if (args.inWords && !lead.closure) return reply(say(turn, "closure.confirm_request", { no, basis: basisOf(text) || say(turn, "closure.basis_placeholder") }));
    if (lead.closure === "pending") return reply(say(turn, "closure.already_pending", { no, time: shortTime(turn.templates.t, lead.closureAt!) }));
    if (lead.closure === "closed") return reply(say(turn, "closure.already_closed", { no, time: shortTime(turn.templates.t, lead.closedAt!) }));
    if (!text) return reply(say(turn, "closure.need_basis", { no }));

    await turn.tx.assignment.update({
      where: { id: lead.id },
      data: { closure: "pending", closureNote: text, closureAt: turn.now, closureBy: turn.message.senderId },
    });
    await summarise(turn, task.id);
    await recordAudit(turn.tx, { action: "task.closure_requested", actor: messageActor(turn.message), at: turn.now, taskId: task.id, taskNo: no, unitId: lead.unitId, unitName: lead.unit.name, detail: { basis: text } });
    const title = shortTitle(task.text);
    const groups = await turn.tx.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
    const several = task.assignments.length > 1;
    const notice = say(turn, several ? "closure.supervision_notice_unit" : "closure.supervision_notice", { no, title, unit: lead.unit.name, user: turn.message.senderName ?? turn.message.senderId, basis: text });
    // With 销号 / 退回 buttons where the group's channel shows cards; the text stays for the rest.
    const cards = groups.map(() => closureCard(turn.templates.t, { no, period: turn.plan!.period.key, notice }));
    for (const [i, g] of groups.entries()) await saveCard(turn.tx, g.platform, cards[i]!);
    await enqueue(
      turn.tx,
      groups.map((g, i) => ({
        key: `closure:${task.id}:${lead.unitId}:requested:${turn.message.messageId}:group:${g.id}`,
        platform: g.platform,
        destination: `group:${g.id}`,
        subject: say(turn, "reminder.supervision_subject"),
        message: { text: notice, format: "text" as const, card: cards[i]! },
      })),
    );
    const notified = groups.length ? say(turn, "closure.notified_supervision") : "";
    return reply(several ? say(turn, "closure.requested_unit", { no, title, unit: lead.unit.name, basis: text, notified }) : say(turn, "closure.requested", { no, title, basis: text, notified }));
  },
});

export const closureConfirm = command({
  name: "closureConfirm",
  access: "supervisor",
  actionName: "销号",
  parse: parseConfirm,
  async run(turn, args: Args) {
    const { no } = args;
    const list = oneAtATime(turn, "confirm", args);
    if (list) return reply(list);
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    const chosen = chooseLead(turn, task, ["pending"], args.text, "confirm");
    if (typeof chosen === "string" && chosen) return reply(chosen);
    const lead = typeof chosen === "string" ? undefined : chosen.lead;
    const closedLead = task.assignments.find((a) => a.closure === "closed");
    if (lead?.closure === "closed" || (!lead && closedLead && task.assignments.every((a) => a.closure === "closed"))) {
      const at = (lead ?? closedLead)!;
      return reply(say(turn, "closure.already_closed_supervisor", { no, time: shortTime(turn.templates.t, at.closedAt!) }));
    }
    // Only a 办结 the lead unit asked for is confirmed: the bureau does not close a task on
    // its own from chat, where "销号 21" for "销号 12" would end a live task silently.
    if (!lead || lead.closure !== "pending") return reply(say(turn, "closure.closed_direct", { no, leads: (lead ? lead.unit.name : leadNames(task)) || "—" }));
    const stale = staleNotice(turn, no, lead);
    if (stale) return reply(stale);
    await turn.tx.assignment.update({ where: { id: lead.id }, data: { closure: "closed", closedAt: turn.now, closedBy: turn.message.senderId } });
    await summarise(turn, task.id);
    await recordAudit(turn.tx, { action: "task.closed", actor: messageActor(turn.message), at: turn.now, taskId: task.id, taskNo: no, unitId: lead.unitId, unitName: lead.unit.name, detail: { basis: lead.closureNote } });
    const title = shortTitle(task.text);
    const units = await notifyLeadUnit(turn, task.id, lead, "closed", say(turn, "closure.unit_closed_notice", { no, title }));
    const notified = units ? say(turn, "closure.notified_unit", { units }) : "";
    return reply(task.assignments.length > 1 ? say(turn, "closure.closed_unit", { no, title, unit: lead.unit.name, notified }) : say(turn, "closure.closed", { no, title, notified }));
  },
});

export const closureReturn = command({
  name: "closureReturn",
  access: "supervisor",
  actionName: "退回办结申请",
  parse: parseReturn,
  async run(turn, args: Args) {
    const { no } = args;
    const list = oneAtATime(turn, "return", args);
    if (list) return reply(list);
    const task = await findTask(turn, no);
    if (typeof task === "string") return reply(task);
    const chosen = chooseLead(turn, task, ["pending", "closed"], args.text, "return");
    if (typeof chosen === "string") return reply(chosen || say(turn, "closure.nothing_to_return", { no }));
    const { lead, rest: text } = chosen;
    if (!lead.closure) return reply(say(turn, "closure.nothing_to_return", { no }));
    if (!text) return reply(say(turn, "closure.need_reason", { no }));
    const stale = lead.closure === "pending" ? staleNotice(turn, no, lead) : "";
    if (stale) return reply(stale);
    await turn.tx.assignment.update({ where: { id: lead.id }, data: { closure: null, closedAt: null, closedBy: null, returnedReason: text, returnedAt: turn.now } });
    await summarise(turn, task.id);
    await recordAudit(turn.tx, { action: "task.returned", actor: messageActor(turn.message), at: turn.now, taskId: task.id, taskNo: no, unitId: lead.unitId, unitName: lead.unit.name, detail: { reason: text, was: lead.closure, basis: lead.closureNote } });
    const title = shortTitle(task.text);
    const units = await notifyLeadUnit(turn, task.id, lead, "returned", say(turn, "closure.unit_returned_notice", { no, title, reason: text }));
    const notified = units ? say(turn, "closure.notified_unit", { units }) : "";
    return reply(task.assignments.length > 1 ? say(turn, "closure.returned_unit", { no, title, unit: lead.unit.name, reason: text, notified }) : say(turn, "closure.returned", { no, title, reason: text, notified }));
  },
});

/**
 * A reply under an older 【办结申请】 of the task — returned since, and applied for again with
 * another 依据 — is about the basis the supervisor read, not the one pending now: 销号 or 退回 on
 * it would decide words nobody read. The answer that says so, or "" when the notice is current.
 */
function staleNotice(turn: Turn, no: number, lead: LeadAssignment): string {
  const read = turn.message.quotedText ? closureNotice(turn.message.quotedText) : null;
  if (!read || read.no !== no || !lead.closureNote || showsBasis(read.basis, lead.closureNote)) return "";
  return say(turn, "closure.stale_notice", { no, unit: lead.unit.name, basis: lead.closureNote });
}

/** Pushes `text` to the groups bound to the lead unit concerned (the one that applied); returns its name, or "" when it has none. */
async function notifyLeadUnit(turn: Turn, taskId: number, lead: LeadAssignment, what: string, text: string): Promise<string> {
  const groups = await turn.tx.chatGroup.findMany({ where: { unitId: lead.unitId }, orderBy: { id: "asc" } });
  await enqueue(
    turn.tx,
    groups.map((g) => ({
      key: `closure:${taskId}:${lead.unitId}:${what}:${turn.message.messageId}:group:${g.id}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      subject: lead.unit.name,
      message: { text, format: "text" as const },
    })),
  );
  return groups.length ? lead.unit.name : "";
}

/**
 * The 依据 a request in words offers ("全面完成，申请办结销号，验收材料已报送" → "全面完成，验收材料已
 * 报送"), for the form the reply asks to send: the request words themselves are no basis.
 */
function basisOf(text: string): string {
  return text
    .replace(new RegExp(`[,，;；。]?\\s*(?:${ASKS})\\s*[,，;；。]?`, "g"), "，")
    .replace(/^[\s,，。;；]+|[\s,，。;；]+$/g, "");
}

/** Pushes `text` to every group bound to a lead unit; returns the units reached ("" if none). */
async function notifyLeadUnits(turn: Turn, task: TaskWithUnits, what: string, text: string): Promise<string> {
  const groups = await turn.tx.chatGroup.findMany({ where: { unitId: { in: task.assignments.map((a) => a.unitId) } }, include: { unit: true }, orderBy: { id: "asc" } });
  await enqueue(
    turn.tx,
    groups.map((g) => ({
      key: `closure:${task.id}:${what}:${turn.message.messageId}:group:${g.id}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      ...(g.unit ? { subject: g.unit.name } : {}),
      message: { text, format: "text" as const },
    })),
  );
  return [...new Set(groups.map((g) => g.unit?.name).filter(Boolean))].join("、");
}
