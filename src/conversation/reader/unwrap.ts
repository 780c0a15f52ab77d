// The wrappers around what a person actually wrote, taken off before the message is read:
// the WeCom client's inline quote (「张三：…」 and a dash rule), a forward header ("转发：" and
// "张三 6-24 10:15"), an introduction ("以下是李科长整理的材料："), an @mention at the end,
// and bracket tags at the start of a line ("【重要】", "[进展顺利]"). A tag that names a period
// ("【二季度】") is kept as the period; a tag that names a unit ("【市商务局】") stays in the
// text for the task reference to read. What is unwrapped is never part of a stored report.

export interface Unwrapped {
  /** The message without its wrappers, lines kept. */
  body: string;
  /** The text the message quotes inline, if the client put it into the message itself. */
  inlineQuote?: string;
}

/** "「张三：12：本季度…」" then a line of dashes: WeCom's quote of an earlier message. */
const INLINE_QUOTE = /^「([^」]*)」\s*\n\s*(?:[-－—–_]\s*){3,}\s*\n/;
/** "转发：", "[转发]", "转自督查群：" on a line of its own. */
const FORWARD_LINE = /^(?:【?\[?转发\]?】?|转自\S{0,12})\s*[:：]?\s*$/;
/** "张三 6-24 10:15", "李科长 2020/6/24 10:15:03": the forwarded message's author and time. */
const AUTHOR_LINE = /^\S{1,12}\s+(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d{2}(?::\d{2})?\s*$/;
/** "以下是李科长整理的材料：", "现转发市商务局报送材料如下：" — an introduction line. */
const INTRO_LINE = /^(?:以下(?:是|为)|下面是|现(?:将|转发)|转发)[^\n]{0,24}(?:材料|内容|情况|汇报|报告|如下)[^\n]{0,6}[:：]\s*$/;
/** "… @督办助手" at the end (the leading mention is removed by prepareText). */
const TRAILING_MENTION = /(?:[\s\u2005]+[@＠][^\s@＠]{1,20})+\s*$/;

export function unwrap(original: string): Unwrapped {
  let body = original.trim();
  let inlineQuote: string | undefined;
  const quote = INLINE_QUOTE.exec(body);
  if (quote) {
    inlineQuote = quote[1]!;
    body = body.slice(quote[0].length);
  }
  body = body.replace(TRAILING_MENTION, "");
  const lines = body.split("\n");
  // Wrapper lines come first: a forward header, an author line, an introduction, in any order.
  let first = 0;
  while (first < lines.length - 1) {
    const l = lines[first]!.trim();
    if (!l || FORWARD_LINE.test(l) || AUTHOR_LINE.test(l) || INTRO_LINE.test(l)) first++;
    else break;
  }
  body = lines.slice(first).join("\n").trim();
  return { body, ...(inlineQuote !== undefined ? { inlineQuote } : {}) };
}

/** Words a bracket tag uses to mark a line, never a unit: "【重要】", "[进展顺利]". */
const MARK_TAG = /^[[【［](?:重要|紧急|特急|加急|急|置顶|更新|最新|进展顺利|顺利推进|正常推进|按期推进|已完成|完成|进行中|推进中|滞后|有难度|新增|补充|说明|备注|汇报|报告|进展|进度|工作进展|提醒|通知|转|转发)[\]】］]\s*/;

/** Takes a marking tag off the start of a line: "【重要】72：…" → "72：…". */
export function dropMarkTag(line: string): string {
  return line.replace(MARK_TAG, "");
}
