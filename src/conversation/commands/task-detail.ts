import { truncate } from "../../reporting/short-title";
import { command } from "../command";
import type { Templates } from "../../templates";
import { periodLabel, reply, say } from "../turn";

const TASK_REF = [/^(?:任务|查看任务|查询任务|查看|查询)\s*第?\s*(\d{1,4})\s*[项号]?$/, /^第\s*(\d{1,4})\s*[项号](?:任务)?$/, /^(\d{1,4})\s*号(?:任务)?$/, /^(\d{1,4})$/];

/** "任务 8", "第8项", "8号任务", "8": the task number, or null. */
export function parseTaskRef(text: string): number | null {
  for (const re of TASK_REF) {
    const m = re.exec(text);
    if (m) return Number(m[1]);
  }
  return null;
}

const OP_LABEL: Record<string, string> = { ">=": "≥", "<=": "≤", "=": "" };
/** Reports shown per task: the latest per unit; the rest are counted. */
const REPORT_LINES = 5;

export const taskDetail = command({
  name: "task",
  access: "member",
  parse: (text) => {
    const no = parseTaskRef(text);
    return no === null ? null : { no };
  },
  async run(turn, { no }: { no: number }) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    const task = await turn.tx.task.findUnique({
      where: { planId_no: { planId: plan.id, no } },
      include: { section: true, assignments: { include: { unit: true }, orderBy: { position: "asc" } } },
    });
    if (!task) return reply(say(turn, "task.not_found", { no, planYear: plan.year, total: plan.taskCount }));

    const byRole = (role: string) => task.assignments.filter((a) => a.role === role).map((a) => a.unit.name).join("、");
    const lines = [say(turn, "task.header", { no, section: task.section.title }), say(turn, "task.text", { text: task.text })];
    if (byRole("lead")) lines.push(say(turn, "task.lead", { units: byRole("lead") }));
    if (byRole("cooperating")) lines.push(say(turn, "task.cooperating", { units: byRole("cooperating") }));
    if (task.countyScope === "all") lines.push(say(turn, "task.counties_all"));
    else if (task.countyScope === "relevant") lines.push(say(turn, "task.counties_relevant"));
    else if (task.countyScope === "named") lines.push(say(turn, "task.counties_named", { units: byRole("county") }));
    if (task.deadline) lines.push(say(turn, "task.deadline", { deadline: task.deadline }));
    for (const i of JSON.parse(task.indicators) as { name: string; target: number; unit: string; op: string }[]) {
      lines.push(say(turn, "task.indicator", { name: i.name, op: OP_LABEL[i.op] ?? "", target: i.target, unit: i.unit }));
    }

    const reports = await turn.tx.report.findMany({
      where: { taskId: task.id, period: plan.period.key },
      include: { unit: true },
      orderBy: { createdAt: "desc" },
    });
    const latest = [...new Map(reports.map((r) => [r.unitId, r] as const)).values()]; // first seen = newest
    const period = periodLabel(turn);
    if (!latest.length) lines.push(say(turn, "task.no_reports", { period }));
    else {
      lines.push(say(turn, "task.reports_header", { period }));
      for (const r of latest.slice(0, REPORT_LINES)) {
        lines.push(say(turn, "task.report_line", { unit: r.unit.name, time: shortTime(turn.templates.t, r.createdAt), text: truncate(r.text, 40) }));
      }
      if (latest.length > REPORT_LINES) lines.push(say(turn, "task.more_units", { count: latest.length - REPORT_LINES }));
    }
    return reply(lines.join("\n"));
  },
});

/** "3月24日 09:15" in Asia/Shanghai. */
export function shortTime(t: Templates["t"], d: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return t("period.time", { month: Number(get("month")), day: Number(get("day")), hour: get("hour"), minute: get("minute") });
}
