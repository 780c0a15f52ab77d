// 修改: "修改 12 新内容" replaces the unit's current report for task 12 (the old one is kept,
// marked withdrawn, and the new one points to it). Same forms as a report after the keyword.
import { command } from "../command";
import { parseReport, type ReportItem } from "../parse-report";
import { reply, say } from "../turn";
import { recordReports } from "./report";
import { exampleTaskNo } from "./help";

const KEYWORD = /^\s*(?:修改|更正|修正|更改)\s*[:：]?\s*/;
const SAID_WRONG = /^(?:刚才|刚刚|上一条|之前)?\s*(第?\s*[\d一二三四五六七八九十百]{1,4}\s*项?)\s*(?:汇报|报的|的汇报)?(?:报错了|写错了|有误|错了)[，,。\s]*(?:应该是|应为|正确的是|改为|更正为)\s*[:：]?\s*([\s\S]+)$/;

export const amend = command({
  name: "amend",
  access: "member",
  parse: (text, original, context) => {
    const ctx = context?.planYear ? { now: context.now, planYear: context.planYear } : undefined;
    // "刚才12项报错了，应该是…": a correction in words.
    const said = SAID_WRONG.exec(original);
    if (said) return { items: parseReport(`${said[1]}：${said[2]}`, ctx) };
    if (!KEYWORD.test(text)) return null;
    const items = parseReport(original.replace(KEYWORD, ""), ctx);
    // "修改第十二项为：…": the new text follows 为.
    // A bare 为 only with a colon: "修改 12 为民办实事3件" keeps its 为.
    return { items: items?.map((i) => ({ ...i, text: i.text.replace(/^(?:内容)?(?:(?:修改|更正|改)为\s*[:：]?|为\s*[:：])\s*/, "") })) ?? null };
  },
  async run(turn, { items }: { items: ReportItem[] | null }) {
    if (!items) return reply(say(turn, "amend.how", { exampleNo: await exampleTaskNo(turn) }));
    return recordReports(turn, items, { replace: true });
  },
});
