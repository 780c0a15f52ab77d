import { sectionProgress } from "../../reporting/section-progress";
import { UnknownUnitError } from "../../errors";
import { command } from "../command";
import { periodLabel, periodNote, reply, say, unitNames, unknownUnitText, type Turn } from "../turn";
import { percentOf } from "../../reporting/report-model";

export const progress = command({
  name: "progress",
  writes: false,
  access: "member",
  parse: (text) => {
    const m = /^进度\s*(.*)$/s.exec(text);
    return m ? { unit: m[1]!.trim() } : null;
  },
  async run(turn, { unit }: { unit: string }) {
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
  const assignments = unitIds.flatMap((u) => turn.model.plan.assignmentsOf(plan.id, u));
  const done = await turn.model.reported.pairs(plan.period.key, unitIds);
  const sections = new Map<number, { title: string; reported: number; total: number }>();
  for (const a of assignments) {
    const s = sections.get(a.task.section.no) ?? { title: a.task.section.title, reported: 0, total: 0 };
    s.total++;
    if (done.has(`${a.taskId}:${a.unitId}`)) s.reported++;
    sections.set(a.task.section.no, s);
  }
  const pct = percentOf;
  const lines = [say(turn, "progress.header", { target, period: periodLabel(turn), note: periodNote(turn) })];
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
  const lines = [say(turn, "progress.header", { target, period: periodLabel(turn), note: periodNote(turn) }), say(turn, "progress_city.legend")];
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
