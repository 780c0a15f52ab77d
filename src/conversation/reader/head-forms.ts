// The start of a line, brought to the forms the task-reference rules read. Each rule here is a
// way people write the head of a task line that means the same as one of those forms; they are
// applied in this order, to the width-folded line, and touch only the head (the report text is
// cut from the end of the original line, so its length is all that must survive):
//
//   traditional characters   第十四項： → 第十四项：          (only the grammar's own words)
//   a date first             2020.9.26 33项 … → 33项 …
//   an outline marker        （一）8项 … / 1、第8项 … / ① 12项 → 8项 … (only before a task reference)
//   a tag                    【重要】72：… → 72：…; 【二季度】12：… → 二季度 12：…
//   a unit first             发改委：9项 … → 9项 … (the unit is kept for the item)
//   a range                  1-3项 / 第109至115项 → 1、2、3项 / 第109、…、115项
//   every number with 项      17项、19项： / 第17项、第19项 → 17、19项： / 第17、19项
//   other markers            #14 / No.19 / Task 14: / 14✅ / 14；/ 14—— / 14/ → 14：
import { dropMarkTag } from "./unwrap";

export interface HeadContext {
  line: string;
  unitName?: string;
  /** Time words taken off the head ("4-6月"): they still date the item. */
  lead?: string;
}

/** Traditional forms of the characters the grammar itself reads, one for one (same length). */
const TRADITIONAL: Record<string, string> = {
  項: "项", 號: "号", 務: "务", 匯: "汇", 報: "报", 進: "进", 況: "况", 銷: "销", 辦: "办", 結: "结", 關: "关",
  於: "于", 補: "补", 撤: "撤", 修: "修", 單: "单", 們: "们", 頭: "头", 內: "内", 為: "为", 題: "题", 問: "问",
};
const TRADITIONAL_RE = new RegExp(`[${Object.keys(TRADITIONAL).join("")}]`, "g");

/** The grammar's words in simplified form; the stored text keeps what was typed. */
export function foldGrammarChars(s: string): string {
  return s.replace(TRADITIONAL_RE, (c) => TRADITIONAL[c]!);
}

const CN_DIGITS = "一二三四五六七八九十";
/** What a task reference looks like right after an outline marker or a date. */
const STRONG_AHEAD = new RegExp(
  `^(?:关于\\s*)?(?:第\\s*(?:\\d{1,4}|[${CN_DIGITS}百]{1,4})\\s*(?:项|号)|第\\s*\\d{1,4}\\s*(?:[、,，和至到-]|$)|\\d{1,4}\\s*(?:项(?!目)|号任务)|任务\\s*\\d|[【\\[]\\s*\\d{1,4}\\s*[项号]?\\s*[】\\]]|#\\s*\\d|No\\.?\\s*\\d)`,
  "i",
);
// "3、50项" is outline 3 then task 50 (a single digit before a longer number); "12、13项" is a list.
const OUTLINE = new RegExp(`^(?:第[${CN_DIGITS}]{1,3}部分\\s*|\\d{1,2}\\s*[)）]|[\\u2474-\\u2487]|[${CN_DIGITS}]{1,3}\\s*[、.．]|[（(]\\s*(?:[${CN_DIGITS}]{1,3}|\\d{1,2})\\s*[）)]\\s*[、.．]?|\\d{1,2}\\s*[.．](?!\\d)|\\d{1,2}\\s*、(?!\\d)|\\d\\s*、(?=\\d{2,4}\\s*项)|[\\u2460-\\u2473\\u2776-\\u277f])\\s*`);
const DATE_FIRST = /^(?:20\d\d\s*[.\-/年]\s*)?\d{1,2}\s*[.\-/月]\s*\d{1,2}\s*日?\s+/;
const PERIOD_TAG = /^[[【［]\s*((?:20\d\d\s*年\s*)?(?:第?[一二三四1-4]\s*季度|Q[1-4]|上半年|全年|年度))\s*[\]】］]\s*/i;
/** A unit named before the task: "发改委：9项 …", "禹州市：8项 …" (a name ending as units do). */
const UNIT_FIRST = /^([^\d\s:：,，。;；【】[\]()（）]{2,16}?(?:局|委|办|市|县|区|会|中心|院|厅|部|室|所|队|行|司|集团|公司|政府|管委会|办公室))\s*[:：]\s*/;
const RANGE = /^(第?)\s*(\d{1,3})\s*项?\s*(?:-|—|~|～|至|到)\s*第?\s*(\d{1,3})\s*(项(?!目)|号任务)/;
const EACH_WITH_XIANG = /^(第?)(\s*\d{1,4}\s*项(?:(?:\s*[、,，和及与]\s*|\s+(?=第|\d{1,4}\s*项))第?\s*\d{1,4}\s*项)+)/;
const OTHER_MARKER = /^(?:#\s*(\d{1,4})|No\.?\s*(\d{1,4})|Task\s*(\d{1,4}))\s*[:：.]?\s*/i;
const NUMBER_THEN_MARK = /^(\d{1,4})\s*(?:[\p{Extended_Pictographic}\u20e3\ufe0f]+|；|;|——|—|\/(?!\d)|\|)\s*(?=\S)/u;

/** Keycap digits ("1️⃣2️⃣") are digits. */
const KEYCAP = /(\d)\ufe0f?\u20e3/g;

/** "补充12项：", "补充：10项…", "对93项做个补充，…", "43补充 …": a 补充 is a report (it is appended). */
const SUPPLEMENT_FIRST = /^补充(?:一下|说明|汇报)?\s*[:：,，]?\s*(?=第?\s*\d)/;
const SUPPLEMENT_SPOKEN = /^对\s*(第?\s*\d{1,4}\s*项)\s*(?:做个|做一个|做一下|作|进行)?补充(?:说明|一下)?\s*[，,：:\s]\s*/;
const SUPPLEMENT_AFTER = /^(第?\s*\d{1,4}\s*项?)\s*补充(?:说明|一下)?\s*[:：]?\s*/;
/** "50.51.52项", "28/30项", "42/43/44项": numbers joined by dots or slashes before 项. */
const JOINED = /^(第?)(\d{1,4}(?:\s*[./／]\s*\d{1,4})+)\s*项/;
/** "2020年全年 50：…": the year named with 全年. */
const YEAR_WHOLE = /^(20\d\d)\s*年\s*(?:全年|年度)\s*/;
/** "4-6月 8项…", "1-9月，8项…": months before the task, kept as the item's time words. */
const MONTHS_FIRST = /^(\d{1,2}\s*(?:-|—|~|～|至|到)\s*\d{1,2}\s*月(?:份)?)\s*[,，]?\s*/;

export function rewriteHead(folded: string): HeadContext {
  let line = foldGrammarChars(folded).replace(/^(?:\d\ufe0f?\u20e3)+/, (m) => m.replace(KEYCAP, "$1"));
  let unitName: string | undefined;
  line = dropMarkTag(line);
  const periodTag = PERIOD_TAG.exec(line);
  if (periodTag) line = `${periodTag[1]} ${line.slice(periodTag[0].length)}`;
  line = line.replace(SUPPLEMENT_FIRST, "").replace(SUPPLEMENT_SPOKEN, "$1：").replace(SUPPLEMENT_AFTER, "$1：");
  line = line.replace(/^第\s*(\d{1,4})\s*条(?=\s*[:：\s])/, "第$1项");
  const whole = YEAR_WHOLE.exec(line);
  if (whole) line = `${whole[1]}年度 ${line.slice(whole[0].length)}`;
  let lead: string | undefined;
  const months = MONTHS_FIRST.exec(line);
  if (months && STRONG_AHEAD.test(line.slice(months[0].length))) {
    lead = months[1]!;
    line = line.slice(months[0].length);
  }
  // "关于第91项、第96项工作进展情况的报告": the same as the references alone.
  const about = /^关于\s*(?=第?\s*\d{1,4}\s*项\s*[、,，和及与])/.exec(line);
  if (about) line = line.slice(about[0].length);
  for (let i = 0; i < 3; i++) {
    const before = line;
    const date = DATE_FIRST.exec(line);
    if (date && STRONG_AHEAD.test(line.slice(date[0].length))) line = line.slice(date[0].length);
    const outline = OUTLINE.exec(line);
    if (outline && STRONG_AHEAD.test(line.slice(outline[0].length))) line = line.slice(outline[0].length);
    const unit = UNIT_FIRST.exec(line);
    if (unit && STRONG_AHEAD.test(line.slice(unit[0].length))) {
      unitName = unit[1]!;
      line = line.slice(unit[0].length);
    }
    line = dropMarkTag(line);
    if (line === before) break;
  }
  const joined = JOINED.exec(line);
  if (joined) line = `${joined[1]}${joined[2]!.split(/\s*[./／]\s*/).join("、")}项${line.slice(joined[0].length)}`;
  // "42-44 均正常推进": a bare range before 均.
  const bare = /^(\d{1,3})\s*(?:-|—|~|～|至|到)\s*(\d{1,3})(?=\s*(?:均|都|全部))/.exec(line);
  if (bare) line = `${bare[1]}-${bare[2]}项 ${line.slice(bare[0].length)}`;
  const range = RANGE.exec(line);
  if (range) {
    const [a, b] = [Number(range[2]), Number(range[3])];
    if (a < b && b - a < 120) {
      const list = Array.from({ length: b - a + 1 }, (_, k) => String(a + k)).join("、");
      line = `${range[1]}${list}${range[4]}${line.slice(range[0].length)}`;
    }
  }
  const each = EACH_WITH_XIANG.exec(line);
  if (each) line = `${each[1]}${each[2]!.replace(/\s*项(?=\s*[、,，和及与])/g, "").replace(/\s*项\s+(?=第|\d)/g, "、").replace(/([、,，和及与]\s*)第\s*/g, "$1")}${line.slice(each[0].length)}`;
  const other = OTHER_MARKER.exec(line);
  if (other) line = `第${other[1] ?? other[2] ?? other[3]}项：${line.slice(other[0].length)}`;
  const mark = NUMBER_THEN_MARK.exec(line);
  if (mark) line = `${mark[1]}：${line.slice(mark[0].length)}`;
  return { line, ...(unitName ? { unitName } : {}), ...(lead ? { lead } : {}) };
}
