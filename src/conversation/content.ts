// Does a text say anything a report could be? "收到", "好的，马上报", "明白", "👍", "ok", "5"
// are acknowledgements: they answer a reminder but report nothing, and stored as a report they
// would mark a task 已报 that nobody has reported. The rule: remove the words people use to
// acknowledge or promise, emoji, punctuation and bare numbers; what is left is content. So
// "已完成" (two words, a real if short report) is content, and "好的，马上报" is not.

/** Words that only acknowledge, promise a report later, thank or greet (matched longest first). */
const ACK_WORDS = [
  "已报送", "已上报", "已报", "知道了", "收到了", "已收到", "收到", "收悉", "好的", "好滴", "好嘞", "好哒", "好", "明白了", "明白", "了解", "清楚",
  "马上报送", "马上上报", "马上报", "马上", "稍后报", "稍后", "随后报", "随后", "尽快报", "尽快", "立即", "立刻", "一会儿", "一会", "等会", "稍等",
  "正在整理", "正在汇总", "正在", "整理中", "汇总中", "准备中", "在报", "报送", "上报", "就报", "再报", "会报", "报",
  // Reading and scheduling words: "已阅", "收到通知", "今天下午报", "马上安排", "抓紧".
  "已阅", "阅", "收到通知", "通知", "汇总", "整理", "安排", "抓紧", "今天", "明天", "上午", "下午", "晚上", "晚点", "晚些", "之后",
  "谢谢", "感谢", "辛苦了", "辛苦", "您好", "你好", "老师", "领导", "督查局",
  "没问题", "可以", "行", "是的", "对的", "嗯嗯", "嗯", "哦", "噢", "啊", "呢", "吧", "啦", "哈", "了", "的", "我们", "我", "这就", "就",
  "ok", "okay", "yes", "thanks", "thx",
  // The scaffolding of a task reference says nothing about progress: "第项", "号", "汇报".
  "汇报", "报告", "任务", "第", "项", "号",
  // "同上" means something only after another item (parse-report copies that item's text).
  "同上", "同前",
];
/** The whole (noise-free) text is a run of those words: "稍后报送收到" = 稍后 + 报送 + 收到. */
const ONLY_ACK = new RegExp(`^(?:${[...ACK_WORDS].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})*$`, "u");
/** Longer than any run of acknowledgements anyone types: content, without trying to segment it. */
const ACK_MAX_CHARS = 40;
/** Emoji, symbols, punctuation, spaces and digits: never content on their own. */
const NOISE = /[\p{Extended_Pictographic}\p{Emoji_Component}\p{P}\p{S}\p{Z}\s\d\u200d\ufe0f]/gu;

/** True when the text carries something a report could say. */
export function hasContent(text: string): boolean {
  const rest = text.toLowerCase().replace(/[@＠]\S*/g, "").replace(NOISE, "");
  if (!rest) return false;
  return rest.length > ACK_MAX_CHARS || !ONLY_ACK.test(rest);
}

/**
 * A message that is only an acknowledgement: some text, no content, and no number (a number
 * is a lookup, or a report whose missing content the report command explains).
 */
export function isAcknowledgement(text: string): boolean {
  return text.trim().length > 0 && !/\d/.test(text) && !hasContent(text);
}
