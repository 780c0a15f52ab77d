// The bureau's report of one period, built once and rendered many ways (markdown 通报, csv,
// xlsx, docx, JSON, chat 汇总, the dashboard). buildReport() is pure: the same input gives the
// same model, and no rendering recomputes a figure.
//
// Guarantees:
// - every (task, unit) assignment of the plan appears once in the matrix, as on_time, late
//   (逾期补报: its current report is marked late) or missing; group units such as 市政府各部门
//   are left out (nobody reports for them);
// - per unit and per section, reported = on_time + late, and percent = reported ÷ total;
// - late units are those with a late report, or — once the deadline has passed — a missing one;
// - an indicator's value comes from its lead unit's current report only when unambiguous;
// - a 销号 task's cell without a report is "closed" and counts as reported (completed);
// - each task carries its 对表 verdict and 红黄绿灯, each unit the worst light of its tasks,
//   when the loader was given the time to judge them (load-report-input.ts, opts.now).
import type { Indicator } from "../plan/types";
import type { Light } from "./status-light";
import { VERDICTS, type Verdict } from "./task-verdict";
import { indicatorStatus, reportedValue, type IndicatorStatus } from "./indicator-progress";
import { isOverdue, type Period } from "./periods";
import { shortTitle } from "./short-title";
import { yearElapsedShare } from "./time-progress";

export type CellStatus = "on_time" | "late" | "missing" | "closed";
export type Role = "lead" | "cooperating" | "county";

export interface ReportInput {
  plan: { id: number; year: number; title: string | null; docNo: string | null };
  period: Period;
  sections: { no: number; title: string }[];
  tasks: {
    id: number;
    no: number;
    sectionNo: number;
    text: string;
    deadline: string | null;
    indicators: Indicator[];
    /** `closed`: the pair is 销号 as of the period (period-scope.ts); else the task's closure decides. */
    assignments: { unitId: number; unitName: string; unitKind: string; role: string; position: number; closed?: boolean }[];
    /** null | "pending" (待销号) | "closed" (销号). */
    closure?: string | null;
    verdict?: Verdict;
    light?: Light;
  }[];
  /** The worst light of each unit's tasks, by unit id. */
  unitLights?: Record<number, Light>;
  /** The current report per (task, unit): see currentReports(). */
  reports: { id: number; taskId: number; unitId: number; text: string; late: boolean; createdAt: Date; userName: string | null; userId: string }[];
  /** Set when the report is for one unit only. */
  unitName?: string | null;
  /** Dates moved by an approved 延期 (issue 22): the task's 完成时限 (position null) or a milestone. */
  extensions?: ExtendedDate[];
}

export interface ExtendedDate {
  taskNo: number;
  /** null: the 完成时限; else the milestone's position ("节点2"). */
  position: number | null;
  /** YYYY-MM-DD granted. */
  date: string;
}

export interface Counts {
  total: number;
  onTime: number;
  late: number;
  missing: number;
  /** A 销号 task's unreported cells: completed, counted in reported. */
  closed: number;
  reported: number;
  /** reported ÷ total, 0..100, rounded */
  percent: number;
}

export interface Cell {
  taskNo: number;
  unitId: number;
  unit: string;
  role: Role;
  status: CellStatus;
  reportId: number | null;
  text: string | null;
  reportedAt: string | null;
  reportedBy: string | null;
}

export interface TaskRow {
  no: number;
  sectionNo: number;
  text: string;
  title: string;
  deadline: string | null;
  leadUnits: string[];
  /** Has every lead unit reported? */
  leadReported: boolean;
  /** How many of the lead units have: a task led by every city department has 36 of them. */
  lead: { reported: number; total: number };
  cooperating: { reported: number; total: number };
  counties: { reported: number; total: number };
  counts: Counts;
  cells: Cell[];
  /** An indicator is 欠序时. */
  behind: boolean;
  closure: string | null;
  /** 对表 verdict; null when the model was built without a time to judge it. */
  verdict: Verdict | null;
  light: Light;
}

export interface IndicatorRow {
  taskNo: number;
  name: string;
  op: Indicator["op"];
  target: number;
  unit: string;
  leadUnit: string | null;
  value: number | null;
  /** value ÷ target, 0..; null when unknown */
  ratio: number | null;
  status: IndicatorStatus;
}

export interface ReportModel {
  plan: { year: number; title: string | null; docNo: string | null };
  period: { key: string; year: number; quarter: number; deadline: string; isYearEnd: boolean };
  unitFilter: string | null;
  generatedAt: string;
  /** The deadline has passed: missing reports are overdue. */
  overdue: boolean;
  /** 序时进度 at the deadline, 0..1. */
  timeProgress: number;
  totals: Counts;
  sections: ({ no: number; title: string } & Counts)[];
  units: ({ unitId: number; unit: string; kind: string; light: Light } & Counts)[];
  tasks: TaskRow[];
  /** `kind`: the directory's (county, municipal…): the 通报 groups late units by it (unit-group.ts). */
  /** red: the escalation ladder took the unit to 红 this period (issue 23): on the 约谈 list. */
  lateUnits: { unit: string; kind: string; late: number; missing: number; red?: boolean }[];
  indicators: IndicatorRow[];
  /** Task numbers with an indicator behind 序时进度. */
  behindTasks: number[];
  /** 对表: how many tasks have each verdict (all zero when not judged). */
  verdicts: Record<Verdict, number>;
  /** Approved 延期 of the plan's tasks, in task order; absent when there are none. */
  extensions?: ExtendedDate[];
}

/**
 * Whole percents, except where rounding would say 0% beside reports that exist or 100% beside
 * reports that are missing: a 通报 that reads "报送率0%（6/1531）" contradicts itself.
 */
export function percentOf(part: number, total: number): number {
  if (!total) return 0;
  const exact = (part / total) * 100;
  const whole = Math.round(exact);
  if (whole === 0 && part > 0) return Math.max(0.1, Math.round(exact * 10) / 10);
  if (whole === 100 && part < total) return Math.min(99.9, Math.round(exact * 10) / 10);
  return whole;
}

function counts(cells: { status: CellStatus }[]): Counts {
  const c = { total: cells.length, onTime: 0, late: 0, missing: 0, closed: 0, reported: 0, percent: 0 };
  for (const x of cells) {
    if (x.status === "on_time") c.onTime++;
    else if (x.status === "late") c.late++;
    else if (x.status === "closed") c.closed++;
    else c.missing++;
  }
  c.reported = c.onTime + c.late + c.closed;
  c.percent = percentOf(c.reported, c.total);
  return c;
}

function iso(d: Date): string {
  return d.toISOString();
}

export function buildReport(input: ReportInput, now: Date): ReportModel {
  const { period } = input;
  const timeProgress = yearElapsedShare(period.deadline);
  const byPair = new Map(input.reports.map((r) => [`${r.taskId}:${r.unitId}`, r]));
  const unitsSeen = new Map<number, { name: string; kind: string; cells: Cell[] }>();
  const tasks: TaskRow[] = [];
  const indicators: IndicatorRow[] = [];

  for (const task of [...input.tasks].sort((a, b) => a.no - b.no)) {
    const assignments = task.assignments.filter((a) => a.unitKind !== "group").sort((a, b) => a.position - b.position);
    const cells: Cell[] = assignments.map((a) => {
      const r = byPair.get(`${task.id}:${a.unitId}`);
      const cell: Cell = {
        taskNo: task.no,
        unitId: a.unitId,
        unit: a.unitName,
        role: a.role as Role,
        status: r ? (r.late ? "late" : "on_time") : (a.closed ?? task.closure === "closed") ? "closed" : "missing",
        reportId: r?.id ?? null,
        text: r?.text ?? null,
        reportedAt: r ? iso(r.createdAt) : null,
        reportedBy: r ? (r.userName ?? r.userId) : null,
      };
      const u = unitsSeen.get(a.unitId) ?? { name: a.unitName, kind: a.unitKind, cells: [] };
      u.cells.push(cell);
      unitsSeen.set(a.unitId, u);
      return cell;
    });
    if (!cells.length) continue;
    const byRole = (role: Role) => cells.filter((c) => c.role === role);
    const lead = byRole("lead");
    const leadCell = lead[0];
    const leadReport = leadCell ? byPair.get(`${task.id}:${leadCell.unitId}`) : undefined;
    let behind = false;
    for (const ind of task.indicators) {
      const value = reportedValue(ind, leadReport?.text);
      const { status, ratio } = indicatorStatus(ind, value, timeProgress);
      behind ||= status === "behind";
      indicators.push({ taskNo: task.no, name: ind.name, op: ind.op, target: ind.target, unit: ind.unit, leadUnit: leadCell?.unit ?? null, value, ratio, status });
    }
    const reportedOf = (cs: Cell[]) => cs.filter((c) => c.status !== "missing").length;
    const closure = task.closure ?? null;
    tasks.push({
      no: task.no,
      sectionNo: task.sectionNo,
      text: task.text,
      title: shortTitle(task.text),
      deadline: task.deadline,
      leadUnits: lead.map((c) => c.unit),
      leadReported: lead.length > 0 && lead.every((c) => c.status !== "missing"),
      lead: { reported: reportedOf(lead), total: lead.length },
      cooperating: { reported: reportedOf(byRole("cooperating")), total: byRole("cooperating").length },
      counties: { reported: reportedOf(byRole("county")), total: byRole("county").length },
      counts: counts(cells),
      cells,
      behind,
      closure,
      verdict: task.verdict ?? null,
      light: task.light ?? "none",
    });
  }

  const overdue = isOverdue(period, now);
  const allCells = tasks.flatMap((t) => t.cells);
  const sectionTitles = new Map(input.sections.map((s) => [s.no, s.title]));
  const sectionNos = [...new Set(tasks.map((t) => t.sectionNo))].sort((a, b) => a - b);
  const units = [...unitsSeen.entries()]
    .map(([unitId, u]) => ({ unitId, unit: u.name, kind: u.kind, light: input.unitLights?.[unitId] ?? ("none" as Light), ...counts(u.cells) }))
    .sort((a, b) => a.percent - b.percent || b.missing - a.missing || a.unit.localeCompare(b.unit, "zh-CN"));
  const lateUnits = units
    .filter((u) => u.late > 0 || (overdue && u.missing > 0))
    .map((u) => ({ unit: u.unit, kind: u.kind, late: u.late, missing: overdue ? u.missing : 0 }))
    .sort((a, b) => b.missing - a.missing || b.late - a.late || a.unit.localeCompare(b.unit, "zh-CN"));

  return {
    plan: { year: input.plan.year, title: input.plan.title, docNo: input.plan.docNo },
    period: { key: period.key, year: period.year, quarter: period.quarter, deadline: period.deadline, isYearEnd: period.isYearEnd },
    unitFilter: input.unitName ?? null,
    generatedAt: iso(now),
    overdue,
    timeProgress,
    totals: counts(allCells),
    sections: sectionNos.map((no) => ({ no, title: sectionTitles.get(no) ?? "", ...counts(tasks.filter((t) => t.sectionNo === no).flatMap((t) => t.cells)) })),
    units,
    tasks,
    lateUnits,
    indicators,
    behindTasks: tasks.filter((t) => t.behind).map((t) => t.no),
    verdicts: Object.fromEntries(VERDICTS.map((v) => [v, tasks.filter((t) => t.verdict === v).length])) as Record<Verdict, number>,
    ...(input.extensions?.length ? { extensions: [...input.extensions].sort((a, b) => a.taskNo - b.taskNo || (a.position ?? 0) - (b.position ?? 0)) } : {}),
  };
}
