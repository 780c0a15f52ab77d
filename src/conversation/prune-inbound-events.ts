// The redelivery guard (InboundEvent) only has to outlive the platforms' redelivery horizon;
// kept forever it is a table that only grows. The scheduler calls this.
import type { Db } from "../db/client";

/** Deletes events received more than `hours` before `wallNow`; returns how many. */
export async function pruneInboundEvents(db: Db, wallNow: Date, hours: number): Promise<number> {
  const { count } = await db.inboundEvent.deleteMany({ where: { receivedAt: { lt: new Date(wallNow.getTime() - hours * 3600_000) } } });
  return count;
}
