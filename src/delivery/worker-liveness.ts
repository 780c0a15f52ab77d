// A worker's sign of life: a lease row "worker:<id>" renewed on a timer, independent of how
// long a send takes. Rows a worker claimed, and destinations it holds, are taken from it only
// when its lease has lapsed: then it is presumed dead.
import type { Db } from "../db/client";

export interface Liveness {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Ids of the workers whose lease has not lapsed (this one included once started). */
  liveHolders(): Promise<string[]>;
}

export function createLiveness(db: Db, instanceId: string, opts: { heartbeatMs: number; now: () => Date; onError: (e: unknown) => void }): Liveness {
  const name = `worker:${instanceId}`;
  let timer: NodeJS.Timeout | undefined;
  const beat = async () => {
    const expiresAt = new Date(opts.now().getTime() + opts.heartbeatMs * 3);
    await db.lease.upsert({ where: { name }, create: { name, holder: instanceId, expiresAt }, update: { expiresAt } });
  };
  return {
    async start() {
      if (timer) return;
      await beat();
      timer = setInterval(() => void beat().catch(opts.onError), opts.heartbeatMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await db.lease.deleteMany({ where: { name } }).catch(() => undefined);
    },
    async liveHolders() {
      const rows = await db.lease.findMany({ where: { name: { startsWith: "worker:" }, expiresAt: { gt: opts.now() } }, select: { holder: true } });
      return rows.map((r) => r.holder);
    },
  };
}
