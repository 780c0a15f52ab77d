// The report of a period as the bureau asks for it: "2020Q1", "2020" or "current", the whole
// city or one unit. Finds the plan of the period's year and builds the model.
import type { Db, Tx } from "../db/client";
import { loadUnitLookup } from "../directory/unit-lookup";
import { NotFoundError } from "../errors";
import { loadReportInput } from "./load-report-input";
import { planInForce } from "./plan-status";
import type { ReportByRule } from "./periods";
import { buildReport, type ReportModel } from "./report-model";
import { resolvePeriod } from "./resolve-period";

/** @param opts.schedule schedule.yaml (its reportBy decides each period's deadline and so what is 逾期) */
export async function periodReport(db: Db | Tx, opts: { period: string; unit?: string; now: Date; schedule?: ReportByRule }): Promise<ReportModel> {
  const inForce = await planInForce(db, opts.now, opts.schedule);
  const period = resolvePeriod(opts.period, inForce?.period ?? null);
  const plan = await db.plan.findUnique({ where: { year: period.year } });
  if (!plan) throw new NotFoundError(`没有${period.year}年的任务分解，无法统计${period.key}`, "no_plan");
  const unit = opts.unit ? (await loadUnitLookup(db)).require(opts.unit) : undefined;
  const model = buildReport(await loadReportInput(db, plan.id, period, { unitId: unit?.id, now: opts.now }), opts.now);
  return markRedUnits(db, model);
}

/**
 * The late units the escalation ladder (issue 23) took to 红 for this period: their line in the
 * 通报 says they are on the 约谈 list. Read from the ladder's runs ("ladder:2020Q3:red:unit:5").
 */
async function markRedUnits(db: Db | Tx, model: ReportModel): Promise<ReportModel> {
  if (!model.lateUnits.length) return model;
  const runs = await db.reminderRun.findMany({ where: { key: { startsWith: `ladder:${model.period.key}:red:unit:` } }, select: { key: true } });
  if (!runs.length) return model;
  const redIds = new Set(runs.map((r) => Number(r.key.slice(r.key.lastIndexOf(":") + 1))));
  const redNames = new Set(model.units.filter((u) => redIds.has(u.unitId)).map((u) => u.unit));
  return { ...model, lateUnits: model.lateUnits.map((u) => (redNames.has(u.unit) ? { ...u, red: true } : u)) };
}
