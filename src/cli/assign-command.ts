// `duban assign 40 --unit 禹州市 --role cooperating` and `duban unassign 40 --unit 禹州市`:
// the bureau decides who answers for a task where the document leaves it open.
import type { Command } from "commander";
import { ASSIGN_ROLES, assignUnit, unassignUnit, type AssignRole } from "../directory/assignments";
import { InputError } from "../errors";
import { loadTemplates } from "../templates";
import type { CliContext } from "./context";
import { oneOf, positiveInt, year } from "./option-parsers";

export function registerAssignCommands(program: Command, ctx: () => CliContext): void {
  program
    .command("assign")
    .description("make a unit responsible for a task (kept by later imports)")
    .argument("<task>", "task number", positiveInt)
    .requiredOption("--unit <name>", "unit name (aliases and short names work)")
    .option("--role <role>", `${ASSIGN_ROLES.join("|")} (default: county for a county-level unit, else cooperating)`, oneOf(ASSIGN_ROLES))
    .option("--year <year>", "plan year (default: the latest plan)", year)
    .action(async (no: number, o: { unit: string; role?: AssignRole; year?: number }) => {
      const c = ctx();
      const { db } = await c.database();
      const r = await assignUnit(db, { planId: await planId(db, o.year), taskNo: no, unit: o.unit, role: o.role, at: c.config.now ?? new Date() });
      const t = loadTemplates().t;
      c.out(t(`assign.${r.outcome}`, { no: r.taskNo, unit: r.unit, role: t(`role.${r.role}`) }));
    });

  program
    .command("unassign")
    .description("take a unit off a task (its reports are kept)")
    .argument("<task>", "task number", positiveInt)
    .requiredOption("--unit <name>", "unit name")
    .option("--year <year>", "plan year (default: the latest plan)", year)
    .action(async (no: number, o: { unit: string; year?: number }) => {
      const c = ctx();
      const { db } = await c.database();
      const r = await unassignUnit(db, { planId: await planId(db, o.year), taskNo: no, unit: o.unit });
      const t = loadTemplates().t;
      const kept = r.reportsKept ? t("assign.reports_kept", { count: r.reportsKept }) : "";
      c.out(t("assign.removed", { no: r.taskNo, unit: r.unit, role: t(`role.${r.role}`), kept }));
    });
}

async function planId(db: Awaited<ReturnType<CliContext["database"]>>["db"], y?: number): Promise<number> {
  const plan = await db.plan.findFirst({ where: y ? { year: y } : undefined, orderBy: { year: "desc" } });
  if (!plan) throw new InputError(`${y ? `没有${y}年的任务分解` : "还没有导入任务分解"}；请先执行 duban import <文件>`);
  return plan.id;
}
