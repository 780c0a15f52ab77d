// 修改: "修改 12 新内容" replaces the unit's current report for task 12 (the old one is kept,
// marked withdrawn, and the new one points to it). Same forms as a report after the keyword.
import { command } from "../command";
import { parseReport, type ReportItem } from "../parse-report";
import { reply, say } from "../turn";
import { recordReports } from "./report";
import { exampleTaskNo } from "./help";

const KEYWORD = /^\s*(?:修改|更正|修正|更改)\s*[:：]?\s*/;

export const amend = command({
  name: "amend",
  access: "member",
  parse: (text, original) => {
    if (!KEYWORD.test(text)) return null;
    return { items: parseReport(original.replace(KEYWORD, "")) };
  },
  async run(turn, { items }: { items: ReportItem[] | null }) {
    if (!items) return reply(say(turn, "amend.how", { exampleNo: await exampleTaskNo(turn) }));
    return recordReports(turn, items, { replace: true });
  },
});
