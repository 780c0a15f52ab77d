// node-cron's RunCoordinator backed by the Lease table: with several instances sharing one
// database, the first to insert the lease row for a tick slot runs it; the others skip.
// (The reminder stage itself is also guarded by ReminderRun; this keeps the others from
// even composing it.)
import type { RunCoordinator } from "node-cron";
import type { Db } from "../db/client";

export function leaseCoordinator(db: Db, holder: string, now: () => Date = () => new Date()): RunCoordinator {
  return {
    async shouldRun(key, ttlMs) {
      const name = `cron:${key}`;
      const t = now();
      try {
        await db.lease.create({ data: { name, holder, expiresAt: new Date(t.getTime() + ttlMs) } });
        return true;
      } catch (e) {
        if ((e as { code?: string }).code !== "P2002") throw e;
        // Taken: only an expired lease (its holder died before finishing) may be taken over.
        const taken = await db.lease.updateMany({ where: { name, expiresAt: { lt: t } }, data: { holder, expiresAt: new Date(t.getTime() + ttlMs) } });
        return taken.count === 1;
      } finally {
        // Old slots' rows are of no further use; keep the table small.
        if (Math.random() < 0.02) await db.lease.deleteMany({ where: { name: { startsWith: "cron:" }, expiresAt: { lt: new Date(t.getTime() - 86_400_000) } } });
      }
    },
  };
}
