// Issue 20: a simulated year read through every view, against the database. 20 units report
// through the real conversation for a year (on time, late, 修改, 补充, 撤回, 方案 and 时间节点,
// 办结 → 销号 and 办结 → 退回, a `duban assign` in July); at 12 moments the truth is computed
// from the tables (test/helpers/year-simulation.ts, without src/reporting) and compared with
// chat (我的任务, 未报, 进度, 汇总, 通报, 对表), `duban report --format json/csv`, /api/v1 and
// the dashboard's pages. Any disagreement fails the test and the first ones are printed with
// the moment, the view, the unit, the task and both values.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { createApp } from "../../src/http/create-app";
import { createLogger } from "../../src/logger";
import type { ReportModel } from "../../src/reporting/report-model";
import { createHarness, type ConversationHarness } from "../helpers/conversation";
import {
  CHECKPOINTS,
  bj,
  computeTruth,
  countCells,
  generateYear,
  quarterEnd,
  quarterOfInstant,
  readTables,
  shownQuarter,
  ymd,
  type Counts,
  type SimPlan,
  type Tables,
  type Truth,
  type TruthCell,
} from "../helpers/year-simulation";
import {
  pagePeriod,
  parseCsv,
  parseDuibiao,
  parseDuibiaoLines,
  parseLightCounts,
  lightTally,
  parseOverviewVerdicts,
  pagerPages,
  parseUnreportedMatrix,
  verdictKey,
  parseMyTasks,
  parseOverviewUnits,
  parseProgress,
  parseSummary,
  parseTaskPage,
  parseTongbao,
  parseUnitPage,
  parseUnitUnreported,
  type CountsRow,
} from "../helpers/year-views";

const TOKEN = "test-admin-token-0123456789";
const CHECK_ORDER = CHECKPOINTS.map(([label]) => label);
let h: ConversationHarness;
let sim: SimPlan;
let server: Server;
let base: string;

interface Disagreement {
  moment: string;
  view: string;
  unit: string;
  task: string;
  expected: string;
  actual: string;
}
const compared = new Map<string, number>();
const disagreements: Disagreement[] = [];
const eventProblems: string[] = [];

function cmp(moment: string, view: string, unit: string, task: string | number, expected: unknown, actual: unknown): void {
  compared.set(view, (compared.get(view) ?? 0) + 1);
  if (String(expected) !== String(actual)) disagreements.push({ moment, view, unit, task: String(task), expected: String(expected), actual: String(actual) });
}

function cmpCounts(moment: string, view: string, unit: string, expected: Counts, actual: CountsRow | null | undefined): void {
  for (const k of ["total", "onTime", "late", "closed", "missing"] as const) cmp(moment, view, unit, k, expected[k], actual ? actual[k] : "absent");
}

beforeAll(async () => {
  h = await createHarness("2020-01-10T09:00:00+08:00");
  sim = await generateYear(h.database.db);
  await loadDirectoryText(h.database.db, sim.directoryYaml, "year.yaml");
  const app = createApp({ db: h.database.db, provider: h.database.provider, log: createLogger("silent"), platforms: {}, dashboard: { adminToken: TOKEN, clock: () => h.now.value } });
  server = createServer(app.callback()).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h?.database.drop();
});

async function cli(now: Date, ...argv: string[]): Promise<{ code: number; text: string; err: string }> {
  const bytes: Buffer[] = [];
  const out: string[] = [];
  let err = "";
  const env = { DATABASE_URL: h.database.url, LOG_LEVEL: "silent", DUBAN_NOW: now.toISOString() };
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t), stdout: { write: (d) => void bytes.push(d), isTTY: false } });
  return { code, text: Buffer.concat(bytes).toString("utf8") + out.join("\n"), err };
}

async function page(path: string): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) return `HTTP ${res.status}`;
  return res.text();
}

const say = async (user: string, text: string) => (await h.send(user, text)).text;

/** The word 我的任务 shows for a truth cell of the shown quarter. */
function myTasksWord(cell: TruthCell, previous: Truth | null, overdue: boolean): string {
  if (cell.status === "on_time" || cell.status === "late") return "已报";
  if (cell.status === "closed") return "已办结";
  const prevMissing = previous?.cells.get(`${cell.taskNo}|${cell.unit}`)?.status === "missing";
  return overdue || prevMissing ? "逾期" : "未报";
}

/** Every cell of a report model against the truth, and its totals, per unit and per section. */
function compareModel(moment: string, view: string, m: ReportModel, truth: Truth, unitOnly?: string): void {
  cmp(moment, `${view} period`, "", "", `2020Q${truth.period}`, m.period.key);
  const seen = new Set<string>();
  for (const t of m.tasks) {
    for (const c of t.cells) {
      const key = `${t.no}|${c.unit}`;
      seen.add(key);
      cmp(moment, view, c.unit, t.no, truth.cells.get(key)?.status ?? "absent", c.status);
    }
  }
  const want = [...truth.cells.values()].filter((c) => !unitOnly || c.unit === unitOnly);
  for (const c of want) if (!seen.has(`${c.taskNo}|${c.unit}`)) cmp(moment, view, c.unit, c.taskNo, c.status, "absent");
  cmpCounts(moment, `${view} totals`, "", countCells(want), m.totals);
  // Every total shows its parts and they sum.
  cmp(moment, `${view} sums`, "", "total", m.totals.total, m.totals.onTime + m.totals.late + m.totals.closed + m.totals.missing);
  cmp(moment, `${view} sums`, "", "units", m.totals.total, m.units.reduce((s, u) => s + u.total, 0));
  cmp(moment, `${view} sums`, "", "sections", m.totals.total, m.sections.reduce((s, x) => s + x.total, 0));
  for (const u of m.units) cmpCounts(moment, `${view} units`, u.unit, countCells(want.filter((c) => c.unit === u.unit)), u);
}

/** Cells of the truth grouped by unit. */
function byUnit(truth: Truth, unit: string): TruthCell[] {
  return [...truth.cells.values()].filter((c) => c.unit === unit);
}

/** 对表 of every task as of `now`, by the README's rule, from the tables. */
function verdicts(t: Tables, truths: Map<number, Truth>, now: Date): Map<number, string> {
  const today = ymd(now);
  const out = new Map<number, string>();
  for (const task of t.tasks) {
    if (!t.assignments.some((a) => a.taskId === task.id && t.units.get(a.unitId)!.kind !== "group")) continue;
    let v: string;
    if (task.closure === "closed") v = "closed";
    else if ((task.deadline !== null && task.deadline < today) || today > "2020-12-31") v = "unfinished";
    else {
      let missed = 0;
      for (const [q, truth] of truths) {
        if (quarterEnd(q) >= today) continue;
        for (const c of truth.cells.values()) if (c.taskId === task.id && c.role === "lead" && c.status === "missing") missed++;
      }
      const lateMilestone = t.milestones.some((ms) => ms.taskId === task.id && !ms.doneAt && ms.dueDate !== null && ms.dueDate < today);
      v = missed > 0 || lateMilestone ? "behind" : "on_track";
    }
    out.set(task.no, v);
  }
  return out;
}

function verdictCounts(byTask: Map<number, string>): Record<string, number> {
  const out: Record<string, number> = { closed: 0, on_track: 0, behind: 0, unfinished: 0 };
  for (const v of byTask.values()) out[v]!++;
  return out;
}

const spent = new Map<string, number>();
let lap = Date.now();
function tick(part: string): void {
  spent.set(part, (spent.get(part) ?? 0) + Date.now() - lap);
  lap = Date.now();
}

async function checkMoment(label: string, now: Date): Promise<void> {
  lap = Date.now();
  h.now.value = now;
  const db = h.database.db;
  const tables = await readTables(db);
  const current = Math.min(quarterOfInstant(now), 4);
  const truths = new Map<number, Truth>();
  for (let q = 1; q <= current; q++) truths.set(q, computeTruth(tables, q));
  const S = shownQuarter(now);
  const shown = truths.get(S)!;
  const overdue = ymd(now) > quarterEnd(S);
  const previous = S > 1 && quarterOfInstant(now) <= 4 ? truths.get(S - 1)! : null;

  // ——— chat, each liaison ———
  const worstLight = new Map<string, string>();
  for (const l of sim.liaisons) {
    const cells = byUnit(shown, l.unit);
    const want = new Map(cells.map((c) => [c.taskNo, myTasksWord(c, previous, overdue)]));
    const got = new Map<number, string>();
    const firstText = await say(l.user, "我的任务");
    const first = parseMyTasks(firstText);
    const lights = lightTally(firstText);
    cmp(label, "chat 我的任务 period", l.unit, "", S, first.quarter);
    for (const x of first.lines) got.set(x.no, x.status);
    for (let p = 2; p <= first.pages; p++) {
      const text = await say(l.user, `我的任务 ${p}`);
      for (const x of parseMyTasks(text).lines) got.set(x.no, x.status);
      for (const [k, n] of Object.entries(lightTally(text))) lights[k]! += n;
    }
    for (const [no, w] of want) cmp(label, "chat 我的任务", l.unit, no, w, got.get(no) ?? "absent");
    for (const no of got.keys()) if (!want.has(no)) cmp(label, "chat 我的任务", l.unit, no, "absent", got.get(no));
    const words = [...want.values()];
    const s = first.summary;
    cmp(label, "chat 我的任务 summary", l.unit, "共", cells.length, s?.total);
    cmp(label, "chat 我的任务 summary", l.unit, "已报", words.filter((w) => w === "已报").length, s?.reported);
    cmp(label, "chat 我的任务 summary", l.unit, "未报", words.filter((w) => w === "未报" || w === "逾期").length, s?.due);
    cmp(label, "chat 我的任务 summary", l.unit, "已办结", words.filter((w) => w === "已办结").length, s?.closed);
    cmp(label, "chat 我的任务 sums", l.unit, "共", s?.total, s ? s.reported + s.due + s.closed : "absent");

    const un = parseUnitUnreported(await say(l.user, "未报"));
    const missing = cells.filter((c) => c.status === "missing").map((c) => c.taskNo);
    cmp(label, "chat 未报 period", l.unit, "", S, un?.quarter);
    cmp(label, "chat 未报", l.unit, "count", missing.length, un?.count);
    for (const no of un?.nos ?? []) cmp(label, "chat 未报", l.unit, no, "missing", shown.cells.get(`${no}|${l.unit}`)?.status ?? "absent");
    if (missing.length <= 20) cmp(label, "chat 未报", l.unit, "list", missing.sort((a, b) => a - b).join(","), (un?.nos ?? []).join(","));

    const progressText = await say(l.user, "进度");
    const pr = parseProgress(progressText);
    const lc = parseLightCounts(progressText);
    for (const k of ["🔴", "🟡", "🟢"]) cmp(label, "chat 进度 状态灯 vs 我的任务", l.unit, k, lights[k], lc ? lc[k] : "absent");
    worstLight.set(l.unit, lights["🔴"] ? "red" : lights["🟡"] ? "yellow" : lights["🟢"] ? "green" : "none");
    const c = countCells(cells);
    cmp(label, "chat 进度 period", l.unit, "", S, pr?.quarter);
    cmp(label, "chat 进度", l.unit, "合计", `${c.onTime + c.late + c.closed}/${c.total}`, pr ? `${pr.done}/${pr.total}` : "absent");
  }

  tick("chat liaisons");
  // ——— chat, the bureau ———
  const checkSummary = (view: string, text: string, truth: Truth) => {
    const sm = parseSummary(text);
    cmp(label, `${view} period`, "", "", truth.period, sm.quarter);
    const all = [...truth.cells.values()];
    cmpCounts(label, view, "全市", countCells(all), sm.totals);
    for (const [unit, row] of sm.units) cmpCounts(label, view, unit, countCells(all.filter((x) => x.unit === unit)), row);
    compared.set(`${view} rows`, (compared.get(`${view} rows`) ?? 0) + sm.units.size);
    if (sm.totals) cmp(label, `${view} sums`, "全市", "应报", sm.totals.total, sm.totals.onTime + sm.totals.late + sm.totals.closed + sm.totals.missing);
  };
  checkSummary("chat 汇总", await say(sim.supervisor, "汇总"), shown);
  for (const [q, truth] of truths) checkSummary(`chat 汇总 Q${q}`.replace(/ Q\d$/, " 2020Qn"), await say(sim.supervisor, `汇总 2020Q${q}`), truth);

  const tb = parseTongbao(await say(sim.supervisor, "通报"));
  cmp(label, "chat 通报 period", "", "", S, tb?.quarter);
  cmpCounts(label, "chat 通报", "全市", countCells(shown.cells.values()), tb?.totals);

  const verdictOf = verdicts(tables, truths, now);
  const verdictsCounted = verdictCounts(verdictOf);
  const sheet = await say(sim.supervisor, "对表 2020");
  const db6 = parseDuibiao(sheet);
  for (const k of Object.keys(verdictsCounted)) cmp(label, "chat 对表", "", k, verdictsCounted[k], db6 ? db6[k as keyof typeof db6] : "absent");
  const sheetLines = parseDuibiaoLines(sheet);
  for (let p = 2; p <= 6; p++) for (const [no, v] of parseDuibiaoLines(await say(sim.supervisor, `对表 2020 ${p}`))) sheetLines.set(no, v);
  for (const [no, v] of verdictOf) cmp(label, "chat 对表 lines", "", no, v, sheetLines.get(no) ?? "absent");

  const matrix = parseUnreportedMatrix(await say(sim.supervisor, "未报"));
  const missingBy = new Map<string, number>();
  for (const c of shown.cells.values()) if (c.status === "missing") missingBy.set(c.unit, (missingBy.get(c.unit) ?? 0) + 1);
  cmp(label, "chat 未报 (bureau) period", "", "", S, matrix?.quarter);
  cmp(label, "chat 未报 (bureau)", "全市", "units", missingBy.size, matrix?.units);
  cmp(label, "chat 未报 (bureau)", "全市", "count", [...missingBy.values()].reduce((a, b) => a + b, 0), matrix?.count);
  for (const [unit, x] of matrix?.lines ?? []) {
    cmp(label, "chat 未报 (bureau)", unit, "count", missingBy.get(unit) ?? 0, x.count);
    const prev = previous ? [...previous.cells.values()].filter((c) => c.unit === unit && c.status === "missing" && !shown.cells.get(`${c.taskNo}|${c.unit}`)?.closed).length : 0;
    cmp(label, "chat 未报 (bureau)", unit, "上季度逾期", prev, x.previous);
  }

  tick("chat bureau");
  // ——— the CLI ———
  // Every past quarter through /api/v1 below (the same model); the CLI for the shown one.
  {
    const r = await cli(now, "report", "--period", `2020Q${S}`, "--format", "json");
    cmp(label, "cli json exit", "", `2020Q${S}`, 0, r.code === 0 ? 0 : `${r.code} ${r.err}`);
    if (r.code === 0) compareModel(label, "cli json", JSON.parse(r.text) as ReportModel, shown);
  }
  {
    // `--period current` is the quarter in force (README), not the shown one.
    const r = await cli(now, "report", "--period", "current", "--format", "json");
    if (r.code === 0) {
      const m = JSON.parse(r.text) as ReportModel;
      compareModel(label, "cli json current", m, truths.get(current)!);
      for (const v of Object.keys(verdictsCounted)) cmp(label, "cli json 对表", "", v, verdictsCounted[v], m.verdicts[v as keyof typeof m.verdicts]);
      for (const t of m.tasks) cmp(label, "cli json 对表 tasks", "", t.no, verdictOf.get(t.no), t.verdict);
    } else cmp(label, "cli json exit", "", "current", 0, `${r.code} ${r.err}`);
    const csv = await cli(now, "report", "--period", `2020Q${S}`, "--format", "csv");
    const rows = parseCsv(csv.text);
    const head = rows[0] ?? [];
    const [iNo, iUnit, iStatus, iVerdict] = ["任务编号", "单位", "状态", "对表"].map((x) => head.indexOf(x));
    const label4 = (c: TruthCell) => ({ on_time: "已报", late: "逾期补报", closed: "已办结", missing: overdue ? "逾期未报" : "未报" })[c.status];
    const seen = new Set<string>();
    for (const row of rows.slice(1)) {
      if (row.length < head.length) continue;
      const key = `${row[iNo!]}|${row[iUnit!]}`;
      seen.add(key);
      const t = shown.cells.get(key);
      cmp(label, "cli csv", row[iUnit!]!, row[iNo!]!, t ? label4(t) : "absent", row[iStatus!]);
      cmp(label, "cli csv 对表", row[iUnit!]!, row[iNo!]!, verdictOf.get(Number(row[iNo!])), verdictKey(row[iVerdict!]!));
    }
    for (const c of shown.cells.values()) if (!seen.has(`${c.taskNo}|${c.unit}`)) cmp(label, "cli csv", c.unit, c.taskNo, label4(c), "absent");
  }

  tick("cli");
  // ——— /api/v1 ———
  for (const [q, truth] of truths) {
    const res = await fetch(`${base}/api/v1/periods/2020Q${q}/matrix`, { headers: { authorization: `Bearer ${TOKEN}` } });
    compareModel(label, "api matrix", (await res.json()) as ReportModel, truth);
  }
  for (const l of sim.liaisons.slice(0, 4)) {
    const res = await fetch(`${base}/api/v1/periods/2020Q${S}/matrix?unit=${encodeURIComponent(l.unit)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    compareModel(label, "api matrix ?unit", (await res.json()) as ReportModel, shown, l.unit);
  }

  tick("api");
  // The 待销号 queue, each lead unit's 办结 state and the overdue 时间节点, against what the year did.
  const api = async (path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<Record<string, unknown>>;
  const closuresNow = (await api("/api/v1/closures")) as { pending: { taskNo: number; unit: string }[]; overdueMilestones: { taskNo: number; position: number }[] };
  const pendingWant = sim.closures.filter((c) => c.requestedAt <= now && c.resolvedAt > now).map((c) => `${c.taskNo}|${c.unit}`).sort();
  cmp(label, "api closures 待销号", "", "", pendingWant.join(","), closuresNow.pending.map((p) => `${p.taskNo}|${p.unit}`).sort().join(","));
  const today = ymd(now);
  const lateWant = sim.milestones.filter((m) => m.due < today && !(m.doneAt && m.doneAt <= now)).map((m) => `${m.taskNo}.${m.position}`).sort();
  cmp(label, "api closures 逾期节点", "", "", lateWant.join(","), closuresNow.overdueMilestones.map((m) => `${m.taskNo}.${m.position}`).sort().join(","));
  for (const c of sim.closures) {
    const task = (await api(`/api/v1/tasks/${c.taskNo}`)) as { units: { unit: string; role: string; closure?: { state: string | null } }[] };
    const want = c.requestedAt > now ? "none" : c.resolvedAt > now ? "pending" : c.outcome === "closed" ? "closed" : "none";
    const got = task.units.find((u) => u.unit === c.unit)?.closure?.state ?? "none";
    cmp(label, "api tasks/N 办结", c.unit, c.taskNo, want, got === "closed" || got === "pending" ? got : "none");
  }
  // The task list's rollup on the shown period: lead, cooperating and county units that reported (or are 销号).
  {
    const res = await fetch(`${base}/api/v1/periods/2020Q${S}/matrix`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const m = (await res.json()) as ReportModel;
    for (const t of m.tasks) {
      const cells = [...shown.cells.values()].filter((c) => c.taskNo === t.no);
      const part = (role: string) => {
        const of = cells.filter((c) => c.role === role);
        return `${of.filter((c) => c.status !== "missing").length}/${of.length}`;
      };
      cmp(label, "api matrix rollup", "", t.no, `${part("lead")} ${part("cooperating")} ${part("county")}`, `${t.lead.reported}/${t.lead.total} ${t.cooperating.reported}/${t.cooperating.total} ${t.counties.reported}/${t.counties.total}`);
    }
  }

  // ——— the dashboard ———
  const overview = await page("/dashboard");
  cmp(label, "dashboard overview period", "", "", S, pagePeriod(overview));
  const units = parseOverviewUnits(overview);
  compared.set("dashboard overview rows", (compared.get("dashboard overview rows") ?? 0) + units.size);
  const allUnits = new Set([...shown.cells.values()].map((c) => c.unit));
  cmp(label, "dashboard overview", "", "units", allUnits.size, units.size);
  for (const [unit, row] of units) cmpCounts(label, "dashboard overview", unit, countCells(byUnit(shown, unit)), row);
  // A unit's light is the worst of its tasks' (README): the overview as 我的任务 draws them.
  for (const l of sim.liaisons) cmp(label, "dashboard overview light vs 我的任务", l.unit, "", worstLight.get(l.unit), units.get(l.unit)?.light ?? "absent");
  // The task list is paged (30 a page): every page read, and together they list every task once.
  const listed = new Map(parseOverviewVerdicts(overview));
  const pages = pagerPages(overview);
  for (let p = 2; p <= pages; p++) {
    const html = await page(`/dashboard?page=${p}`);
    cmp(label, "dashboard overview period", "", `page ${p}`, S, pagePeriod(html));
    for (const [no, v] of parseOverviewVerdicts(html)) {
      if (listed.has(no)) cmp(label, "dashboard overview 对表", "", no, "listed once", "listed twice");
      listed.set(no, v);
    }
  }
  cmp(label, "dashboard overview", "", "tasks", verdictOf.size, listed.size);
  for (const [no, v] of listed) cmp(label, "dashboard overview 对表", "", no, verdictOf.get(no), v);
  // Half the units' pages at each moment, the other half at the next: every page every other moment.
  const turn = CHECK_ORDER.indexOf(label) % 2;
  for (const l of sim.liaisons.filter((_, i) => i % 2 === turn)) {
    const html = await page(`/dashboard/units/${encodeURIComponent(l.unit)}`);
    cmp(label, "dashboard unit period", l.unit, "", S, pagePeriod(html));
    const up = parseUnitPage(html);
    const cells = byUnit(shown, l.unit);
    for (const c of cells) cmp(label, "dashboard unit", l.unit, c.taskNo, c.status, up.cells.get(c.taskNo) ?? "absent");
    for (const no of up.cells.keys()) if (!shown.cells.has(`${no}|${l.unit}`)) cmp(label, "dashboard unit", l.unit, no, "absent", up.cells.get(no));
    cmpCounts(label, "dashboard unit cards", l.unit, countCells(cells), up.cards);
  }
  tick("dashboard overview+units");
  // The tasks whose state moves: 销号 (this period and the first quarter, before it), 退回, assigned.
  const watched = [...sim.closedTasks, ...sim.returnedTasks.slice(0, 2), ...sim.assigned.map((a) => a.taskNo)];
  for (const [i, no] of watched.entries()) {
    for (const q of [S, ...(S > 1 && sim.closedTasks.includes(no) && i % 2 === turn ? [1] : [])]) {
      const truth = truths.get(q)!;
      const html = await page(`/dashboard/tasks/${no}${q === S ? "" : `?period=2020Q${q}`}`);
      if (q === S) cmp(label, "dashboard task period", "", no, S, pagePeriod(html));
      const got = parseTaskPage(html);
      const want = [...truth.cells.values()].filter((c) => c.taskNo === no);
      for (const c of want) cmp(label, "dashboard task", c.unit, no, c.status, got.get(c.unit) ?? "absent");
      for (const unit of got.keys()) if (!truth.cells.has(`${no}|${unit}`)) cmp(label, "dashboard task", unit, no, "absent", got.get(unit));
    }
  }
  tick("dashboard tasks");
}

describe("a simulated year read through every view", () => {
  it("every view agrees with the database at 12 moments of the year", async () => {
    const t0 = Date.now();
    let messages = 0;
    let checks = 0;
    let checkMs = 0;
    for (const e of sim.events) {
      h.now.value = e.at;
      if (e.kind === "chat") {
        messages++;
        const reply = await say(e.user, e.text);
        if (e.expect && !e.expect.test(reply)) eventProblems.push(`${e.at.toISOString()} ${e.user} [${e.why}] ${e.text.split("\n")[0]} → ${reply.split("\n").slice(0, 2).join(" / ")}`);
      } else if (e.kind === "assign") {
        const r = await cli(e.at, "assign", String(e.taskNo), "--unit", e.unit, "--role", e.role);
        if (r.code !== 0) eventProblems.push(`assign ${e.taskNo} ${e.unit}: ${r.err}`);
      } else {
        checks++;
        if (process.env.YEAR_SKIP_CHECKS && !process.env.YEAR_SKIP_CHECKS.split(",").includes(e.label)) continue;
        const c0 = Date.now();
        await checkMoment(e.label, e.at);
        checkMs += Date.now() - c0;
      }
    }
    const reports = await h.database.db.report.count();
    const total = [...compared.values()].reduce((a, b) => a + b, 0);
    const byView = new Map<string, number>();
    for (const d of disagreements) byView.set(d.view, (byView.get(d.view) ?? 0) + 1);
    const summary = [
        `simulated year: ${messages} messages, ${reports} reports stored, ${checks} moments, ${((Date.now() - t0) / 1000).toFixed(1)} s (checks ${(checkMs / 1000).toFixed(1)} s)`,
        `time in checks: ${[...spent.entries()].map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")}`,
        `comparisons: ${total}, disagreements: ${disagreements.length}`,
        ...[...compared.entries()].map(([v, n]) => `  ${v}: ${n}${byView.get(v) ? ` — ${byView.get(v)} disagree` : ""}`),
        ...(eventProblems.length ? [`events not answered as expected: ${eventProblems.length}`, ...eventProblems.slice(0, 15).map((p) => `  ${p}`)] : []),
        ...disagreements.slice(0, 40).map((d) => `  ${d.moment} | ${d.view} | ${d.unit} | ${d.task} | expected ${d.expected} | got ${d.actual}`),
      ].join("\n");
    console.log(summary);
    // The rows behind the first cell disagreements, to judge which side is wrong.
    const db = h.database.db;
    for (const d of disagreements.filter((x) => /^\d+$/.test(x.task)).slice(0, 6)) {
      const rows = await db.report.findMany({ where: { task: { no: Number(d.task) }, unit: { name: d.unit } }, orderBy: { id: "asc" } });
      console.log(`${d.moment} ${d.view} ${d.unit} ${d.task}:\n` + rows.map((r) => `  #${r.id} ${r.period} ${r.createdAt.toISOString()} late=${r.late} withdrawn=${r.withdrawnAt?.toISOString() ?? "-"} replaces=${r.replacesId ?? "-"} ${r.text.slice(0, 40)}`).join("\n"));
    }
    expect(checks).toBe(12);
    expect(reports).toBeGreaterThan(1500);
    // Not vacuous: each view produced what it is compared on.
    const atLeast: [string, number][] = [
      ["chat 我的任务", 2000],
      ["chat 我的任务 summary", 12 * 20 * 4],
      ["chat 未报", 12 * 20],
      ["chat 进度", 12 * 20],
      ["chat 汇总 rows", 100],
      ["chat 汇总 2020Qn rows", 100],
      ["chat 通报", 12 * 5],
      ["chat 对表", 12 * 4],
      ["chat 对表 lines", 12 * 100],
      ["chat 未报 (bureau)", 12 * 20],
      ["chat 进度 状态灯 vs 我的任务", 12 * 20 * 3],
      ["cli json 对表 tasks", 12 * 100],
      ["cli csv 对表", 10_000],
      ["dashboard overview 对表", 12 * 100],
      ["cli json", 5_000],
      ["cli json current", 10_000],
      ["cli csv", 10_000],
      ["api matrix", 10_000],
      ["api matrix ?unit", 500],
      ["dashboard overview rows", 12 * 50],
      ["dashboard unit", 2000],
      ["dashboard unit cards", 12 * 10 * 5],
      ["dashboard task", 300],
      ["api closures 待销号", 12],
      ["dashboard overview light vs 我的任务", 12 * 20],
      ["api tasks/N 办结", 12 * 12],
      ["api matrix rollup", 12 * 100],
    ];
    for (const [view, n] of atLeast) expect(compared.get(view) ?? 0, view).toBeGreaterThanOrEqual(n);
    expect(disagreements.length, "disagreements (see the lines printed above)").toBe(0);
  }, 600_000);
});
