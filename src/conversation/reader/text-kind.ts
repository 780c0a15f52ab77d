// What the text after a task reference is, when it is not progress: a question ("12项什么时候
// 截止", "71项需要报什么内容"), a promise of a report later ("19项正在整理材料，稍后报送",
// "下午报"), or a pointer to content duban never receives ("14：详见附件", "88 略", "已通过OA
// 报送"). None of them is a report, whatever numbers they carry: stored, they would mark the
// task 已报 with nothing in it, or replace the real report.
//
// The rules look at the whole short text, not at a word anywhere: "附件3所列项目已开工" or
// "已完成，下一步将适时报送省厅" are reports. Anything long (more than LONG characters) is a
// report: nobody writes a paragraph to ask a question or to say "later".

export type TextKind = "question" | "promise" | "pointer" | "content";

const LONG = 40;

/** A question: ends with ？/? or a question particle, or asks with 什么/何时/怎么/哪/多少/几. */
const QUESTION_END = /[?？]\s*$|[吗嘛么呢]\s*[。.!！]?\s*$/;
const QUESTION_WORD = /什么时候|何时|几号|截止|截至哪|什么内容|报什么|写什么|怎么报|怎么写|如何报|如何填|怎么填|要求是|是否需要|需不需要|要不要|用不用|能不能|可不可以|可以吗|哪个单位|哪些内容|哪几项|多少字|什么格式|什么意思/;
/** Words that make a question word part of a statement: "明确了截止时间", "已按要求报送". */
const STATEMENT = /已|完成|推进|开展|召开|印发|出台|落实|建成|开工|举办/;

/** A promise: the report will come later. */
const PROMISE = /^(?:正在|正|在)?(?:整理|收集|汇总|核实|统计|撰写|起草|准备|梳理|对接)(?:材料|数据|中|资料|相关材料|相关数据)?[，,。\s]*(?:稍后|随后|晚些|尽快|马上|今天|明天|下午|上午|近期|后续|之后|待.{0,8}后)?(?:再)?(?:报送|上报|报|发送|发|补报|提交)?[。.!！]?$|^(?:稍后|随后|晚些|晚点|尽快|马上|今天|明天|今天下午|明天上午|下午|上午|晚上|周一|下周|后续|过后)(?:再|就|会|将)?(?:报送|上报|报|发|发送|补报|提交|补充)[。.!！]?$|^(?:材料|数据|内容)?(?:还在|仍在|正在)(?:整理|汇总|统计|核实|收集)(?:中)?[，,。\s]*(?:稍后|随后|尽快)?(?:报送|上报|报|发)?[。.!！]?$|^待.{1,12}(?:后|再)(?:报送|上报|报|发送|提交)[。.!！]?$/;

/** A pointer: the content is elsewhere. */
const POINTER = /^(?:详见|见|具体见|具体详见|请见|参见|内容见)(?:附件|附表|文件|邮件|材料|表格|OA|oa|群文件|纸质|上传)[\s\S]{0,12}$|^(?:略|同上报|已通过|已经通过|已用|已以)[\s\S]{0,4}(?:OA|oa|邮件|纸质|公文|系统|平台|电子邮件|传真)?[\s\S]{0,10}(?:报送|上报|发送|提交)?[。.!！]?$|^(?:附件|附表)[。.!！]?$|^(?:已|已经)?(?:报送|上报|提交|发送)(?:至|到|给)?(?:督查局|督查室|市政府|邮箱|OA|oa)[\s\S]{0,8}$/;
const ONLY_LUE = /^[略。.…\s]+$/;

export function textKind(text: string): TextKind {
  const t = text.trim().replace(/^[,，:：;；\s]+/, "");
  if (!t) return "content";
  const chars = [...t].length;
  if (ONLY_LUE.test(t)) return "pointer";
  if (chars > LONG) return "content";
  if (POINTER.test(t)) return "pointer";
  if (PROMISE.test(t)) return "promise";
  if (QUESTION_END.test(t) && (QUESTION_WORD.test(t) || !STATEMENT.test(t))) return "question";
  if (QUESTION_WORD.test(t) && !STATEMENT.test(t.replace(QUESTION_WORD, ""))) return "question";
  return "content";
}
