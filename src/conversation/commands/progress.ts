import { unitTasksFromModel } from "../../reporting/plan-status";
import { milestonesFromModel } from "../../reporting/load-milestones";
import { sectionProgress } from "../../reporting/section-progress";
import { UnknownUnitError } from "../../errors";
import { command } from "../command";
import { shownTurn } from "../shown-turn";
import { periodLabel, periodNote, reply, say, unitNames, unknownUnitText, type Turn } from "../turn";
import { percentOf } from "../../reporting/report-model";
import { lightCounts, lightsFrom, unitLights } from "../../reporting/unit-lights";

export const progress = command({
  name: "progress",
  writes: false,
  access: "member",
  parse: (text) => {
    const m = /^进度\s*(.*)$/s.exec(text);
    return m ? { unit: m[1]!.trim() } : null;
  },
  async run(asked, { unit }: { unit: string }) {
    const turn = shownTurn(asked);
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    let unitIds: number[];
    let target: string;
    if (unit) {
      const lookup = turn.model.directory.lookup;
      let found;
      try {
        found = lookup.require(unit);
      } catch (e) {
        if (!(e instanceof UnknownUnitError)) throw e;
        return reply(unknownUnitText(turn, unit, e.suggestions));
      }
      if (!turn.isSupervisor && !turn.memberUnits.some((u) => u.id === found.id)) {
        return reply(say(turn, "not_supervisor", { action: "查看其他单位的进度" }));
      }
      unitIds = [found.id];
      target = found.name;
    } else if (turn.isSupervisor && !turn.group?.unit) {
      return reply(await cityLines(turn, say(turn, "progress.whole_city", { year: plan.year })));
    } else {
      const units = turn.group?.unit ? [turn.group.unit] : turn.actingUnits;
      unitIds = units.map((u) => u.id);
      target = unitNames(units);
    }
    return reply(await progressLines(turn, target, unitIds));
  },
});

/** One unit's (or a liaison's units') tasks per section. */
async function progressLines(turn: Turn, target: string, unitIds: number[]): Promise<string> {
  const plan = turn.plan!;
  const tasks = await unitTasksFromModel(turn.model, plan, unitIds, turn.now);
  const sections = new Map<number, { title: string; reported: number; total: number }>();
  // A 销号 task counts as done (status "closed"), as in the bureau's report.
  for (const t of tasks) {
    const s = sections.get(t.sectionNo) ?? { title: t.sectionTitle, reported: 0, total: 0 };
    s.total++;
    if (t.status === "reported" || t.status === "closed") s.reported++;
    sections.set(t.sectionNo, s);
  }
  const pct = percentOf;
  const lines = [say(turn, "progress.header", { target, period: periodLabel(turn), note: periodNote(turn) })];
  const lights = lightsFrom(plan, tasks, milestonesFromModel(turn.model, tasks.map((t) => t.taskId)), turn.now, turn.reminders.calendar);
  const counts = lightCounts(turn.templates.t, lights.byPair.values());
  if (counts) lines.push(say(turn, "light.counts", { counts }));
  let reported = 0;
  let total = 0;
  for (const [, s] of [...sections].sort(([a], [b]) => a - b)) {
    lines.push(say(turn, "progress.line", { section: shortSection(s.title), reported: s.reported, total: s.total, percent: pct(s.reported, s.total) }));
    reported += s.reported;
    total += s.total;
  }
  lines.push(say(turn, "progress.total", { reported, total, percent: pct(reported, total) }));
  return lines.join("\n");
}

/**
 * The whole city: tasks and unit reports side by side, labelled, since a section of 3 tasks
 * has some 35 unit reports and "3/35" would mean nothing.
 */
async function cityLines(turn: Turn, target: string): Promise<string> {
  const sections = await sectionProgress(turn.tx, turn.plan!);
  const pct = percentOf;
  const lines = [say(turn, "progress.header", { target, period: periodLabel(turn), note: periodNote(turn) })];
  // Per task, the worst of its units' lights; groups such as 市政府各部门 report nothing.
  const units = await turn.tx.unit.findMany({ where: { kind: { not: "group" } }, select: { id: true } });
  const lights = await unitLights(turn.tx, turn.plan!, units.map((u) => u.id), turn.now, turn.reminders.calendar);
  const counts = lightCounts(turn.templates.t, lights.byTask.values());
  if (counts) lines.push(say(turn, "light.counts", { counts }));
  lines.push(say(turn, "progress_city.legend"));
  const sum = { tasks: 0, tasksReported: 0, unitReports: 0, unitReportsDone: 0 };
  for (const s of sections) {
    lines.push(say(turn, "progress_city.line", { section: shortSection(s.title), tasksReported: s.tasksReported, tasks: s.tasks, done: s.unitReportsDone, reports: s.unitReports }));
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += s[k];
  }
  lines.push(
    say(turn, "progress_city.total", {
      tasksReported: sum.tasksReported,
      tasks: sum.tasks,
      taskPercent: pct(sum.tasksReported, sum.tasks),
      done: sum.unitReportsDone,
      reports: sum.unitReports,
      percent: pct(sum.unitReportsDone, sum.unitReports),
    }),
  );
  return lines.join("\n");
}

/** "抓好常态化疫情防控,全面恢复生产生活秩序" → "抓好常态化疫情防控": section titles are long. */
function shortSection(title: string): string {
  const first = title.split(/[,，]/)[0]!;
  return [...first].length > 12 ? `${[...first].slice(0, 12).join("")}…` : first;
}
