import type { Command } from "commander";
import type { CliContext } from "./context";
import { loadUnitLookup } from "../directory/unit-lookup";
import { InputError } from "../errors";
import { openDecisions } from "../plan/open-decisions";
import { loadTemplates } from "../templates";
import { year } from "./option-parsers";

const ROLE_LABEL: Record<string, string> = { lead: "牵头", cooperating: "配合", county: "县区" };

export function registerTasksCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("tasks")
    .description("list the plan's tasks, or one unit's 责任清单")
    .option("--unit <name>", "only this unit's tasks (short names such as 商务局 work)")
    .option("--year <year>", "plan year (default: the latest plan)", year)
    .option("--unassigned", "tasks whose responsible units the bureau still has to decide (各有关县…, 市直有关部门, no lead)")
    .option("--json", "print JSON")
    .action(async (opts: { unit?: string; year?: number; unassigned?: boolean; json?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      const plan = await db.plan.findFirst({ where: opts.year ? { year: opts.year } : undefined, orderBy: { year: "desc" } });
      if (!plan) throw new InputError(`${opts.year ? `没有${opts.year}年的任务分解` : "还没有导入任务分解"}；请先执行 duban import <文件>`);
      if (opts.unassigned) {
        const open = await openDecisions(db, plan.id);
        if (opts.json) return c.out(JSON.stringify(open, null, 2));
        const t = loadTemplates().t;
        if (!open.length) return c.out(t("open_decisions.none", { year: plan.year }));
        c.out(t("open_decisions.header", { year: plan.year, count: new Set(open.map((d) => d.no)).size }));
        for (const d of open) c.out(t(`open_decisions.${d.reason}`, { no: d.no, title: shorten(d.text, 24), units: d.units.join("、") }));
        return c.out(t("open_decisions.cli_how"));
      }
      const unit = opts.unit ? (await loadUnitLookup(db)).require(opts.unit) : undefined;
      const tasks = await db.task.findMany({
        where: { planId: plan.id, ...(unit ? { assignments: { some: { unitId: unit.id } } } : {}) },
        include: { assignments: { include: { unit: true }, orderBy: { position: "asc" } } },
        orderBy: { no: "asc" },
      });
      const rows = tasks.map((t) => ({
        no: t.no,
        text: t.text,
        role: unit ? t.assignments.find((a) => a.unitId === unit.id)?.role : undefined,
        lead: t.assignments.filter((a) => a.role === "lead").map((a) => a.unit.name),
        deadline: t.deadline,
      }));
      if (opts.json) return c.out(JSON.stringify(rows, null, 2));
      if (unit) c.out(`${unit.name} ${plan.year}年责任清单：${rows.length} 项`);
      for (const r of rows) {
        const tag = r.role ? `[${ROLE_LABEL[r.role]}] ` : "";
        // 109–115 are led by every department: name the first and count the rest.
        const leads = r.lead.length > 3 ? `${r.lead[0]}等${r.lead.length}个单位` : r.lead.join("、");
        const lead = !unit && r.lead.length ? `（牵头：${leads}）` : "";
        c.out(`${String(r.no).padStart(3)} ${tag}${shorten(r.text, 40)}${lead}${r.deadline ? ` 时限 ${r.deadline}` : ""}`);
      }
    });
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
}
