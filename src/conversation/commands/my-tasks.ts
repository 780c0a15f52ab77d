import { shortTitle } from "../../reporting/short-title";
import { unitTasks } from "../../reporting/plan-status";
import { command } from "../command";
import { periodLabel, periodNote, reply, say, unitNames } from "../turn";

/** Lines per page: a county-level unit has ~110 tasks; 15 lines fit a phone screen and 2048 bytes. */
export const PAGE_SIZE = 15;

export const myTasks = command({
  name: "myTasks",
  access: "member",
  parse: (text) => {
    const m = /^我的任务\s*(?:第?\s*(\d{1,3})\s*页?)?$/.exec(text);
    return m ? { page: m[1] ? Number(m[1]) : 1 } : null;
  },
  async run(turn, { page }: { page: number }) {
    if (!turn.plan) return reply(say(turn, "no_plan"));
    const units = unitNames(turn.actingUnits);
    const tasks = await unitTasks(turn.tx, turn.plan, turn.actingUnits.map((u) => u.id), turn.now);
    if (!tasks.length) return reply(say(turn, "my_tasks.none", { units, planYear: turn.plan.year }));

    const count = (s: string) => tasks.filter((t) => t.status === s).length;
    const pages = Math.ceil(tasks.length / PAGE_SIZE);
    const p = Math.min(Math.max(page, 1), pages);
    const multiUnit = turn.actingUnits.length > 1;
    const lines = [
      say(turn, "my_tasks.header", { units, period: periodLabel(turn), note: periodNote(turn) }),
      say(turn, "my_tasks.summary", { total: tasks.length, reported: count("reported"), unreported: count("unreported"), overdue: count("overdue") }),
      ...tasks.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE).map((t) =>
        say(turn, "my_tasks.line", {
          no: t.no,
          title: shortTitle(t.text),
          role: say(turn, `role.${t.role}`) + (multiUnit ? `·${t.unitName}` : ""),
          status: say(turn, `status.${t.status}`),
        }),
      ),
    ];
    if (p < pages) lines.push(say(turn, "my_tasks.more", { page: p, pages, next: p + 1 }));
    const firstDue = tasks.find((t) => t.status !== "reported");
    if (firstDue) lines.push(say(turn, "my_tasks.how_to_report", { exampleNo: firstDue.no }));
    return reply(lines.join("\n"));
  },
});
