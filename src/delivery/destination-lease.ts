// One worker serves a destination at a time, so its messages go in order and its rate window
// is counted in one place even with several instances. The hold is a lease row
// "dest:<destination>"; it passes to another worker when released, when its holder is no
// longer live, or after `ttlMs` as a last resort.
import type { Db } from "../db/client";

export interface DestinationLeases {
  /** Takes (or renews) the hold; false when another live worker has it. */
  acquire(destination: string): Promise<boolean>;
  release(destination: string): Promise<void>;
  /** Drops the holds of workers that are no longer live. */
  dropDead(liveHolders: string[]): Promise<void>;
}

export function destinationLeases(db: Db, instanceId: string, opts: { ttlMs: number; now: () => Date }): DestinationLeases {
  const nameOf = (d: string) => `dest:${d}`;
  return {
    async acquire(destination) {
      const name = nameOf(destination);
      const t = opts.now();
      const expiresAt = new Date(t.getTime() + opts.ttlMs);
      const taken = await db.lease.updateMany({ where: { name, OR: [{ expiresAt: { lt: t } }, { holder: instanceId }] }, data: { holder: instanceId, expiresAt } });
      if (taken.count === 1) return true;
      try {
        await db.lease.create({ data: { name, holder: instanceId, expiresAt } });
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === "P2002") return false;
        throw e;
      }
    },
    async release(destination) {
      await db.lease.deleteMany({ where: { name: nameOf(destination), holder: instanceId } });
    },
    async dropDead(liveHolders) {
      await db.lease.deleteMany({ where: { name: { startsWith: "dest:" }, holder: { notIn: [...liveHolders, instanceId] } } });
    },
  };
}
