// Server-rendered pages from templates/dashboard/*.eta. Eta escapes every `<%= %>` value, so
// whatever officials typed (report text, names) reaches the page as text; `<%~ %>` (raw) is
// used only for the layout's body, which eta itself rendered.
import { readFileSync } from "node:fs";
import { Eta } from "eta";
import { shanghaiDateTime } from "../../reporting/periods";
import type { ReportModel } from "../../reporting/report-model";
import { cellStatus, indicatorStatusName, opSign, pct, periodTitle, roleName } from "../../reporting/render/report-text";
import { reportTemplates } from "../../reporting/render/report-templates";
import { dashboardWords } from "./dashboard-words";
import { DASHBOARD_TEMPLATE_DIR } from "./template-dir";

export { DASHBOARD_TEMPLATE_DIR };

const eta = new Eta({ views: DASHBOARD_TEMPLATE_DIR, autoEscape: true, cache: true });

export function renderPage(name: string, data: Record<string, unknown>): string {
  return eta.render(`./${name}`, { ...data, h: helpers });
}

/** Formatting the templates call; every figure comes from the report model. */
export const helpers = {
  periodTitle: (m: ReportModel) => periodTitle(reportTemplates(), m),
  cellStatus: (m: ReportModel, c: { status: "on_time" | "late" | "missing" | "closed" }) => cellStatus(reportTemplates(), m, c),
  role: (role: string) => roleName(reportTemplates(), role),
  indicatorStatus: (i: Parameters<typeof indicatorStatusName>[1]) => indicatorStatusName(reportTemplates(), i),
  op: (op: string) => opSign(reportTemplates(), op),
  pct,
  time: (d: Date | string | null) => (d ? shanghaiDateTime(new Date(d)) : ""),
  /** A CSS class for a bar of `percent` width, in steps of 5 (no inline styles under the CSP). */
  bar: (percent: number) => `bar-${Math.max(0, Math.min(100, Math.round(percent / 5) * 5))}`,
  /** 🔴🟡🟢 (nothing for a 销号 task), for text; pages draw the light in CSS (class = the light) beside this label. */
  light: (l: string) => reportTemplates().base.t(`light.${l}`),
  /** 红灯/黄灯/绿灯 as text: colour emoji are boxes on PCs without an emoji font (issue 20 item 9). */
  lightLabel: (l: string) => reportTemplates().base.t(`light.label.${l}`),
  lightMeaning: (l: string) => reportTemplates().base.t(`light.meaning.${l}`),
  verdict: (v: string | null) => (v ? reportTemplates().base.t(`closure.verdict.${v}`) : "—"),
  enc: (s: string | number) => encodeURIComponent(String(s)),
  /** A query string from the non-empty values, "?a=1&b=2" (or ""), for links that keep the filters. */
  qs: (params: Record<string, string | number | undefined | null>) => {
    const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== "").map(([k, v]): [string, string] => [k, String(v)])).toString();
    return q ? `?${q}` : "";
  },
  /** The dashboard's own words (templates/dashboard/words.zh-CN.yaml). */
  w: (key: string) => dashboardWords().t(key),
};

export const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [
    ["style.css", "text/css; charset=utf-8"],
    ["app.js", "text/javascript; charset=utf-8"],
  ].map(([file, type]) => [file!, { type: type!, body: readFileSync(`${DASHBOARD_TEMPLATE_DIR}assets/${file}`) }]),
);
