// 对表交账 (issue 13), supervisors: "对表 2020" (or "对表" for the plan in force, "对表 2020 2"
// for a page) lists every task with its year-end verdict, counts first, paged like 未报.
import { shanghaiDate } from "../../reporting/periods";
import { shortTitle } from "../../reporting/short-title";
import { approvedExtensions } from "../../reporting/extensions";
import { yearVerdicts } from "../../reporting/judge-tasks";
import { VERDICTS } from "../../reporting/task-verdict";
import { command } from "../command";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { extensionDate, extensionWhat } from "./extension";
import { reply, say } from "../turn";

/** Lines a page: one phone screen, well under the 2048-byte reply limit. */
const MAX_LINES = 20;

const DUIBIAO = new RegExp(`^对表(?:交账)?\\s*(?:(\\d{4})\\s*年?)?\\s*(?:第?\\s*(${NUMBER_SOURCE})\\s*页?)?$`);

export const duibiao = command({
  name: "duibiao",
  access: "supervisor",
  actionName: "对表交账",
  writes: false,
  parse: (text) => {
    const m = DUIBIAO.exec(text);
    if (!m) return null;
    return { year: m[1] ? Number(m[1]) : null, page: m[2] ? (toNumber(m[2]) ?? 1) : 1 };
  },
  async run(turn, { year, page }: { year: number | null; page: number }) {
    if (!turn.plan) return reply(say(turn, "no_plan"));
    const planYear = year ?? turn.plan.year;
    const plan = await turn.tx.plan.findUnique({ where: { year: planYear } });
    if (!plan) return reply(say(turn, "closure.duibiao_bad_year", { year: planYear }));
    const rows = await yearVerdicts(turn.tx, plan.id, turn.now, turn.reminders.calendar, turn.reminders.schedule);
    const pages = Math.max(1, Math.ceil(rows.length / MAX_LINES));
    if (page > pages) return reply(say(turn, "unreported_x.no_such_page", { page, pages }));
    const counts = Object.fromEntries(VERDICTS.map((v) => [v, rows.filter((r) => r.verdict === v).length]));
    const shown = rows.slice((page - 1) * MAX_LINES, page * MAX_LINES);
    // The verdict was judged by the extended date: the line says so ("经批准延期至7月15日").
    const extended = await approvedExtensions(turn.tx, shown.map((r) => r.taskId));
    const note = (taskId: number) => {
      const list = extended.get(taskId);
      return list ? say(turn, "extension.duibiao_note", { items: list.map((e) => say(turn, "extension.duibiao_item", { what: e.position ? extensionWhat(turn, e.position) : "", date: extensionDate(turn, e.date) })).join("；") }) : "";
    };
    const lines = [
      say(turn, "closure.duibiao_header", { year: planYear, date: shanghaiDate(turn.now), total: rows.length }),
      say(turn, "closure.duibiao_counts", counts),
      ...shown.map((r) => say(turn, "closure.duibiao_line", { no: r.no, title: shortTitle(r.text), verdict: say(turn, `closure.verdict.${r.verdict}`) + note(r.taskId) })),
    ];
    if (page < pages) lines.push(say(turn, "closure.duibiao_more", { page, pages, year: planYear, next: page + 1 }));
    return reply(lines.join("\n"));
  },
});
