// A reply that quotes one of duban's own notices is about what the notice is about. The quote
// turns the short reply into the command it means, which then runs as if typed:
//   【办结申请】第16项… + (supervisor) "同意" / "确认销号"        → 销号 16
//   【办结申请】第16项… + (supervisor) "材料不全，退回"           → 退回 16 材料不全
//   【办结退回】第16项… + "已补充验收材料，请重新审核"            → 办结 16 已补充验收材料，请重新审核
//   【节点提醒】…13. … 节点2「…」 + "已完成"                        → 13 节点2 已完成
//   【节点提醒】… + "已建成60个，剩余40个"                          → 13 已建成60个，剩余40个 (progress)
//   【延期申请】第12项…节点2 + (supervisor) "同意" / "同意，延至7月20日" → 同意延期 12 节点2 …
//   【延期申请】第12项… + (supervisor) "不同意，须按期完成"          → 不同意延期 12 须按期完成
//   【异议】第3号… + (supervisor) "经核实，…"                      → 答复异议 3 经核实，…
// Reminders (【督办提醒】, 【逾期提醒】) keep their own path: the reply is a report on a task the
// reminder lists. Anything else is read on its own.
import { DATE_OR_TERM } from "./extension-words";
import { textKind } from "./text-kind";

export interface QuotedReply {
  /** The command text the reply means. */
  text: string;
}

const TASK_IN_QUOTE = /第\s*(\d{1,4})\s*项|(?:^|\n)\s*(\d{1,4})\s*[.．、]/;
/** 销号 is final: the reply must say 同意, 确认 or 销号 ("好的" under a notice only acknowledges it). */
const CONFIRM = /^(?:同意|确认|准予|予以)\s*(?:销号|办结)?[。.!！]?$|^(?:同意|确认|准予|予以)?\s*销号[。.!！]?$/;
const RETURN_WORDS = /退回|不同意|驳回|不予|不能销号|不予销号|材料不全|补充材料|不符合/;
const DONE = /^(?:已|已经)?(?:全部)?(?:完成|办结|落实|出台|印发|建成|实现)(?:了)?[。.!！]?$|^(?:节点)?(?:已|已经)(?:按期)?完成/;
/** A smaller count of the milestone's own measure is progress: "已建成60个，剩余40个". */
const PARTIAL = /剩余|尚有|还差|还有|尚未|未完成|部分|一半|\d+\s*个.*\d+\s*个/;

/** Under 【延期申请】 (issue 22): a 批复 must say 同意/批准 or 不同意 ("好的" only acknowledges it). */
const EXTENSION_APPROVE = /^(?:原则(?:上)?同意|同意|准予|批准|予以)(?:延期)?(?:申请)?(?=$|[\s,，。.!！:：;；]|[至到延])/;
const EXTENSION_REFUSE = /^(?:不同意|不予|不批准|驳回)(?:延期)?(?:申请)?/;

/** The task and the 依据 a 【办结申请】 notice showed (as far as the quote carries it). */
export function closureNotice(quoted: string): { no: number; basis: string } | null {
  const q = quoted.trim();
  if (!q.startsWith("【办结申请】")) return null;
  const no = /^【办结申请】第\s*(\d{1,4})\s*项/.exec(q)?.[1];
  // The notice's next line asks for 销号/退回; a quote may have folded it onto the same line.
  const basis = /申请办结，依据：([\s\S]*?)(?:\s*确认请回复|$)/.exec(q)?.[1]?.trim();
  return no && basis ? { no: Number(no), basis } : null;
}

/**
 * Whether the 依据 a quoted 【办结申请】 showed is the one pending now: a quote may be cut short
 * (with or without "…"), so the pending 依据 only has to begin with what the quote shows.
 */
export function showsBasis(shown: string, pending: string): boolean {
  const squash = (t: string) => t.replace(/\s+/g, "").replace(/(?:…|\.\.\.)+$/, "");
  const shownText = squash(shown);
  return shownText.length > 0 && squash(pending).startsWith(shownText);
}

/** The task and the date a 【延期申请】 notice asked for, as the notice wrote them ("9月30日"). */
export function extensionNotice(quoted: string): { no: number; date: string } | null {
  const q = quoted.trim();
  if (!q.startsWith("【延期申请】")) return null;
  const no = /^【延期申请】第\s*(\d{1,4})\s*项/.exec(q)?.[1];
  const date = /\n[^\n]*申请由[^\n]*?延期至([^，,\n]+)[，,]\s*原因/.exec(q)?.[1];
  return no && date ? { no: Number(no), date } : null;
}

export function readQuotedReply(quoted: string, reply: string, isSupervisor: boolean): QuotedReply | null {
  const q = quoted.trim();
  const text = reply.trim();
  if (!text) return null;
  if (q.startsWith("【异议】") && isSupervisor) {
    const id = /^【异议】第\s*(\d{1,6})\s*号/.exec(q)?.[1];
    return id ? { text: `答复异议 ${id} ${text}` } : null;
  }
  const task = TASK_IN_QUOTE.exec(q);
  const no = task ? (task[1] ?? task[2])! : null;
  if (!no) return null;
  if (q.startsWith("【办结申请】") && isSupervisor) {
    if (RETURN_WORDS.test(text)) {
      const reason = text.replace(/^(?:不同意|驳回)[，,。\s]*/, "").replace(/[，,。\s]*(?:请)?退回[。.!！]?$/, "").replace(/^退回[，,：:\s]*/, "").trim();
      const unit = q.includes("按单位销号") ? /\n\s*(\S+?)（[^）\n]*）申请办结/.exec(q)?.[1] : undefined;
      return { text: `退回 ${no} ${unit ? `${unit} ` : ""}${reason || text}` };
    }
    // A task led by several units is 销号 per unit: the notice names the one that applied.
    const unit = /\n\s*(\S+?)（[^）\n]*）申请办结/.exec(q)?.[1];
    if (CONFIRM.test(text)) return { text: unit && q.includes("按单位销号") ? `销号 ${no} ${unit}` : `销号 ${no}` };
    return null;
  }
  if (q.startsWith("【延期申请】") && isSupervisor) {
    const node = /^【延期申请】[^\n]*」\s*(节点\d{1,2})/.exec(q)?.[1];
    const which = node ? ` ${node}` : "";
    const refuse = EXTENSION_REFUSE.exec(text);
    if (refuse) return { text: `不同意延期 ${no}${which} ${text.slice(refuse[0].length).replace(/^[\s,，。:：;；]+/, "")}`.trim() };
    const approve = EXTENSION_APPROVE.exec(text);
    if (approve) {
      const rest = text.slice(approve[0].length).replace(/^[\s,，。:：;；]+/, "");
      // "同意" grants the date the supervisor read in this notice, not whatever is pending now
      // (a later request of the task may ask another date); a date of their own is theirs.
      const asked = extensionNotice(q)?.date;
      const date = asked && !DATE_OR_TERM.test(rest) ? ` 至${asked}` : "";
      return { text: `同意延期 ${no}${which}${date} ${rest}`.trim() };
    }
    return null;
  }
  if (q.startsWith("【办结退回】") && !isSupervisor) {
    const kind = textKind(text);
    if (kind === "question" || kind === "promise") return null;
    return { text: `办结 ${no} ${text}` };
  }
  if (q.startsWith("【节点提醒】")) {
    const node = /节点\s*(\d{1,2})/.exec(q);
    if (node && DONE.test(text) && !PARTIAL.test(text)) return { text: `${no} 节点${node[1]} ${text}` };
    const kind = textKind(text);
    if (kind !== "content") return null;
    // About a date in this quarter's plan: this quarter's report, not a catch-up of the last.
    return { text: `本季度 ${no}：${text}` };
  }
  return null;
}
