// The words every rendering shares, taken from the model and the templates: period title,
// time, status names, the 通报's opening, late-unit and behind-task lines, annex rows. The
// markdown, Word, Excel and CSV renderings lay these out; none recomputes a figure.
import { shanghaiDateTime } from "../periods";
import type { Cell, IndicatorRow, ReportModel } from "../report-model";
import type { ReportTemplates } from "./report-templates";

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

function duibiaoLines(rt: ReportTemplates, m: ReportModel): string[] {
  if (!m.tasks.some((task) => task.verdict)) return [];
  const t = rt.tongbao.t;
  const listed = (["unfinished", "behind"] as const)
    .map((v) => [v, m.tasks.filter((task) => task.verdict === v).map((task) => task.no)] as const)
    .filter(([, nos]) => nos.length)
    // A 通报 names tasks, it does not list a hundred of them: the annex and 对表 have them all.
    .map(([v, nos]) => t("duibiao_list", { verdict: rt.base.t(`closure.verdict.${v}`), nos: nos.length > DUIBIAO_NOS ? t("duibiao_more", { nos: nos.slice(0, DUIBIAO_NOS).join("、"), count: nos.length }) : nos.join("、") }));
  return [t("duibiao", m.verdicts), ...listed];
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
  salutation: string;
  opening: string;
  h_overall: string;
  h_late: string;
  late: string[];
  late_empty: string;
  h_behind: string;
  behind: string[];
  behind_none: string;
  /** 对表: the verdict counts, then the 滞后 and 未完成 task numbers; empty when not judged. */
  duibiao: string[];
  h_next: string;
  next: string;
  signature: string;
  annex_title: string;
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
  const late = m.lateUnits.map((u) => {
    const parts = [
      ...(u.missing ? [t("late_missing", { count: u.missing })] : []),
      ...(u.late ? [t("late_late", { count: u.late })] : []),
    ];
    return t("late_line", { unit: u.unit, detail: parts.join(t("late_sep")) }) + (u.red ? t("late_red") : "");
  });
  const behind = m.tasks
    .filter((task) => task.behind)
    .map((task) =>
      t("behind_line", {
        no: task.no,
        title: task.title,
        lead: task.leadUnits.join("、") || t("none"),
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
    salutation: t("salutation"),
    opening: t("opening", {
      docNo: m.plan.docNo
        ? m.plan.title
          ? t("opening_doc", { title: m.plan.title, docNo: m.plan.docNo })
          : t("opening_doc_no_title", { docNo: m.plan.docNo })
        : t("opening_doc_fallback"),
      time: asOf(m),
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
    late,
    late_empty: m.overdue ? t("late_none") : t("late_not_yet", { deadline: m.period.deadline }),
    h_behind: t("h_behind"),
    behind,
    behind_none: t("behind_none"),
    duibiao: duibiaoLines(rt, m),
    h_next: t("h_next"),
    next: t("next"),
    signature: t("signature"),
    annex_title: t("annex_title"),
    annexHeaders: rt.tongbaoRaw.annex_headers,
    annex: m.sections.map((s) => ({
      heading: t("annex_section", { no: s.no, title: s.title }),
      rows: m.tasks
        .filter((task) => task.sectionNo === s.no)
        .map((task) => [
          String(task.no),
          task.title,
          task.leadUnits.join("、") || t("none"),
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
