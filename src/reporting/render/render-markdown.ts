// The 通报 as markdown: the chat draft (`通报`) and `duban report --format md`. `full` adds the
// per-section tables and the annex that a chat message has no room for.
import type { ReportModel } from "../report-model";
import { tongbaoText } from "./report-text";
import type { ReportTemplates } from "./report-templates";

/** A table cell: no line breaks, no column separators. */
function cell(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").replace(/\|/g, "｜");
}

export function renderMarkdown(rt: ReportTemplates, m: ReportModel, opts: { full: boolean }): string {
  const text = tongbaoText(rt, m);
  const annex = text.annex.map((a) => ({ heading: a.heading, rows: a.rows.map((r) => r.map(cell)) }));
  const out = rt.markdown.render("tongbao.md.eta", { ...text, annex, full: opts.full });
  return `${out.replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
