import { UnknownUnitError } from "../../errors";
import { currentReport } from "../../reporting/current-report";
import { latestReportPerUnit } from "../../reporting/latest-per-unit";
import { truncate } from "../../reporting/short-title";
import { unitTasksFromModel } from "../../reporting/plan-status";
import { milestonesFromModel } from "../../reporting/load-milestones";
import type { Light } from "../../reporting/status-light";
import { lightsFrom } from "../../reporting/unit-lights";
import { unitRungs } from "../../reminders/unit-rungs";
import { command } from "../command";
import { taskViewPlanLines } from "../task-plan-lines";
import { parseReport } from "../parse-report";
import { extensionHistoryLines } from "./extension";
import { objectionLines } from "./objection";
import { recordReports } from "./report";
import { NUMBER_SOURCE, toNumber } from "../task-number";
import type { Templates } from "../../templates";
import { periodLabel, reply, say, unknownUnitText, type Turn } from "../turn";

const N = NUMBER_SOURCE;
/** Asking about the task rather than reporting on it: "12项谁牵头", "任务十二是什么". */
const QUESTION = "(?:谁牵头|谁负责|牵头单位|责任单位|是什么|是啥|什么内容|内容|详情|情况|怎么样)?[?？]?";
const LOOKUP = "(?:任务|查看任务|查询任务|查看|查询|看看|看一下|查一下)";
const TASK_REF = [
  new RegExp(`^${LOOKUP}\\s*第?\\s*(${N})\\s*[项号]?(?:任务)?\\s*${QUESTION}$`),
  new RegExp(`^第\\s*(${N})\\s*[项号](?:任务)?\\s*${QUESTION}$`),
  new RegExp(`^(${N})\\s*[项号](?:任务)?\\s*${QUESTION}$`),
  new RegExp(`^(${N})$`),
];
/** "任务 12 市商务局": one unit's whole report. The name must look like a unit's. */
const WITH_UNIT = new RegExp(`^${LOOKUP}\\s*第?\\s*(${N})\\s*[项号]?(?:任务)?\\s+(\\S{2,20}(?:局|委|办|府|区|县|市|会|院|队|中心|公司|集团|银行|管委会))$`);

/** "任务 8", "第8项", "8号任务", "12项", "任务十二", "8": the task number, or null. */
export function parseTaskRef(text: string): number | null {
  for (const re of TASK_REF) {
    const m = re.exec(text);
    if (m) return toNumber(m[1]!);
  }
  return null;
}

const OP_LABEL: Record<string, string> = { ">=": "≥", "<=": "≤", "=": "" };
/** Reports shown per task: the latest per unit; the rest are counted. */
const REPORT_LINES = 5;

export const taskDetail = command({
  name: "task",
  // "任务12 已建成产业园区" looks like 任务 N 单位 but is a report (see fullReport): a write
  // whenever the text could be read as one.
  writes: (args: { unit?: string }, original: string) => Boolean(args.unit) && parseReport(original) !== null,
  access: "member",
  parse: (text) => {
    const no = parseTaskRef(text);
    if (no !== null) return { no };
    const m = WITH_UNIT.exec(text);
    const n = m ? toNumber(m[1]!) : null;
    return n === null ? null : { no: n, unit: m![2]! };
  },
  async run(turn, { no, unit }: { no: number; unit?: string }) {
    const plan = turn.plan;
    if (!plan) return reply(say(turn, "no_plan"));
    if (unit) return fullReport(turn, no, unit);
    const found = turn.model.plan.task(plan.id, no);
    const units = turn.model.directory.units;
    const task = found && { ...found, assignments: turn.model.plan.assignmentsFor(found.id).map((a) => ({ ...a, unit: units.get(a.unitId)! })) };
    if (!task) return reply(say(turn, "task.not_found", { no, planYear: plan.year, total: plan.taskCount }));

    const byRole = (role: string) => task.assignments.filter((a) => a.role === role).map((a) => a.unit.name).join("、");
    const lines = [say(turn, "task.header", { no, section: task.section.title }), say(turn, "task.text", { text: task.text })];
    if (byRole("lead")) lines.push(say(turn, "task.lead", { units: byRole("lead") }));
    if (byRole("cooperating")) lines.push(say(turn, "task.cooperating", { units: byRole("cooperating") }));
    if (task.countyScope === "all") lines.push(say(turn, "task.counties_all"));
    else if (task.countyScope === "relevant") lines.push(say(turn, "task.counties_relevant"));
    else if (task.countyScope === "named") lines.push(say(turn, "task.counties_named", { units: byRole("county") }));
    if (task.deadline) lines.push(say(turn, "task.deadline", { deadline: task.deadline }));
    lines.push(...(await extensionHistoryLines(turn, task.id)));
    const closureLine = closureState(turn, task);
    if (closureLine) lines.push(closureLine);
    lines.push(...(await objectionLines(turn, task.id)));
    const light = await taskLight(turn, task.id, task.assignments.filter((a) => a.unit.kind !== "group").map((a) => a.unitId));
    if (light !== "none") lines.push(say(turn, "light.task", { light: say(turn, `light.${light}`), meaning: say(turn, `light.meaning.${light}`) }));
    for (const i of JSON.parse(task.indicators) as { name: string; target: number; unit: string; op: string }[]) {
      lines.push(say(turn, "task.indicator", { name: i.name, op: OP_LABEL[i.op] ?? "", target: i.target, unit: i.unit }));
    }
    lines.push(...(await taskViewPlanLines(turn, task.id, no)));

    const { reportedUnitIds, latest } = await latestReportPerUnit(turn.tx, task.id, plan.period.key, REPORT_LINES);
    const period = periodLabel(turn);
    if (!latest.length) lines.push(say(turn, "task.no_reports", { period }));
    else {
      lines.push(say(turn, "task.reports_header", { period }));
      for (const r of latest) {
        lines.push(say(turn, "task.report_line", { unit: units.get(r.unitId)!.name, time: shortTime(turn.templates.t, r.createdAt), text: truncate(r.text, 40) }));
      }
      if (reportedUnitIds.length > REPORT_LINES) lines.push(say(turn, "task.more_units", { count: reportedUnitIds.length - REPORT_LINES }));
    }
    // Who still owes a report: what the bureau asks this screen first.
    const reportedUnits = new Set(reportedUnitIds);
    const missing = task.assignments.filter((a) => a.unit.kind !== "group" && !reportedUnits.has(a.unitId)).map((a) => a.unit.name);
    // A 销号 task owes no more reports: nobody is listed as 未报.
    if (task.closure === "closed") {
      // nothing owed
    } else if (missing.length) lines.push(say(turn, "task_x.missing_header", { period, units: nameList(missing, MISSING_NAMES) }));
    else if (latest.length) lines.push(say(turn, "task_x.all_reported", { period }));
    if (task.closure !== "closed") {
      const rungs = await ladderLine(turn, task.id, task.assignments.filter((a) => a.unit.kind !== "group").map((a) => a.unitId));
      if (rungs) lines.push(rungs);
    }
    if (latest.length) lines.push(say(turn, "task_x.hint_full", { no }));
    return reply(lines.join("\n"));
  },
});

/** 督办等级 (issue 23): the ladder's rung of each unit that still owes this task's report. */
async function ladderLine(turn: Turn, taskId: number, unitIds: number[]): Promise<string | null> {
  const plan = turn.plan!;
  const pairs = (await unitTasksFromModel(turn.model, plan, unitIds, turn.now, taskId)).filter((p) => p.status !== "reported" && p.status !== "closed");
  const rungs = await unitRungs(
    turn.tx,
    pairs.map((p) => ({ unitId: p.unitId, periodKeys: [plan.period.key, ...(p.previousMissing ? [p.previousMissing] : [])] })),
  );
  if (!rungs.size) return null;
  const units = pairs
    .filter((p) => rungs.has(p.unitId))
    .map((p) => {
      const rung = rungs.get(p.unitId)!;
      return say(turn, "ladder.task_rung_unit", { unit: p.unitName, icon: say(turn, `ladder.rung_icon.${rung}`), rung: say(turn, `ladder.rung.${rung}`) });
    });
  return say(turn, "ladder.task_rungs", { units: units.join("、") });
}

/** The task's 红黄绿灯: the worst of its units'. */
async function taskLight(turn: Turn, taskId: number, unitIds: number[]): Promise<Light> {
  const plan = turn.plan!;
  const pairs = await unitTasksFromModel(turn.model, plan, unitIds, turn.now, taskId);
  return lightsFrom(plan, pairs, milestonesFromModel(turn.model, [taskId]), turn.now, turn.reminders.calendar).byTask.get(taskId) ?? "none";
}

/** 待销号 / 已办结, or the reason of the last 退回 (shown until the next 办结). */
function closureState(turn: Turn, task: { closure: string | null; closureAt: Date | null; closureNote: string | null; closedAt: Date | null; returnedReason: string | null; returnedAt: Date | null }): string | null {
  const t = turn.templates.t;
  if (task.closure === "closed" && task.closedAt) return say(turn, "closure.task_closed", { time: shortTime(t, task.closedAt) });
  if (task.closure === "pending" && task.closureAt) return say(turn, "closure.task_pending", { time: shortTime(t, task.closureAt), basis: truncate(task.closureNote ?? "", 40) });
  if (task.returnedReason && task.returnedAt) return say(turn, "closure.task_returned", { time: shortTime(t, task.returnedAt), reason: task.returnedReason });
  return null;
}

/** Units named in the 未报 line before "等N个": a county-wide task has a dozen. */
const MISSING_NAMES = 12;

function nameList(names: string[], max: number): string {
  return names.length > max ? `${names.slice(0, max).join("、")}等${names.length}个单位` : names.join("、");
}

/** "任务 12 市商务局": the unit's whole current report for the period, not cut to 40 characters. */
async function fullReport(turn: Turn, no: number, unitName: string) {
  const plan = turn.plan!;
  const lookup = turn.model.directory.lookup;
  let unit;
  try {
    unit = lookup.require(unitName);
  } catch (e) {
    if (!(e instanceof UnknownUnitError)) throw e;
    // "任务12 已建成产业园区" is a report whose text happens to end like a unit's name. A name
    // close to a unit's ("商贸局", "发改局") is a lookup mistyped: storing it as the report
    // would be a wrong record, so suggest the unit instead.
    const items = e.suggestions.length ? null : parseReport(turn.original);
    if (items) return recordReports(turn, items);
    return reply(unknownUnitText(turn, unitName, e.suggestions));
  }
  const task = turn.model.plan.task(plan.id, no);
  if (!task) return reply(say(turn, "task.not_found", { no, planYear: plan.year, total: plan.taskCount }));
  if (!turn.model.plan.assignmentsFor(task.id).some((a) => a.unitId === unit.id)) return reply(say(turn, "task_x.not_assigned", { no, unit: unit.name }));
  const r = await currentReport(turn.tx, { taskId: task.id, unitId: unit.id, period: plan.period.key });
  const period = periodLabel(turn);
  if (!r) return reply(say(turn, "task_x.full_none", { no, unit: unit.name, period }));
  const user = r.userName ?? r.userId;
  return reply([say(turn, "task_x.full_header", { no, unit: unit.name, period, time: shortTime(turn.templates.t, r.createdAt), user }), r.text].join("\n"));
}

// Made once: an Intl.DateTimeFormat is costly to build and cheap to use.
const SHORT_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });

/** "3月24日 09:15" in Asia/Shanghai. */
export function shortTime(t: Templates["t"], d: Date): string {
  const parts = SHORT_TIME.formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return t("period.time", { month: Number(get("month")), day: Number(get("day")), hour: get("hour"), minute: get("minute") });
}
