// A simulated year of 督办 on the seed plan (2020), for the consistency test
// (test/reporting/year-consistency.test.ts): 20 units with one liaison each, reports filed
// through the real conversation on time and late, 修改/补充/撤回, 落实方案 with milestones
// closed, 办结 → 销号 and 办结 → 退回, and a `duban assign` in mid-year. Deterministic: a
// seeded PRNG decides everything, so a disagreement found once is found again.
//
// The events are generated up front (generateYear) and played in time order by the test,
// which stops at each checkpoint to compare every view with the truth computed here
// (computeTruth) straight from the tables — without src/reporting, so a rule broken there
// cannot be broken the same way here.
import type { Db } from "../../src/db/client";

/** mulberry32: small, fast, good enough to shuffle a year. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QCN = ["", "一", "二", "三", "四"] as const;
const DAY = 86_400_000;

/** An instant given as Beijing wall time. */
export function bj(s: string): Date {
  return new Date(`${s}+08:00`);
}

/** The Shanghai calendar date of an instant. */
export function ymd(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function quarterEnd(q: number): string {
  return ["", "2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"][q]!;
}

/** The quarter (1–4 of 2020; 5 for anything in 2021) an instant falls in, Beijing time. */
export function quarterOfInstant(d: Date): number {
  const s = ymd(d);
  if (s >= "2021-01-01") return 5;
  return Math.ceil(Number(s.slice(5, 7)) / 3);
}

export type SimEvent =
  | { at: Date; kind: "chat"; user: string; text: string; why: string; expect?: RegExp }
  | { at: Date; kind: "assign"; taskNo: number; unit: string; role: "lead" | "cooperating" | "county" }
  | { at: Date; kind: "check"; label: string };

export interface Liaison {
  user: string;
  unit: string;
  unitId: number;
}

export interface SimPlan {
  liaisons: Liaison[];
  supervisor: string;
  directoryYaml: string;
  events: SimEvent[];
  /** The `duban assign` decisions of mid-year. */
  assigned: { taskNo: number; unit: string }[];
  closedTasks: number[];
  returnedTasks: number[];
  plannedTasks: number[];
  /** What the simulation did, as the truth for /api/v1/closures and /api/v1/tasks/N. */
  closures: { taskNo: number; unit: string; requestedAt: Date; resolvedAt: Date; outcome: "closed" | "returned" }[];
  milestones: { taskNo: number; position: number; due: string; doneAt: Date | null }[];
}

/** The moments of the year the views are checked at (Beijing time). */
export const CHECKPOINTS: [string, string][] = [
  ["Q1末", "2020-03-31T20:00:00"],
  ["Q1截止+1", "2020-04-01T10:00:00"],
  ["Q2季中", "2020-05-15T10:00:00"],
  ["Q2末", "2020-06-30T20:00:00"],
  ["Q2截止+1", "2020-07-01T10:00:00"],
  ["Q3季中", "2020-08-14T10:00:00"],
  ["Q3末", "2020-09-30T20:00:00"],
  ["Q3截止+1", "2020-10-01T10:00:00"],
  ["Q4季中", "2020-11-16T10:00:00"],
  ["年末", "2020-12-31T20:00:00"],
  ["Q4截止+1", "2021-01-01T10:00:00"],
  ["次年1月下旬", "2021-01-25T10:00:00"],
];

interface PairRow {
  taskNo: number;
  unit: string;
  role: string;
  /** The quarter the unit starts owing reports. */
  from: number;
}

/**
 * The year's events. `units` are the 20 units (with their assignments read from the seeded
 * database); `assignments` the mid-year `duban assign` decisions, chosen by the caller.
 */
export async function generateYear(db: Db, seed = 20): Promise<SimPlan> {
  const rand = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (from: Date, to: Date) => new Date(from.getTime() + Math.floor(rand() * (to.getTime() - from.getTime())));
  // Working hours only: reports come in at 9–18 Beijing time.
  const workHour = (d: Date) => {
    const day = ymd(d);
    return bj(`${day}T${String(9 + Math.floor(rand() * 9)).padStart(2, "0")}:${String(Math.floor(rand() * 60)).padStart(2, "0")}:00`);
  };

  const units = await db.unit.findMany({ include: { assignments: { include: { task: true } } }, orderBy: { id: "asc" } });
  const counties = units.filter((u) => u.kind === "county").slice(0, 3);
  const departments = units
    .filter((u) => u.kind === "municipal" && u.department)
    .sort((a, b) => b.assignments.length - a.assignments.length || a.id - b.id)
    .slice(0, 17);
  const chosen = [...departments, ...counties];
  const liaisons: Liaison[] = chosen.map((u, i) => ({ user: `lx${String(i).padStart(2, "0")}`, unit: u.name, unitId: u.id }));
  const supervisor = "dcj";
  const directoryYaml = [
    "members:",
    ...liaisons.map((l) => `  - { platform: wecom, user: ${l.user}, name: 联络员${l.user}, unit: ${l.unit} }`),
    `  - { platform: wecom, user: ${supervisor}, name: 督查员, unit: 市委市政府督查局, role: supervisor }`,
    "groups:",
    "  - { platform: wecom, chat: wr-duban, supervision: true }",
    ...liaisons.map((l) => `  - { platform: wecom, chat: wr-${l.user}, unit: ${l.unit} }`),
  ].join("\n");

  const events: SimEvent[] = [];
  const chat = (at: Date, user: string, text: string, why: string, expect?: RegExp) => events.push({ at, kind: "chat", user, text, why, ...(expect ? { expect } : {}) });

  // Mid-year assignment: three tasks the chosen departments do not have yet, as cooperating,
  // on 7月15日 — they owe reports from the third quarter on.
  const assigned: { taskNo: number; unit: string }[] = [];
  const tasks = await db.task.findMany({ orderBy: { no: "asc" } });
  for (const l of liaisons.slice(0, 3)) {
    const own = new Set(chosen.find((u) => u.id === l.unitId)!.assignments.map((a) => a.task.no));
    const candidates = tasks.filter((t) => !own.has(t.no) && t.no < 100);
    const t = pick(candidates);
    assigned.push({ taskNo: t.no, unit: l.unit });
    events.push({ at: bj("2020-07-15T11:00:00"), kind: "assign", taskNo: t.no, unit: l.unit, role: "cooperating" });
  }

  const pairs = new Map<string, PairRow[]>();
  for (const u of chosen) {
    const rows: PairRow[] = u.assignments.map((a) => ({ taskNo: a.task.no, unit: u.name, role: a.role, from: 1 }));
    for (const a of assigned.filter((x) => x.unit === u.name)) rows.push({ taskNo: a.taskNo, unit: u.name, role: "cooperating", from: 3 });
    rows.sort((a, b) => a.taskNo - b.taskNo);
    pairs.set(u.name, rows);
  }

  // 落实方案 for tasks a chosen department leads alone, closure for some of the others.
  const soleLead = new Map<number, Liaison>();
  for (const l of liaisons.slice(0, 17)) {
    for (const a of chosen.find((u) => u.id === l.unitId)!.assignments) {
      if (a.role !== "lead" || a.task.no >= 109) continue;
      const leads = await db.assignment.count({ where: { taskId: a.taskId, role: "lead" } });
      if (leads === 1 && !soleLead.has(a.task.no)) soleLead.set(a.task.no, l);
    }
  }
  const leadTasks = [...soleLead.keys()].sort((a, b) => a - b);
  const shuffled = [...leadTasks].sort(() => rand() - 0.5);
  const plannedTasks = shuffled.slice(0, 12);
  const closedTasks = shuffled.slice(12, 20);
  const returnedTasks = shuffled.slice(20, 24);
  // When the lead unit stops reporting: from the quarter after its 销号.
  const closedFrom = new Map<number, number>();
  const closures: SimPlan["closures"] = [];
  const milestones: SimPlan["milestones"] = [];

  for (const [i, no] of plannedTasks.entries()) {
    const l = soleLead.get(no)!;
    const at = workHour(between(bj("2020-02-20T00:00:00"), bj("2020-03-20T00:00:00")));
    chat(at, l.user, `方案 ${no}\n责任领导：王${i}（副局长）\n主要措施：一是加强调度；二是压实责任\n时间节点：4月30日前完成摸底调查；8月31日前出台实施意见；11月30日前全面完成验收`, "方案", /落实方案/);
    // Milestones closed: the first on time for most, the second for some, late for a few.
    const done1 = rand() < 0.8 ? workHour(between(bj("2020-04-10T00:00:00"), bj("2020-05-10T00:00:00"))) : null;
    const done2 = rand() < 0.5 ? workHour(between(bj("2020-08-01T00:00:00"), bj("2020-09-10T00:00:00"))) : null;
    if (done1) chat(done1, l.user, `${no} 节点1 已完成`, "节点1", /节点1/);
    if (done2) chat(done2, l.user, `${no} 节点2 已完成`, "节点2", /节点2/);
    milestones.push({ taskNo: no, position: 1, due: "2020-04-30", doneAt: done1 }, { taskNo: no, position: 2, due: "2020-08-31", doneAt: done2 }, { taskNo: no, position: 3, due: "2020-11-30", doneAt: null });
  }
  const closureDays = ["2020-03-10", "2020-03-20", "2020-05-12", "2020-06-10", "2020-08-05", "2020-09-08", "2020-10-20", "2020-11-10"];
  for (const [i, no] of closedTasks.entries()) {
    const l = soleLead.get(no)!;
    const at = bj(`${closureDays[i]}T10:00:00`);
    chat(at, l.user, `办结 ${no} 已全面完成，验收材料齐全（许政办〔2020〕${i + 1}号）`, "办结", /已申请办结/);
    chat(new Date(at.getTime() + 2 * DAY), supervisor, `销号 ${no}`, "销号", /已销号/);
    closedFrom.set(no, quarterOfInstant(new Date(at.getTime() + 2 * DAY)) + 1);
    closures.push({ taskNo: no, unit: l.unit, requestedAt: at, resolvedAt: new Date(at.getTime() + 2 * DAY), outcome: "closed" });
  }
  for (const [i, no] of returnedTasks.entries()) {
    const l = soleLead.get(no)!;
    const at = bj(`${["2020-04-20", "2020-06-15", "2020-08-20", "2020-11-05"][i]}T10:00:00`);
    chat(at, l.user, `办结 ${no} 已基本完成`, "办结", /已申请办结/);
    chat(new Date(at.getTime() + 3 * DAY), supervisor, `退回 ${no} 缺少验收材料`, "退回", /退回/);
    closures.push({ taskNo: no, unit: l.unit, requestedAt: at, resolvedAt: new Date(at.getTime() + 3 * DAY), outcome: "returned" });
  }

  // The quarters' reports.
  for (let q = 1; q <= 4; q++) {
    const deadline = bj(`${quarterEnd(q)}T00:00:00`);
    const firstNotice = new Date(deadline.getTime() - 7 * DAY + 9 * 3600_000);
    const nextNotice = q < 4 ? new Date(bj(`${quarterEnd(q + 1)}T00:00:00`).getTime() - 7 * DAY + 9 * 3600_000) : bj("2021-01-20T00:00:00");
    for (const l of liaisons) {
      const due = pairs.get(l.unit)!.filter((p) => p.from <= q && !(p.role === "lead" && (closedFrom.get(p.taskNo) ?? 9) <= q));
      const onTime: number[] = [];
      const lateNamed: number[] = [];
      const lateUntil = q < 4 ? new Date(nextNotice.getTime() - 2 * DAY) : bj("2021-01-18T00:00:00");
      for (const p of due) {
        const r = rand();
        if (r < 0.66) onTime.push(p.taskNo);
        else if (r < 0.8) {
          // 逾期补报: inside the late-report window in plain words, one a message; or named.
          if (q < 4 && rand() < 0.3) chat(workHour(between(new Date(deadline.getTime() + DAY), lateUntil)), l.user, `${p.taskNo}：${QCN[q]}季度已完成阶段性工作${p.taskNo}项`, "逾期补报", /已记录/);
          else lateNamed.push(p.taskNo);
        }
      }
      // Named 补报: one line `补报 二季度 N：…`, or a few under a heading naming the quarter.
      for (let i = 0; i < lateNamed.length; ) {
        const n = 1 + Math.floor(rand() * 5);
        const batch = lateNamed.slice(i, i + n);
        i += n;
        const at = workHour(between(new Date(deadline.getTime() + DAY), lateUntil));
        const text = batch.length === 1 ? `补报 ${QCN[q]}季度 ${batch[0]}：已推进相关工作，完成阶段目标` : `2020年${QCN[q]}季度工作汇报\n` + batch.map((no) => `${no}：已推进相关工作，完成阶段目标`).join("\n");
        chat(at, l.user, text, "逾期补报", /已记录/);
      }
      // On time, in batches of 3–10 lines: before the first notice with a heading naming
      // the quarter, after it in plain lines (the period in force).
      const batches: number[][] = [];
      for (let i = 0; i < onTime.length; ) {
        const n = 3 + Math.floor(rand() * 8);
        batches.push(onTime.slice(i, i + n));
        i += n;
      }
      for (const batch of batches) {
        const at = workHour(between(new Date(deadline.getTime() - 24 * DAY), new Date(deadline.getTime() - DAY)));
        const heading = at < firstNotice ? `2020年${QCN[q]}季度工作汇报\n` : "";
        chat(at, l.user, heading + batch.map((no) => `${no}：本季度推进第${no}项工作，召开专题会议${(no % 5) + 1}次`).join("\n"), "按时", /已记录/);
        for (const no of batch) {
          const x = rand();
          const later = new Date(at.getTime() + Math.floor(rand() * 2 * 3600_000) + 600_000);
          if (x < 0.07) {
            // 修改 the same day (the period in force), or 撤回 right after and maybe 补报 later.
            chat(later, l.user, `修改 ${no} 本季度完成第${no}项既定目标，修改后数据为准`, "修改", /已记录|已替换|修改/);
          } else if (x < 0.12) {
            chat(later, l.user, `撤回 ${no}`, "撤回", /撤回/);
            if (rand() < 0.5) {
              const again = workHour(between(new Date(deadline.getTime() + DAY), q < 4 ? new Date(nextNotice.getTime() - 2 * DAY) : bj("2021-01-18T00:00:00")));
              chat(again, l.user, `补报 ${QCN[q]}季度 ${no}：重新报送第${no}项进展`, "撤回后补报", /已记录/);
            }
          } else if (x < 0.15) {
            chat(new Date(later.getTime() + 3600_000), l.user, `${no}：另外，第${no}项还完成了督导检查`, "补充", /已记录|补充/);
          }
        }
      }
    }
  }
  for (const [label, at] of CHECKPOINTS) events.push({ at: bj(at), kind: "check", label });
  // Time order; a checkpoint after what happens at the same instant.
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === "check" ? 1 : 0) - (b.kind === "check" ? 1 : 0));
  return { liaisons, supervisor, directoryYaml, events, assigned, closedTasks, returnedTasks, plannedTasks, closures, milestones };
}

// ——— The truth, from the tables ———

export type TruthStatus = "on_time" | "late" | "missing" | "closed";

export interface TruthCell {
  taskNo: number;
  taskId: number;
  unit: string;
  unitId: number;
  role: string;
  status: TruthStatus;
  /** 销号 by the quarter (its own for a lead unit, the task's for others), reported or not. */
  closed: boolean;
}

export interface Truth {
  period: number;
  deadline: string;
  /** "taskNo|unit" → cell, every (task, unit) pair owing a report for the period. */
  cells: Map<string, TruthCell>;
}

export interface Tables {
  tasks: { id: number; no: number; sectionNo: number; deadline: string | null; closure: string | null; closedAt: Date | null }[];
  units: Map<number, { name: string; kind: string }>;
  assignments: { taskId: number; unitId: number; role: string; assignedAt: Date | null; closure: string | null; closedAt: Date | null }[];
  reports: { id: number; taskId: number; unitId: number; period: string; createdAt: Date; withdrawnAt: Date | null; replacesId: number | null; late: boolean }[];
  milestones: { taskId: number; dueDate: string | null; doneAt: Date | null }[];
}

export async function readTables(db: Db): Promise<Tables> {
  const tasks = await db.task.findMany({ include: { section: true } });
  return {
    tasks: tasks.map((t) => ({ id: t.id, no: t.no, sectionNo: t.section.no, deadline: t.deadline, closure: t.closure, closedAt: t.closedAt })),
    units: new Map((await db.unit.findMany()).map((u) => [u.id, { name: u.name, kind: u.kind }])),
    assignments: await db.assignment.findMany({ select: { taskId: true, unitId: true, role: true, assignedAt: true, closure: true, closedAt: true } }),
    reports: await db.report.findMany({ select: { id: true, taskId: true, unitId: true, period: true, createdAt: true, withdrawnAt: true, replacesId: true, late: true }, orderBy: { id: "asc" } }),
    milestones: await db.milestone.findMany({ select: { taskId: true, dueDate: true, doneAt: true } }),
  };
}

/**
 * Every pair's status for quarter q of 2020, by the README's rules, from the rows alone:
 * - a pair owes the quarter when its assignment was made in it or before (null: from the start);
 * - its current report is the newest not withdrawn filed for the quarter; it is late when the
 *   first of the rows still standing (补充 add rows over it) — or the report it replaced by
 *   修改, followed back — came after the quarter's last day;
 * - without a report, a pair is 已办结 when its 销号 (a lead unit's own, any other unit's by the
 *   task's) was confirmed in the quarter or before; else 未报.
 */
export function computeTruth(t: Tables, q: number): Truth {
  const deadline = quarterEnd(q);
  const key = `2020Q${q}`;
  const byId = new Map(t.reports.map((r) => [r.id, r]));
  const current = new Map<string, Tables["reports"][number]>();
  const first = new Map<string, Tables["reports"][number]>();
  for (const r of t.reports) {
    if (r.period !== key || r.withdrawnAt) continue;
    current.set(`${r.taskId}:${r.unitId}`, r); // ascending id: the last wins
    if (!first.has(`${r.taskId}:${r.unitId}`)) first.set(`${r.taskId}:${r.unitId}`, r);
  }
  const taskById = new Map(t.tasks.map((x) => [x.id, x]));
  const cells = new Map<string, TruthCell>();
  for (const a of t.assignments) {
    const unit = t.units.get(a.unitId)!;
    if (unit.kind === "group") continue;
    if (a.assignedAt && quarterOfInstant(a.assignedAt) > q) continue;
    const task = taskById.get(a.taskId)!;
    const r = current.get(`${a.taskId}:${a.unitId}`);
    const own = a.role === "lead" ? a : task;
    const closed = own.closure === "closed" && !!own.closedAt && quarterOfInstant(own.closedAt) <= q;
    let status: TruthStatus;
    if (r) {
      // A 补充 is a new row over the one it adds to (no replacesId): the pair's first row
      // still standing dates the report; a 修改 points back to the one it replaced.
      let root = first.get(`${a.taskId}:${a.unitId}`)!;
      while (root.replacesId && byId.has(root.replacesId)) root = byId.get(root.replacesId)!;
      status = ymd(root.createdAt) > deadline ? "late" : "on_time";
    } else status = closed ? "closed" : "missing";
    cells.set(`${task.no}|${unit.name}`, { taskNo: task.no, taskId: task.id, unit: unit.name, unitId: a.unitId, role: a.role, status, closed });
  }
  return { period: q, deadline, cells };
}

/** The period every view shows by default at `now` (README: the quarter just closed while its late-report window is open). */
export function shownQuarter(now: Date): number {
  const q = quarterOfInstant(now);
  if (q === 5) return 4;
  if (q === 1) return 1;
  const firstNotice = new Date(bj(`${quarterEnd(q)}T09:00:00`).getTime() - 7 * DAY);
  return now < firstNotice ? q - 1 : q;
}

export interface Counts {
  total: number;
  onTime: number;
  late: number;
  closed: number;
  missing: number;
}

export function countCells(cells: Iterable<TruthCell>): Counts {
  const c = { total: 0, onTime: 0, late: 0, closed: 0, missing: 0 };
  for (const x of cells) {
    c.total++;
    if (x.status === "on_time") c.onTime++;
    else if (x.status === "late") c.late++;
    else if (x.status === "closed") c.closed++;
    else c.missing++;
  }
  return c;
}
