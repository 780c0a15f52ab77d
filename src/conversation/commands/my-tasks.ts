import { saveCard, tasksCard } from "../../cards/build-card";
import { shortTitle } from "../../reporting/short-title";
import { unitTasksFromModel, type UnitTask } from "../../reporting/plan-status";
import { milestonesFromModel } from "../../reporting/load-milestones";
import { lightMark, lightsFrom } from "../../reporting/unit-lights";
import { memoOnSnapshot } from "../../read-model/snapshot-memo";
import { command } from "../command";
import { shownTurn } from "../shown-turn";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import { periodLabel, periodNote, reply, say, unitNames, type Turn } from "../turn";

/** Lines per page: a county-level unit has ~110 tasks; 15 lines fit a phone screen and 2048 bytes. */
export const PAGE_SIZE = 15;

/**
 * "我的任务", its slips ("我的任物", "我的认务" — pinyin input picks the wrong character) and
 * other names for the list ("查看任务", "任务列表", "责任清单"), with an optional page
 * ("我的任务 2", "我的任务第二页").
 */
const MY_TASKS = new RegExp(
  `^(?:我的?[任仼认人][务物勿无误]|我们的?任务|本单位(?:的)?任务|查看任务|查询任务|任务列表|任务清单|责任清单|我的清单|我的工作)(?:列表|清单)?\\s*(?:第?\\s*(${NUMBER_SOURCE})\\s*页?)?$`,
);

/** Which of the 未报 are 逾期: this period's deadline passed, or last quarter's report is missing. */
function overdueNote(turn: Turn, tasks: UnitTask[]): string {
  const previous = tasks.filter((t) => t.status === "overdue" && t.previousMissing);
  const overdue = tasks.filter((t) => t.status === "overdue").length;
  if (!overdue) return "";
  if (previous.length === overdue) return say(turn, "my_tasks.summary_previous", { count: overdue, quarter: say(turn, `period.quarter_cn.q${previous[0]!.previousMissing!.slice(-1)}`) });
  return say(turn, "my_tasks.summary_overdue", { count: overdue });
}

export const myTasks = command({
  name: "myTasks",
  writes: false,
  access: "member",
  parse: (text) => {
    const m = MY_TASKS.exec(text);
    return m ? { page: m[1] ? toNumber(m[1]) ?? 1 : 1 } : null;
  },
  async run(asked, { page }: { page: number }) {
    const turn = shownTurn(asked);
    if (!turn.plan) return reply(say(turn, "no_plan"));
    // The same answer for everyone asking for these units and page in this minute, until their
    // data changes (src/read-model/snapshot-memo.ts): the rows, lights and lines are built once.
    const key = `myTasks|${turn.actingUnits.map((u) => u.id).join(",")}|${page}|${Math.floor(turn.now.getTime() / 60_000)}`;
    const view = await memoOnSnapshot(turn.model, key, () => taskList(turn, page));
    if (!view.lines) return reply(view.text);
    const { lines, firstDue, text } = view;
    // Where the platform shows cards: the same list with buttons on the first task due (issue 22).
    if (!firstDue || !turn.message.canShowCards) return reply(text);
    const card = tasksCard(turn.templates.t, {
      titleKey: "title_tasks",
      unit: { id: firstDue.unitId, name: firstDue.unitName },
      period: { key: asked.plan!.period.key, label: periodLabel(asked) },
      lines: lines.slice(1, -1),
      task: { no: firstDue.no, title: shortTitle(firstDue.text) },
    });
    // A read-only command: the one row a card needs is written on its own, not in a transaction.
    await saveCard(turn.tx, turn.message.platform, card);
    return { ...reply(text), card };
  },
});

/** The list's text, its lines (absent when the answer is a single sentence) and the first task due. */
async function taskList(turn: Turn, page: number): Promise<{ text: string; lines?: string[]; firstDue?: UnitTask }> {
  const units = unitNames(turn.actingUnits);
  const tasks = await unitTasksFromModel(turn.model, turn.plan!, turn.actingUnits.map((u) => u.id), turn.now);
  if (!tasks.length) return { text: say(turn, "my_tasks.none", { units, planYear: turn.plan!.year }) };

  const lights = lightsFrom(turn.plan!, tasks, milestonesFromModel(turn.model, tasks.map((t) => t.taskId)), turn.now, turn.reminders.calendar);
  const count = (s: string) => tasks.filter((t) => t.status === s).length;
  const pages = Math.ceil(tasks.length / PAGE_SIZE);
  if (page > pages || page < 1) return { text: say(turn, "my_tasks_x.no_such_page", { page, units, total: tasks.length, pages }) };
  const p = page;
  const multiUnit = turn.actingUnits.length > 1;
  const lines = [
    say(turn, "my_tasks.header", { units, period: periodLabel(turn), note: periodNote(turn) }),
    say(turn, "my_tasks.summary", { total: tasks.length, reported: count("reported"), due: count("unreported") + count("overdue") }) +
      (count("closed") ? say(turn, "closure.summary_closed", { closed: count("closed") }) : "") +
      overdueNote(turn, tasks),
    ...tasks.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE).map((t) =>
      say(turn, "my_tasks.line", {
        light: lightMark(turn.templates.t, lights.byPair.get(`${t.taskId}:${t.unitId}`) ?? "none"),
        no: t.no,
        title: shortTitle(t.text),
        role: say(turn, `role.${t.role}`) + (multiUnit ? `·${t.unitName}` : ""),
        status:
          say(turn, `status.${t.status}`) +
          (t.status === "overdue" && t.previousMissing ? say(turn, "my_tasks_x.previous_missing", { quarter: say(turn, `period.quarter_cn.q${t.previousMissing.slice(-1)}`) }) : "") +
          (t.closure === "pending" ? say(turn, "closure.pending_tag") : ""),
      }),
    ),
  ];
  if (p < pages) lines.push(say(turn, "my_tasks.more", { page: p, pages, next: p + 1 }));
  const firstDue = tasks.find((t) => t.status !== "reported" && t.status !== "closed");
  if (firstDue) lines.push(say(turn, "my_tasks.how_to_report", { exampleNo: firstDue.no }));
  return { text: lines.join("\n"), lines, ...(firstDue && { firstDue }) };
}
