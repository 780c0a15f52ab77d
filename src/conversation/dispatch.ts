// One place where a prepared message becomes a command run: an open question is answered
// first, then the declared commands are tried in order, then a quoted reminder, then help.
import type { Reply } from "../platforms/message";
import { COMMANDS } from "./commands";
import { helpReply } from "./commands/help";
import { recordReports, reportFromQuote } from "./commands/report";
import { parseTaskRef } from "./commands/task-detail";
import { reply, say, type Turn } from "./turn";

export async function dispatch(turn: Turn): Promise<Reply> {
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
 * duban asked "which task is this report for?": a task number from the same person in the
 * same chat answers it. Any other message drops the question and is handled on its own.
 */
async function answerOpenQuestion(turn: Turn): Promise<Reply | null> {
  const key = { platform: turn.message.platform, chatId: turn.message.chatId, userId: turn.message.senderId };
  const open = await turn.tx.pendingQuestion.findUnique({ where: { platform_chatId_userId: key } });
  if (!open) return null;
  await turn.tx.pendingQuestion.delete({ where: { id: open.id } });
  const no = parseTaskRef(turn.text);
  if (no === null) return null;
  if (open.expiresAt < turn.now) return reply(say(turn, "report.question_expired"));
  return recordReports(turn, [{ no, text: open.text }]);
}
