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
  return buildReport(await loadReportInput(db, plan.id, period, { unitId: unit?.id, now: opts.now }), opts.now);
}
