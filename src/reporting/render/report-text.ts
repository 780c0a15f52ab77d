// The words every rendering shares, taken from the model and the templates: period title,
// time, status names, the 通报's opening, late-unit and behind-task lines, annex rows. The
// markdown, Word, Excel and CSV renderings lay these out; none recomputes a figure.
import { chineseDate } from "../chinese-date";
import { shanghaiDateTime } from "../periods";
import type { Cell, IndicatorRow, ReportModel, TaskRow } from "../report-model";
import { proseUnitName, UNIT_GROUPS, unitGroupOf } from "../unit-group";
import type { ReportTemplates } from "./report-templates";
import { dayLabel } from "../period-label";

export function periodTitle(rt: ReportTemplates, m: Pick<ReportModel, "period">): string {
  const t = rt.base.t;
  if (m.period.isYearEnd) return t("bureau.period_title_year_end", { year: m.period.year });
  return t("bureau.period_title", { year: m.period.year, quarterCn: t(`period.quarter_cn.q${m.period.quarter}`) });
}

export function asOf(m: ReportModel): string {
  return shanghaiDateTime(new Date(m.generatedAt));
}

export function pct(share: number | null): string {
  return share === null ? "" : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

export function cellStatus(rt: ReportTemplates, m: ReportModel, c: Pick<Cell, "status">): string {
  if (c.status === "missing" && m.overdue) return rt.base.t("bureau.cell.missing_overdue");
  return rt.base.t(`bureau.cell.${c.status}`);
}

const DUIBIAO_NOS = 20;

/** "延期情况：第12项完成时限经批准延期至7月15日；…" (issue 22): the dates 对表 judged by. */
function extensionLines(rt: ReportTemplates, m: ReportModel): string[] {
  if (!m.extensions?.length) return [];
  const t = rt.base.t;
  const items = m.extensions.map((e) => t("extension.tongbao_item", { no: e.taskNo, what: e.position ? t("extension.what_milestone", { position: e.position }) : t("extension.what_deadline"), date: dayLabel(t, e.date) }));
  return [t("extension.tongbao_line", { items: items.join("；") })];
}

/**
 * The tasks the 通报 calls 滞后: the 对表 verdict 滞后, or a task judged 序时推进 (or not judged)
 * whose reported indicator is below 序时进度. The 对表 counts and lists and the "未发现" line
 * all read this one list, so no sentence contradicts another.
 */
export function laggingTasks(m: ReportModel): TaskRow[] {
  return m.tasks.filter((task) => task.verdict === "behind" || (task.behind && (task.verdict === "on_track" || task.verdict === null)));
}

function duibiaoLines(rt: ReportTemplates, m: ReportModel): string[] {
  if (!m.tasks.some((task) => task.verdict)) return extensionLines(rt, m);
  const t = rt.tongbao.t;
  const lagging = laggingTasks(m);
  const nosOf = (v: "unfinished" | "behind") => (v === "behind" ? lagging : m.tasks.filter((task) => task.verdict === v)).map((task) => task.no);
  const counts = { ...m.verdicts, behind: lagging.length, on_track: m.tasks.filter((task) => task.verdict === "on_track" && !lagging.includes(task)).length };
  const listed = (["unfinished", "behind"] as const)
    .map((v) => [v, nosOf(v)] as const)
    .filter(([, nos]) => nos.length)
    // A 通报 names tasks, it does not list a hundred of them: the annex and 对表 have them all.
    .map(([v, nos]) => t("duibiao_list", { verdict: rt.base.t(`closure.verdict.${v}`), nos: nos.length > DUIBIAO_NOS ? t("duibiao_more", { nos: nos.slice(0, DUIBIAO_NOS).join("、"), count: nos.length }) : nos.join("、") }));
  return [t("duibiao", counts), ...listed, ...extensionLines(rt, m)];
}

/** "县（市、区）：禹州市（3项）、长葛市（2项）；市直单位：…" for the units with a count of `which`. */
function groupedUnits(rt: ReportTemplates, units: ReportModel["lateUnits"], which: "missing" | "late"): string {
  const t = rt.tongbao.t;
  return UNIT_GROUPS.map((g) => [g, units.filter((u) => unitGroupOf(u) === g)] as const)
    .filter(([, us]) => us.length)
    .map(([g, us]) => t("late_group", { kind: t(`unit_group.${g}`), units: us.map((u) => t("late_unit", { unit: proseUnitName(u), count: u[which] })).join(t("late_unit_sep")) }))
    .join(t("late_group_sep"));
}

function lateParagraphs(rt: ReportTemplates, m: ReportModel): string[] {
  const t = rt.tongbao.t;
  const missing = m.lateUnits.filter((u) => u.missing > 0);
  const late = m.lateUnits.filter((u) => u.late > 0);
  const red = missing.filter((u) => u.red);
  return [
    ...(missing.length ? [t("late_missing_units", { date: chineseDate(new Date(m.generatedAt)), count: missing.length, groups: groupedUnits(rt, missing, "missing") })] : []),
    ...(late.length ? [t("late_late_units", { count: late.length, groups: groupedUnits(rt, late, "late") })] : []),
    // issue 23: the units the escalation ladder took to 红 this period and still owing.
    ...(red.length ? [t("late_red_units", { units: red.map((u) => proseUnitName(u)).join(t("late_unit_sep")) })] : []),
  ];
}

// A task led by 市政府各部门 has thirty-six lead units: a table cell names a few and counts them.
const LEADS_NAMED = 3;

function leadNames(rt: ReportTemplates, leads: string[]): string {
  const t = rt.tongbao.t;
  if (!leads.length) return t("none");
  if (leads.length <= LEADS_NAMED + 1) return leads.join("、");
  return t("leads_more", { units: leads.slice(0, LEADS_NAMED).join("、"), count: leads.length });
}

export function roleName(rt: ReportTemplates, role: string): string {
  return rt.base.t(`role.${role}`);
}

export function indicatorStatusName(rt: ReportTemplates, i: IndicatorRow): string {
  return rt.base.t(`bureau.indicator.${i.status}`);
}

export function opSign(rt: ReportTemplates, op: string): string {
  return rt.base.t(`bureau.op.${op}`);
}

export interface TongbaoText {
  title: string;
  /** The title broken where a 公文 breaks it, for the Word rendering. */
  titleLines: string[];
  salutation: string;
  opening: string;
  h_overall: string;
  h_late: string;
  late: string[];
  late_empty: string;
  h_behind: string;
  /** The indicator lines, after behind_intro; empty when none. */
  behind_intro: string;
  behind: string[];
  /** "本期未发现…": only when nothing at all is 滞后 (no indicator below 序时, no 对表 滞后/未完成). */
  behind_none: string | null;
  /** 对表: the verdict counts, then the 滞后 and 未完成 task numbers; empty when not judged. */
  duibiao: string[];
  h_next: string;
  next: string;
  /** 发文机关 (版头, 落款), 期号 and 成文日期 "2020年7月3日". */
  office: string;
  issueNo: string;
  date: string;
  signature: string;
  annex_title: string;
  annex_note: string;
  annex_label: string;
  annex_name: string;
  annexHeaders: string[];
  annex: { heading: string; rows: string[][] }[];
  /** "一、…" lines: one per section. */
  overall: string[];
}

export function tongbaoText(rt: ReportTemplates, m: ReportModel): TongbaoText {
  const t = rt.tongbao.t;
  const period = periodTitle(rt, m);
  const missingWord = t(m.overdue ? "missing_word_overdue" : "missing_word");
  const indicatorsOf = (no: number) => m.indicators.filter((i) => i.taskNo === no);
  const behind = m.tasks
    .filter((task) => task.behind)
    .map((task) =>
      t("behind_line", {
        no: task.no,
        title: task.title,
        lead: leadNames(rt, task.leadUnits),
        indicators: indicatorsOf(task.no)
          .filter((i) => i.status === "behind")
          .map((i) => t("behind_indicator", { name: i.name, op: opSign(rt, i.op), target: i.target, unit: i.unit, value: i.value ?? "", ratio: pct(i.ratio) }))
          .join("；"),
      }),
    );
  const yesNo = (b: boolean) => (b ? t("yes") : t("no"));
  const frac = (x: { reported: number; total: number }) => (x.total ? `${x.reported}/${x.total}` : t("none"));
  return {
    title: t("title", { period }),
    titleLines: [t("title_line1", { period }), t("title_line2")],
    salutation: t("salutation"),
    opening: t("opening", {
      docNo: m.plan.docNo
        ? m.plan.title
          ? t("opening_doc", { title: m.plan.title, docNo: m.plan.docNo })
          : t("opening_doc_no_title", { docNo: m.plan.docNo })
        : t("opening_doc_fallback"),
      time: chineseDate(new Date(m.generatedAt)),
      period,
      total: m.totals.total,
      reported: m.totals.reported,
      onTime: m.totals.onTime,
      late: m.totals.late,
      missing: m.totals.missing,
      closed: m.totals.closed,
      missingWord: missingWord,
      percent: m.totals.percent,
      timeProgress: pct(m.timeProgress),
    }),
    h_overall: t("h_overall"),
    h_late: t("h_late"),
    late: lateParagraphs(rt, m),
    late_empty: m.overdue ? t("late_none") : t("late_not_yet", { deadline: chineseDate(m.period.deadline) }),
    h_behind: t("h_behind"),
    behind_intro: t("behind_intro"),
    behind,
    behind_none: behind.length || m.verdicts.unfinished || laggingTasks(m).length ? null : t("behind_none"),
    duibiao: duibiaoLines(rt, m),
    h_next: t("h_next"),
    next: t("next"),
    office: t("office"),
    issueNo: t("issue_no", { no: m.period.quarter }),
    date: chineseDate(new Date(m.generatedAt)),
    signature: t("signature", { office: t("office") }),
    annex_title: t("annex_title"),
    annex_note: t("annex_note", { name: t("annex_name") }),
    annex_label: t("annex_label"),
    annex_name: t("annex_name"),
    annexHeaders: rt.tongbaoRaw.annex_headers,
    annex: m.sections.map((s) => ({
      heading: t("annex_section", { no: s.no, title: s.title }),
      rows: m.tasks
        .filter((task) => task.sectionNo === s.no)
        .map((task) => [
          String(task.no),
          // The whole task, as the plan words it: an annex is where a reader looks it up.
          task.text,
          leadNames(rt, task.leadUnits),
          // One lead: 是/否; several (市政府各部门 stands for every department): how many have.
          task.lead.total > 1 ? frac(task.lead) : task.lead.total ? yesNo(task.leadReported) : t("none"),
          frac(task.cooperating),
          frac(task.counties),
          indicatorsOf(task.no).map((i) => `${i.name}${indicatorStatusName(rt, i)}`).join("；") || t("none"),
        ]),
    })),
    overall: m.sections.map((s) => t("overall_section", { title: `${s.no}. ${s.title}`, total: s.total, onTime: s.onTime, late: s.late, closed: s.closed, missing: s.missing, missingWord, percent: s.percent })),
  };
}
