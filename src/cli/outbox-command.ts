import type { Command } from "commander";
import { shanghaiDateTime } from "../reporting/periods";
import type { CliContext } from "./context";
import { oneOf, positiveInt } from "./option-parsers";

const STATUSES = ["pending", "sending", "sent", "failed"] as const;

export function registerOutboxCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("outbox")
    .description("the delivery log: what was sent where, what failed and why")
    .option("--status <status>", STATUSES.join("|"), oneOf(STATUSES))
    .option("--limit <n>", "rows, newest first", positiveInt, 50)
    .option("--json", "print JSON")
    .action(async (o: { status?: string; limit: number; json?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      const rows = await db.outboxMessage.findMany({ where: o.status ? { status: o.status } : undefined, orderBy: { id: "desc" }, take: o.limit });
      if (o.json) return c.out(JSON.stringify(rows, null, 2));
      const counts = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
      c.out(counts.map((x) => `${x.status} ${x._count._all}`).join(" · ") || "发送队列为空");
      for (const r of rows) {
        const when = shanghaiDateTime(r.sentAt ?? r.createdAt);
        const dup = r.possiblyDuplicated ? " ⚠可能重复" : "";
        c.out(`${String(r.id).padStart(5)} ${r.status.padEnd(7)} ${when} ${r.subject ?? ""} ${r.key} 尝试${r.attempts}次${dup}${r.lastError ? ` — ${r.lastError}` : ""}`);
      }
    });
}
