// One place where a prepared message becomes a command run: a recalled message first, then an
// open question is answered, then the declared commands are tried in order, then a quoted
// reminder, then help. route() decides which, and whether the run may write, before any
// transaction is opened: read-only messages need none.
import type { Reply } from "../platforms/message";
import type { PeriodAsk } from "../reporting/report-period";
import { clickRoute } from "./card-click";
import { commandWrites } from "./command";
import { COMMANDS } from "./commands";
import { helpReply } from "./commands/help";
import { noTaskReply, readNoTask } from "./commands/no-task";
import { recordReports, reportFromQuote } from "./commands/report";
import { parseTaskRef } from "./commands/task-detail";
import { withdrawRecalled } from "./commands/withdraw";
import type { ReportItem } from "./parse-report";
import { prepareText } from "./prepare-text";
import { readQuotedReply } from "./reader/quoted-reply";
import { reply, say, type Turn } from "./turn";

export interface Route {
  /** May change something: run in a transaction, with the durable redelivery guard. */
  writes: boolean;
  run(turn: Turn): Promise<Reply>;
}

export async function dispatch(turn: Turn): Promise<Reply> {
  return route(turn).run(turn);
}

/** What the message will run. Reads only the turn (and its read model), never the database. */
export function route(turn: Omit<Turn, "tx">): Route {
  if (turn.message.recalledMessageId) {
    const id = turn.message.recalledMessageId;
    return { writes: true, run: (t) => withdrawRecalled(t, id) };
  }
  const m = turn.message;
  // A card's button: the command it stands for, after the card's own checks (card-click.ts).
  if (m.click) return clickRoute(m.click, typedRoute);
  // An open question is answered, or dropped by a message that changes something; a read-only
  // command in between ("我的任务", then "发改委") leaves it open.
  if (turn.model.questions.has(m.platform, m.chatId, m.senderId)) {
    const next = commandRoute(turn);
    return { writes: true, run: async (t) => (await answerOpenQuestion(t, next.writes)) ?? next.run(t) };
  }
  return commandRoute(turn);
}

/** What `text` would run if the sender had typed it: a card's button runs through here. */
export function typedRoute(turn: Omit<Turn, "tx">, text: string): Route {
  const typed = { ...turn, ...prepareText(text), message: { ...turn.message, text } };
  delete typed.message.quotedText;
  return commandRoute(typed);
}

function commandRoute(turn: Omit<Turn, "tx">): Route {
  // A reply under one of duban's notices means the command the notice asks for ("同意" under
  // 【办结申请】 is 销号 N): it runs as if typed.
  const quotedReply = turn.message.quotedText ? readQuotedReply(turn.message.quotedText, turn.original, turn.isSupervisor) : null;
  const { text, original } = quotedReply ? prepareText(quotedReply.text) : turn;
  for (const c of COMMANDS) {
    const args = c.parse(text, original, { now: turn.now, ...(turn.plan ? { planYear: turn.plan.year } : {}) });
    if (args === null) continue;
    if (c.access === "supervisor" && !turn.isSupervisor) return { writes: false, run: async (t) => reply(say(t, "not_supervisor", { action: c.actionName ?? c.name })) };
    return { writes: commandWrites(c, args, turn.original), run: (t) => c.run(t, args) };
  }
  const quoted = turn.message.quotedText;
  if (quoted && turn.text) return { writes: true, run: (t) => reportFromQuote(t, quoted) };
  // No task, no command: a question, a promise, an acknowledgement, or progress to ask about.
  const noTask = readNoTask(turn.original);
  if (noTask) return { writes: noTask.kind === "progress", run: (t) => noTaskReply(t, noTask) };
  return { writes: false, run: (t) => helpReply(t, t.text ? say(t, "unrecognised") : undefined) };
}

/**
 * duban asked "which task is this report for?" (answered by a task number) or "which unit?"
 * (answered by a unit name), and the same person in the same chat answers. Any other message
 * drops the question and is handled on its own.
 */
async function answerOpenQuestion(turn: Turn, nextWrites: boolean): Promise<Reply | null> {
  const key = { platform: turn.message.platform, chatId: turn.message.chatId, userId: turn.message.senderId };
  const open = await turn.tx.pendingQuestion.findUnique({ where: { platform_chatId_userId: key } });
  if (!open) return null;
  const drop = () => turn.tx.pendingQuestion.delete({ where: { id: open.id } });
  const context = (open.context ? JSON.parse(open.context) : {}) as { period?: PeriodAsk; items?: ReportItem[]; replace?: boolean };
  const opts = { ...(context.period ? { period: context.period } : {}), ...(context.replace ? { replace: true } : {}) };
  if (open.kind === "unit") {
    const candidates = JSON.parse(open.candidates) as string[];
    const units = chosenUnits(turn, candidates);
    if (!units) {
      if (nextWrites) await drop();
      return null;
    }
    await drop();
    if (open.expiresAt < turn.now) return reply(say(turn, "report.question_expired"));
    // "两个单位都报": the same items for each unit.
    const items = units.flatMap((unit) => (context.items ?? []).map((i) => ({ ...i, unitName: unit })));
    return recordReports(turn, items, opts);
  }
  const no = parseTaskRef(turn.text);
  if (no === null) {
    if (nextWrites) await drop();
    return null;
  }
  await drop();
  if (open.expiresAt < turn.now) return reply(say(turn, "report.question_expired"));
  return recordReports(turn, [{ no, text: open.text }], context.period ? { period: context.period } : {});
}

/** "两个单位都报", "都是", "两个都": the answer names every candidate. */
const BOTH = /^(?:两个|两家|二个|2个)?(?:单位)?(?:都|均|全)(?:是|报|要报|有|算)?(?:的)?$|^(?:两个|两家)(?:单位)?(?:都|均)?(?:报|是)?$/;

/** The candidates the answer names: "市发展改革委", "发改委", "是财政局的", or both. */
function chosenUnits(turn: Turn, candidates: string[]): string[] | null {
  const answer = turn.text.replace(/^[[【]|[\]】]$/g, "").replace(/[。.!！,，\s]+$/, "").trim();
  if (BOTH.test(answer)) return candidates;
  const one = chosenUnit(turn, candidates, answer) ?? chosenUnit(turn, candidates, answer.replace(/^(?:是|属于|算|报)/, "").replace(/(?:的|的汇报|的任务)$/, ""));
  return one ? [one] : null;
}

/** "市发展改革委", "发改委" or "发展改革委": the candidate the answer names, if exactly one. */
function chosenUnit(turn: Turn, candidates: string[], answer: string): string | null {
  if (!answer) return null;
  const found = turn.model.directory.lookup.directory.resolveLoose(answer);
  if (found && candidates.includes(found)) return found;
  const partial = candidates.filter((c) => c.includes(answer));
  return partial.length === 1 ? partial[0]! : null;
}
