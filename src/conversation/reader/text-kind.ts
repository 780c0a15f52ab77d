// What the text after a task reference is, when it is not progress. None of these is a report,
// whatever numbers it carries: stored, it would mark the task 已报 with nothing in it, or
// replace the real report.
//   question  "12项什么时候截止", "需要填开工数还是投资额？", "已经建成了，还用每季度报吗？"
//   promise   "19项正在整理材料，稍后报送", "数据还在跟统计局核对，明天上午报", "待补充"
//   pointer   "14：详见附件", "88 略", "已在工作群里发过了", "同上季度", "暂无", "xxxx"
//   withdraw  "43项报错了，请删除", "96项作废", "91 发错了" (asked back: 撤回 is a command)
//   edit      "12项最后一句删掉，其他不变" (an instruction, not the corrected text)
//   closure   "15项全面完成，申请办结销号…", "…请督查局予以销号" (asked back: 办结 is a command)
//   plan      "15项方案调整：…" (a 落实方案 change, not progress)
//   extension "…申请延期至6月底，原因是…" (asked back: 申请延期 is a command, issue 22)
//
// The rules look at the whole text, in this order, and anything long is progress (nobody writes
// a paragraph to ask a question or to say "later"); a text that reports a result (a figure
// with what it counts, 已完成/已建成/开工…) is progress even when it ends with "稍后报送详细材料".

export type TextKind = "question" | "promise" | "pointer" | "withdraw" | "edit" | "closure" | "plan" | "extension" | "content";

const LONG = 60;

/** A result: "2106个", "1.2亿元", "已完成", "已建成" — the text reports something. */
const RESULT = /\d+(?:\.\d+)?\s*(?:个|家|场|项|次|人|名|万|亿|千|元|户|座|条|所|亩|吨|辆|台|套|间|批|%|％|倍|公里|米|平方)|已(?:经)?(?:完成|建成|开工|竣工|出台|印发|举办|召开|签约|投用|投运|运营|上线|实现|达到|整改|拨付|发放)|全面完成/;

const CLOSURE = /申请(?:办结|销号)(?!事项|件|业务|的事|率)|办结销号|予以销号|请.{0,8}销号|可(?:以)?销号|申请结项/;
/**
 * A 延期 request among reports ("13：申请延期至6月底，原因是…"): it opens the text, or, in a short
 * text, stands as a clause of its own ("…，现申请延期至9月底"). "活动延期举办" is progress.
 */
const EXTENSION = /^(?:的)?(?:完成时限|(?:时间)?节点\s*\d+)?\s*[,，]?\s*(?:申请延期|延期申请|申请(?:将)?.{0,12}?(?:延期|延长|推迟|顺延|延)(?:至|到))/;
const EXTENSION_CLAUSE = /(?:^|[,，。;；\s])(?:特此|现|拟)?申请(?:将.{0,12}?)?(?:延期|延长时限|推迟|顺延)(?:至|到)/;
const PLAN = /^(?:的)?(?:落实)?方案(?:调整|修改|变更|更新|补充|如下|[:：])/;
const WITHDRAW = /^(?:报错了|发错了|错了|作废|删除|删掉|请删除|撤回|撤销|全部撤回|全部删除)(?:[，,。！!\s].{0,16})?$|(?:报错了|发错了|弄错了)[，,。\s]*(?:请)?(?:删除|撤回|作废)?[。.!！]?$/;
const EDIT = /(?:删掉|删去|去掉|改为|改成|换成)[^。]{0,12}(?:其他|其余)(?:内容)?不变|^(?:最后|第[一二三四五六七八九十\d]+)(?:一|句|段|行|个)[^。]{0,10}(?:删掉|删去|去掉|改为|改成)/;

/** Words that ask (not 什么 alone: "没有什么问题" is a statement; not 还是 alone: "还是按计划推进"). */
const QUESTION_WORDS = /什么时候|何时|几号|截止时间|截至哪|报什么|写什么|填什么|什么内容|什么格式|什么意思|怎么报|怎么写|怎么填|如何报|如何填|哪个|哪些|哪几|哪一|多少|是否|能否|可否|可不可以|能不能|要不要|用不用|需不需要|还用|(?:填|报|写|按|以|算|是).{1,12}还是|口径|为准/;
const QUESTION_END = /[?？]\s*$/;
const PARTICLE_END = /[吗嘛么呢吧]\s*[。.!！~～]?\s*$/;

const PROMISE = [
  /(?:稍后|随后|晚些|晚点|尽快|马上|立即|今天|明天|后天|今天下午|明天上午|下午|上午|晚上|周[一二三四五六日末]|本周|下周|近期|后续|之后|过后|完(?:了)?|出来|好)(?:内|前)?(?:再|就|会|将|即)?(?:报送|上报|报给您|发给您|报|发送|发|补报|提交|补充|完成)[。.!！]?$/,
  /^(?:正在|正|在|还在|仍在)?(?:整理|收集|汇总|核实|核对|统计|撰写|起草|准备|梳理|对接|审核|走审批|审批)/,
  /^待(?:补充|完善|报|核实|统计|审核|数据|领导)/,
  /(?:还在|仍在|正在)(?:整理|收集|汇总|核实|核对|统计|审核|走审批)/,
];

const POINTER = [
  /^(?:略|暂无|无|没有|待定|同上|同前|[xX×＊*]+|[.。…]+|[-—]+)$/,
  /^同(?:上|一)(?:季度|季|期|次|条|年)?[。.!！]?$/,
  /^同附件|^补充[:：]?\s*(?:详)?见/,
  /(?:详)?见.{0,12}(?:附件|附表|材料|纸质|文件|邮件|表格|OA|oa)/,
  /(?:已|已经)(?:在|通过|以|用|经)?.{0,10}(?:工作群|群里|OA|oa|邮件|邮箱|书面|纸质|系统|平台|公文|传真)/,
  /发过了|报过了|不再重复|请查收|另行报送|单独报送/,
  /^(?:材料|数据|情况)?已(?:报|报送|上报|提交|发送)(?:至|到|给)?.{0,10}$/,
];

export function textKind(text: string): TextKind {
  const t = text.trim().replace(/^[,，:：;；\s]+/, "");
  if (!t) return "content";
  const chars = [...t].length;
  if (PLAN.test(t)) return "plan";
  if (chars <= LONG && CLOSURE.test(t)) return "closure";
  if (EXTENSION.test(t) || (chars <= LONG && EXTENSION_CLAUSE.test(t))) return "extension";
  if (chars > LONG) return "content";
  if (WITHDRAW.test(t)) return "withdraw";
  if (EDIT.test(t)) return "edit";
  if (QUESTION_END.test(t) || /吗\s*[。.!！~～]?\s*$/.test(t) || (PARTICLE_END.test(t) && QUESTION_WORDS.test(t)) || /多少$/.test(t) || (QUESTION_WORDS.test(t) && !/[。；;]/.test(t) && !RESULT.test(t))) return "question";
  if (RESULT.test(t)) return "content";
  if (POINTER.some((re) => re.test(t))) return "pointer";
  if (PROMISE.some((re) => re.test(t))) return "promise";
  return "content";
}
