// Supervisors: "汇总" (or "汇总 2020Q1") — the short per-unit table: who has reported how
// much, least complete first, units with everything on time counted rather than listed.
import { command } from "../command";
import { reply, say } from "../turn";
import { periodTitle } from "../../reporting/render/report-text";
import { reportTemplates } from "../../reporting/render/report-templates";
import { periodModel, unitInstead, unitNamed } from "./tongbao";

/** Unit lines before "另有N个": one phone screen, and within a reply's byte limit. */
const MAX_LINES = 25;

export const summary = command({
  name: "summary",
  writes: false,
  access: "supervisor",
  actionName: "查看汇总",
  /** "汇总", "汇总 上季度", "汇总Q2", "汇总一下禹州市". */
  parse: (text) => {
    const m = /^汇总\s*(?:一下|下)?\s*(\S*)$/.exec(text);
    return m ? { period: m[1] ?? "" } : null;
  },
  async run(turn, { period }: { period: string }) {
    const unit = unitNamed(turn, period);
    if (unit) return reply(await unitInstead(turn, unit, "summary"));
    const model = await periodModel(turn, period);
    if (typeof model === "string") return reply(model);
    const behind = model.units.filter((u) => u.late > 0 || u.missing > 0);
    const note = turn.plan && !turn.plan.planIsCurrent && !period ? say(turn, "period.past_plan_note", { planYear: model.plan.year, period: periodTitle(reportTemplates(), model) }) : "";
    const lines = [
      say(turn, "bureau.summary_header", { period: periodTitle(reportTemplates(), model), note, percent: model.totals.percent, total: model.totals.total, onTime: model.totals.onTime, late: model.totals.late, closed: model.totals.closed, missing: model.totals.missing, missingWord: say(turn, model.overdue ? "bureau.missing_word_overdue" : "bureau.missing_word") }),
      say(turn, "bureau.summary_columns"),
      ...behind.slice(0, MAX_LINES).map((u) => say(turn, "bureau.summary_line", { unit: u.unit, total: u.total, onTime: u.onTime, late: u.late, closed: u.closed, missing: u.missing })),
    ];
    if (behind.length > MAX_LINES) lines.push(say(turn, "unreported.matrix_more", { count: behind.length - MAX_LINES }));
    const done = model.units.length - behind.length;
    lines.push(done ? say(turn, "bureau.summary_more", { count: done }) : "");
    return reply(lines.filter(Boolean).join("\n"));
  },
});
