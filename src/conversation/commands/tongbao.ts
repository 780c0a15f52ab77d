// Supervisors: "通报" (or "通报 2020Q1") drafts the period's 通报 as markdown; "通报 发布"
// sends that draft to every supervision group through the outbox, split to the platforms'
// limits, in order. The outbox key carries a digest of the text, so publishing the same
// 通报 twice sends it once, while a changed one (new reports since) goes out again.
import { createHash } from "node:crypto";
import { messageActor, recordAudit } from "../../audit/record-audit";
import { enqueue, type OutboxDraft } from "../../delivery/outbox";
import { InputError, UnknownUnitError } from "../../errors";
import { MESSAGE_MAX_BYTES } from "../../platforms/limits";
import { byteLength, splitByBytes } from "../../platforms/split-bytes";
import { loadReportInput } from "../../reporting/load-report-input";
import { buildReport, type ReportModel } from "../../reporting/report-model";
import { renderMarkdown } from "../../reporting/render/render-markdown";
import { periodTitle } from "../../reporting/render/report-text";
import { reportTemplates } from "../../reporting/render/report-templates";
import { resolvePeriod } from "../../reporting/resolve-period";
import { shownPeriod } from "../../reporting/shown-period";
import { command } from "../command";
import { periodOfAsk, standalonePeriodAsk } from "../period-phrase";
import { reply, say, type ActingUnit, type Turn } from "../turn";
import { unitLines } from "./unreported";

/** Room left in each part for the "（续2/3）" marker, and in the draft for the note after it. */
const PART_BYTES = MESSAGE_MAX_BYTES - 256;

export const tongbao = command({
  /** Only 通报 发布 enqueues and records; the draft is read-only. */
  writes: (args: { publish: boolean }) => args.publish,
  name: "tongbao",
  access: "supervisor",
  actionName: "起草和发布通报",
  /** "通报", "通报 二季度", "通报Q2", "通报一下禹州市", "发布通报", "通报 发布". */
  parse: (text) => {
    const m = /^(?:通报\s*(发布)?|(发布)\s*通报)\s*(?:一下|下)?\s*(\S*)$/.exec(text);
    return m ? { publish: Boolean(m[1] ?? m[2]), period: m[3] ?? "" } : null;
  },
  async run(turn, args: { publish: boolean; period: string }) {
    // "通报一下禹州市": the 通报 is the whole city's; the unit's own list is what can be shown.
    const unit = args.publish ? null : unitNamed(turn, args.period);
    if (unit) return reply(await unitInstead(turn, unit, "tongbao"));
    const model = await periodModel(turn, args.period);
    if (typeof model === "string") return reply(model);
    const parts = tongbaoParts(turn, model);
    if (!args.publish) {
      if (parts.length === 1) return reply(`${parts[0]}\n\n${say(turn, "bureau.tongbao_draft_how")}`);
      return reply(`${parts[0]}\n\n${say(turn, "bureau.tongbao_draft_parts", { parts: parts.length })}`);
    }
    return publish(turn, model, parts);
  },
});

/** The period's model, or the reply explaining why there is none. */
export async function periodModel(turn: Turn, text: string): Promise<ReportModel | string> {
  const plan = turn.plan;
  if (!plan) return say(turn, "no_plan");
  let period;
  try {
    // The period phrases a report accepts ("二季度", "Q2", "上季度"), then the keys ("2020Q2").
    const ask = text ? standalonePeriodAsk(text) : null;
    period = ask ? periodOfAsk(ask, plan.period) : text ? resolvePeriod(text, plan.period) : shownPeriod(plan, turn.now, turn.reminders.schedule, turn.reminders.calendar);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return say(turn, "bureau.bad_period", { text, example: plan.period.key, year: plan.year });
  }
  const target = await turn.tx.plan.findUnique({ where: { year: period.year } });
  if (!target) return say(turn, "no_plan");
  return buildReport(await loadReportInput(turn.tx, target.id, period, { now: turn.now, calendar: turn.reminders.calendar }), turn.now);
}

/** The unit a 通报 / 汇总 argument names, when it is no period ("禹州市"), else null. */
export function unitNamed(turn: Turn, text: string): ActingUnit | null {
  if (!text || standalonePeriodAsk(text) || /^\d{4}|^(current|当前|本期)$/i.test(text)) return null;
  try {
    return turn.model.directory.lookup.require(text);
  } catch (e) {
    if (e instanceof UnknownUnitError) return null;
    throw e;
  }
}

/** A unit named after 通报 or 汇总: what is left for it, and how to draft the whole city's. */
export async function unitInstead(turn: Turn, unit: ActingUnit, what: "tongbao" | "summary"): Promise<string> {
  // The period the 通报 / 汇总 would be about (on 5月6日, the first quarter): the unit's part of it.
  const plan = turn.plan;
  if (!plan) return say(turn, "no_plan");
  const period = shownPeriod(plan, turn.now, turn.reminders.schedule, turn.reminders.calendar);
  const other = period.key !== plan.period.key ? { period } : {};
  return [say(turn, `bureau.${what}_unit_note`, { unit: unit.name }), await unitLines(turn, [unit], 1, { named: unit.name, ...other })].join("\n");
}

function tongbaoParts(turn: Turn, model: ReportModel): string[] {
  const text = renderMarkdown(reportTemplates(), model, { full: false }).trim();
  if (byteLength(text) <= PART_BYTES) return [text];
  const parts = splitByBytes(text, PART_BYTES);
  return parts.map((p, i) => (i === 0 ? p : `${say(turn, "reminder.continued", { part: i + 1, parts: parts.length })}\n${p}`));
}

async function publish(turn: Turn, model: ReportModel, parts: string[]) {
  const groups = await turn.tx.chatGroup.findMany({ where: { supervision: true }, orderBy: { id: "asc" } });
  if (!groups.length) return reply(say(turn, "bureau.tongbao_no_group"));
  const digest = createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 12);
  const drafts: OutboxDraft[] = groups.flatMap((g) =>
    parts.map((text, i) => ({
      key: `tongbao:${model.period.key}:${digest}:group:${g.id}:part${i + 1}`,
      platform: g.platform,
      destination: `group:${g.id}`,
      subject: say(turn, "reminder.supervision_subject"),
      message: { text, format: "markdown" as const },
    })),
  );
  const added = await enqueue(turn.tx, drafts);
  const period = periodTitle(reportTemplates(), model);
  if (!added) return reply(say(turn, "bureau.tongbao_already", { period }));
  await recordAudit(turn.tx, { action: "tongbao.published", actor: messageActor(turn.message), at: turn.now, period: model.period.key, detail: { digest, groups: groups.map((g) => g.id), parts: parts.length } });
  return reply(say(turn, "bureau.tongbao_published", { period, groups: groups.length, parts: parts.length }));
}
