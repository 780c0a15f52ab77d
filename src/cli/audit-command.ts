// `duban audit`: the 留痕 trail, newest first — who did what, when, through which platform
// and message. Settles "we did report!".
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { readAudit } from "../audit/read-audit";
import { loadUnitLookup } from "../directory/unit-lookup";
import { InputError } from "../errors";
import { shanghaiDateTime } from "../reporting/periods";
import { loadTemplates } from "../templates";
import type { CliContext } from "./context";
import { positiveInt } from "./option-parsers";

/** "2020-04-01" (Beijing midnight) or an ISO instant. */
function sinceDate(v: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00+08:00`) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`must be a date such as 2020-04-01 (got "${v}")`);
  return d;
}

export function registerAuditCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("audit")
    .description("the audit trail (留痕): reports, superseded reports, bindings, members, 通报")
    .option("--task <no>", "one task of the latest plan", positiveInt)
    .option("--unit <name>", "one unit (short names such as 商务局 work)")
    .option("--since <date>", "from this date (Beijing time), e.g. 2020-04-01", sinceDate)
    .option("--limit <n>", "rows, newest first", positiveInt, 200)
    .option("--json", "print JSON")
    .action(async (o: { task?: number; unit?: string; since?: Date; limit: number; json?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      let taskId: number | undefined;
      if (o.task !== undefined) {
        const plan = await db.plan.findFirst({ orderBy: { year: "desc" } });
        const task = plan && (await db.task.findUnique({ where: { planId_no: { planId: plan.id, no: o.task } } }));
        if (!task) throw new InputError(`没有第${o.task}项任务`);
        taskId = task.id;
      }
      const unit = o.unit ? (await loadUnitLookup(db)).require(o.unit) : undefined;
      const rows = await readAudit(db, { taskId, unitId: unit?.id, since: o.since, limit: o.limit });
      if (o.json) return c.out(JSON.stringify(rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown })), null, 2));
      if (!rows.length) return c.out("没有符合条件的留痕记录");
      const t = loadTemplates().t;
      for (const r of rows) {
        const who = `${r.actorName ? `${r.actorName}（${r.actorId}）` : r.actorId} @${r.actorPlatform}${r.messageId ? ` 消息${r.messageId}` : ""}`;
        const what = [r.taskNo ? `第${r.taskNo}项` : "", r.unitName ?? "", r.period ?? ""].filter(Boolean).join(" ");
        c.out(`${String(r.id).padStart(6)} ${shanghaiDateTime(r.at)} ${t(`bureau.audit.${r.action.replace(".", "_")}`)} ${what} — ${who} ${r.detail}`);
      }
    });
}
