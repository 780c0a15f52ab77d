import type { Command } from "commander";
import { deliveryProblems, resend } from "../delivery/delivery-problems";
import { shanghaiDateTime } from "../reporting/periods";
import type { CliContext } from "./context";
import { oneOf, positiveInt } from "./option-parsers";

const STATUSES = ["pending", "sending", "sent", "failed", "dropped"] as const;

type Row = Awaited<ReturnType<typeof deliveryProblems>>["rows"][number];

/** One line of the delivery log: what, where, how it went, and for undelivered ones what next. */
function line(r: Row): string {
  const when = shanghaiDateTime(r.sentAt ?? r.createdAt);
  const dup = r.possiblyDuplicated ? " ⚠可能重复" : "";
  const next =
    r.status === "pending" && r.attempts > 0
      ? ` 重试中，下次 ${shanghaiDateTime(r.nextAttemptAt)}`
      : r.status === "sending" && r.attempts > 1
        ? ` 正在第${r.attempts}次尝试（${shanghaiDateTime(r.claimedAt ?? r.createdAt)} 开始）`
        : "";
  return `${String(r.id).padStart(5)} ${r.status.padEnd(7)} ${when} ${r.subject ?? ""} ${r.key} 尝试${r.attempts}次${next}${dup}${r.lastError ? ` — ${r.lastError}` : ""}`;
}

export function registerOutboxCommand(program: Command, ctx: () => CliContext): void {
  const outbox = program
    .command("outbox")
    .description("the delivery log: what was sent where, what failed and why")
    // `outbox resend --status failed`: options after "resend" are resend's own.
    .enablePositionalOptions()
    .option("--status <status>", `${STATUSES.join("|")} (failed: also dropped and still-retrying messages)`, oneOf(STATUSES))
    .option("--limit <n>", "rows, newest first", positiveInt, 50)
    .option("--json", "print JSON")
    .action(async (o: { status?: string; limit: number; json?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      // "failed" answers "what did not get through": failed for good, dropped as stale, and
      // messages still being retried after failing (waiting for the next try, or in one now) —
      // with the last reason and the next try.
      const rows =
        o.status === "failed"
          ? (await deliveryProblems(db, o.limit)).rows
          : await db.outboxMessage.findMany({ where: o.status ? { status: o.status } : undefined, orderBy: { id: "desc" }, take: o.limit });
      if (o.json) return c.out(JSON.stringify(rows, null, 2));
      const counts = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
      c.out(counts.map((x) => `${x.status} ${x._count._all}`).join(" · ") || "发送队列为空");
      for (const r of rows) c.out(line(r));
    });

  outbox
    .command("resend")
    .description("put undelivered messages (failed, dropped, still retrying) back in the queue, due now")
    .option("--id <n>", "one message", positiveInt)
    .option("--status <status>", "failed: every undelivered message", oneOf(["failed"] as const))
    .option("--destination <where>", "group:<id>, a group's chat id, or the unit a message concerns")
    .action(async (o: { id?: number; status?: "failed"; destination?: string }) => {
      const c = ctx();
      if (o.id === undefined && !o.status && !o.destination) {
        throw new Error("say which messages: --id N, --status failed, or --destination …");
      }
      const { db } = await c.database();
      const n = await resend(db, o);
      c.out(n ? `已重新加入发送队列 ${n} 条；服务器会立即发送（或运行 duban remind）` : "没有符合条件的未送达消息");
    });
}
