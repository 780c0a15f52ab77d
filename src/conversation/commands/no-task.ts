// A message that names no task and matched no command: read for what it is before saying
// "没看懂". Nothing here stores anything.
//   a question ("这个季度截止到哪天？", "能不能发Word文件") → what duban can answer, and the help
//   a promise ("正在汇总，今天下班前报完", "12:00前报送") or a pointer ("已通过OA报送")
//   progress without a task ("关于促消费工作：举办…", "5、6月份累计新增贷款18.6亿元") → ask which
//     task, offering the sender's tasks whose titles share the most words with it; the answer
//     (a task number) files it (the open question of report.ts)
import type { Reply } from "../../platforms/message";
import { hasContent } from "../content";
import { textKind, type TextKind } from "../reader/text-kind";
import type { Turn } from "../turn";
import { exampleTaskNo, helpReply } from "./help";
import { acknowledgementReply, askWhichTask, notAReport } from "./report";

/** "收到，已转分管领导", "谢谢提醒", "收到！襄城县马上落实": an acknowledgement with a few more words. */
const ACK_OPENING = /^(?:收到|好的|好|明白|了解|谢谢|感谢|已收到|已阅|知道了)(?:了)?[，,。！!～~\s]*(?:[\u4e00-\u9fa5]{0,12})[。！!～~]?$/;
const ACK_WORDS = /^(?:谢谢提醒|感谢提醒|已报[，,]?\s*请查收|已转(?:分管)?领导|已转.{0,8})[。！!]?$/;
/** Progress words: a sentence with one of these and something it did or counts. */
const PROGRESS = /完成|开工|建成|举办|开展|新增|累计|签约|发放|出台|印发|实现|推进|落实|达到|增长|投资|拨付|召开|培育|改造|新建/;

export type NoTask = { kind: "ack" } | { kind: Exclude<TextKind, "content"> } | { kind: "progress" };

export function readNoTask(text: string): NoTask | null {
  const t = text.trim();
  if (!t) return null;
  if ([...t].length <= 24 && (ACK_OPENING.test(t) || ACK_WORDS.test(t)) && !PROGRESS.test(t.replace(/^收到[，,。！!\s]*/, "").replace(/马上落实|抓紧落实|立即落实/, ""))) return { kind: "ack" };
  const kind = textKind(t);
  if (kind !== "content") return { kind };
  if (/^请问|[?？]$/.test(t)) return { kind: "question" };
  if (hasContent(t) && PROGRESS.test(t) && [...t].length >= 8) return { kind: "progress" };
  return null;
}

/** The reply to a message that names no task (dispatch.ts tries this after every command). */
export async function noTaskReply(turn: Turn, r: NoTask): Promise<Reply> {
  if (r.kind === "ack") return acknowledgementReply(turn);
  if (r.kind === "question") return helpReply(turn, turn.templates.t("reader.question_general"));
  if (r.kind === "progress") return askWhichTask(turn, titleMatches(turn, turn.original));
  return notAReport(turn, { kind: r.kind, nos: [await exampleTaskNo(turn)] });
}

/** Two-character pieces of Chinese text: enough to tell 促消费 from 5G基站 without a dictionary. */
function bigrams(s: string): Set<string> {
  const han = s.replace(/[^\u4e00-\u9fa5]/g, "");
  const out = new Set<string>();
  for (let i = 0; i + 1 < han.length; i++) out.add(han.slice(i, i + 2));
  return out;
}

/** The sender's tasks whose text shares the most with the message, best first (at most 3). */
function titleMatches(turn: Turn, text: string): number[] {
  if (!turn.plan) return [];
  const plan = turn.plan;
  const words = bigrams(text);
  const scored = turn.actingUnits
    .flatMap((u) => turn.model.plan.assignmentsOf(plan.id, u.id))
    .map((a) => {
      const task = bigrams(a.task.text);
      let score = 0;
      for (const w of words) if (task.has(w)) score++;
      return { no: a.task.no, score };
    })
    .filter((x) => x.score >= 2)
    .sort((a, b) => b.score - a.score || a.no - b.no);
  return [...new Set(scored.map((x) => x.no))].slice(0, 3);
}
