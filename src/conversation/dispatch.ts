// One place where a prepared message becomes a command run: a recalled message first, then an
// open question is answered, then the declared commands are tried in order, then a quoted
// reminder, then help.
import { loadUnitLookup } from "../directory/unit-lookup";
import type { Reply } from "../platforms/message";
import type { PeriodAsk } from "../reporting/report-period";
import { COMMANDS } from "./commands";
import { helpReply } from "./commands/help";
import { recordReports, reportFromQuote } from "./commands/report";
import { parseTaskRef } from "./commands/task-detail";
import { withdrawRecalled } from "./commands/withdraw";
import type { ReportItem } from "./parse-report";
import { reply, say, type Turn } from "./turn";

export async function dispatch(turn: Turn): Promise<Reply> {
  if (turn.message.recalledMessageId) return withdrawRecalled(turn, turn.message.recalledMessageId);
  const answered = await answerOpenQuestion(turn);
  if (answered) return answered;

  for (const c of COMMANDS) {
    const args = c.parse(turn.text, turn.original);
    if (args === null) continue;
    if (c.access === "supervisor" && !turn.isSupervisor) return reply(say(turn, "not_supervisor", { action: c.actionName ?? c.name }));
    return c.run(turn, args);
  }
  if (turn.message.quotedText && turn.text) return reportFromQuote(turn, turn.message.quotedText);
  return helpReply(turn, turn.text ? say(turn, "unrecognised") : undefined);
}

/**
 * duban asked "which task is this report for?" (answered by a task number) or "which unit?"
 * (answered by a unit name), and the same person in the same chat answers. Any other message
 * drops the question and is handled on its own.
 */
async function answerOpenQuestion(turn: Turn): Promise<Reply | null> {
  const key = { platform: turn.message.platform, chatId: turn.message.chatId, userId: turn.message.senderId };
  const open = await turn.tx.pendingQuestion.findUnique({ where: { platform_chatId_userId: key } });
  if (!open) return null;
  await turn.tx.pendingQuestion.delete({ where: { id: open.id } });
  const context = (open.context ? JSON.parse(open.context) : {}) as { period?: PeriodAsk; items?: ReportItem[]; replace?: boolean };
  if (open.kind === "unit") {
    const candidates = JSON.parse(open.candidates) as string[];
    const unit = await chosenUnit(turn, candidates);
    if (!unit) return null;
    if (open.expiresAt < turn.now) return reply(say(turn, "report.question_expired"));
    const items = (context.items ?? []).map((i) => ({ ...i, unitName: unit }));
    return recordReports(turn, items, { ...(context.period ? { period: context.period } : {}), ...(context.replace ? { replace: true } : {}) });
  }
  const no = parseTaskRef(turn.text);
  if (no === null) return null;
  if (open.expiresAt < turn.now) return reply(say(turn, "report.question_expired"));
  return recordReports(turn, [{ no, text: open.text }], context.period ? { period: context.period } : {});
}

/** "市发展改革委", "发改委" or "发展改革委": the candidate the answer names, if exactly one. */
async function chosenUnit(turn: Turn, candidates: string[]): Promise<string | null> {
  const answer = turn.text.replace(/^[[【]|[\]】]$/g, "").trim();
  if (!answer) return null;
  const lookup = await loadUnitLookup(turn.tx);
  const found = lookup.directory.resolveLoose(answer);
  if (found && candidates.includes(found)) return found;
  const partial = candidates.filter((c) => c.includes(answer));
  return partial.length === 1 ? partial[0]! : null;
}
