// Quantitative targets in a task's text: "今年建设5G基站1500座" → 5G基站 >= 1500 座.
//
// A heuristic, deliberately small: a target is an Arabic number directly followed by a
// measure word from UNITS. Everything else with digits is not a target: years ("2020年"),
// versions ("2.0版"), "5G"/"5A级" (a letter after the digits), "9大重点新兴产业" (大 is no
// measure word), "第3批", and counts inside or right after quotes ("“3个100”", "…”5个方面",
// which count the items of a quoted list). Chinese numerals ("四个一百") are not read at all.
//
// Its name is found on one side of the number:
//  - number-before-noun, "抓好186个重点项目": the noun after the measure word;
//  - noun-before-number, "完成年度投资1000亿元以上": the clause before the number, minus the
//    leading verbs and time words ("今年建设" / "完成") and the comparison words ("达到").
// The comparison comes from the words around it: "以上/不低于/达到/至少" → ">=",
// "以下/以内/不超过/控制在" → "<=", "稳定在/左右" → "=", and ">=" for a plain target.
import type { Indicator, IndicatorOp } from "./types";

const UNITS = [
  "亿元", "万元", "元", "万亩", "亩", "公顷", "万吨标准煤", "吨标准煤", "万吨", "吨",
  "万人次", "人次", "万人", "人", "名", "万户", "户", "平方公里", "公里", "千米", "万平方米",
  "平方米", "亿立方米", "万立方米", "立方米", "米", "座", "个百分点", "个工作日", "个", "家", "处",
  "条", "所", "项", "万辆", "辆", "万套", "套", "万张", "张", "台", "件", "间", "场", "宗",
  "万头", "头", "万只", "只", "张床", "床", "%", "万千瓦时", "亿千瓦时", "万千瓦", "千瓦", "兆瓦",
  "万", "亿",
];

/** Longest unit first, so "万人" wins over "万" and "个百分点" over "个". */
const TARGET = new RegExp(
  `(?<![\\d.A-Za-z第])(\\d+(?:\\.\\d+)?)(${[...UNITS].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})`,
  "g",
);

/** Words right after the measure word. */
const SUFFIX_OPS: [RegExp, IndicatorOp][] = [
  [/^(?:及)?以上/, ">="],
  [/^(?:以下|以内|之内)/, "<="],
  [/^左右/, "="],
];
/** Words right before the number (longest first where one contains another). */
const PREFIX_OPS: [string, IndicatorOp][] = [
  ["不低于", ">="], ["不少于", ">="], ["至少", ">="], ["达到", ">="], ["超过", ">="], ["突破", ">="], ["达", ">="],
  ["不超过", "<="], ["不高于", "<="], ["控制在", "<="], ["低于", "<="],
  ["稳定在", "="], ["保持在", "="],
];
/** Clause boundaries: a name never crosses them. */
const DELIMITER = /[,，。;；、:：!！?？\s]/;
/** Leading verbs, adverbs and time words that are not part of a name. "新增" stays: it is part
 *  of official indicator names ("新增城镇就业"). */
const LEADING_WORDS =
  /^(?:今年|全年|年内|当年|本年度|全市|力争|确保|全力|着力|积极|加快|再|累计|新建|改建|扩建|建设|建成|完成|培育|发展|引导|推动|推进|实施|抓好|打造|创建|实现|争取|开工|开展|组织)/;
/** In a number-before-noun name, these start a new phrase: "400家规模以上工业企业实施…". */
const NOUN_END = /等|的|实施|开展|完成|实现|进行|达到/;

export function extractIndicators(text: string): Indicator[] {
  const out: Indicator[] = [];
  let lastEnd = 0; // a name never reaches back into the previous target
  for (const m of text.matchAll(TARGET)) {
    const start = m.index;
    const end = start + m[0].length;
    const target = Number(m[1]);
    const unit = m[2]!;
    if (insideOrAfterQuote(text, start)) continue;

    const after = text.slice(end);
    const suffix = SUFFIX_OPS.find(([re]) => re.test(after));
    const before = clauseBefore(text, start, lastEnd);
    const prefix = PREFIX_OPS.find(([w]) => before.endsWith(w));
    const op: IndicatorOp = suffix?.[1] ?? prefix?.[1] ?? ">=";

    // Number-before-noun when a noun follows directly; otherwise the name precedes the number.
    let name = "";
    if (!suffix && after !== "" && !DELIMITER.test(after[0]!)) name = nounAfter(after);
    if (!name) name = nameBefore(prefix ? before.slice(0, -prefix[0].length) : before);
    lastEnd = end;
    if (name) out.push({ name, target, unit, op });
  }
  return out;
}

/** Inside “…” or 《…》, or right after a closing quote. */
function insideOrAfterQuote(text: string, index: number): boolean {
  const head = text.slice(0, index);
  const count = (ch: string) => head.split(ch).length - 1;
  return count("“") > count("”") || count("《") > count("》") || /[”》"]$/.test(head);
}

function clauseBefore(text: string, index: number, lastEnd: number): string {
  let i = index;
  while (i > lastEnd && !DELIMITER.test(text[i - 1]!)) i--;
  return text.slice(i, index);
}

function nameBefore(clause: string): string {
  let name = clause.replace(/[为在到至]$/, "");
  for (let prev = ""; prev !== name; ) {
    prev = name;
    name = name.replace(LEADING_WORDS, "");
  }
  return name;
}

function nounAfter(after: string): string {
  let i = 0;
  while (i < after.length && !DELIMITER.test(after[i]!)) i++;
  const noun = after.slice(0, i);
  const cut = noun.search(NOUN_END);
  return cut >= 0 ? noun.slice(0, cut) : noun;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
