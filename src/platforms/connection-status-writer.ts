// Writes this server's long-connection states (connection-state.ts) to the ConnectionStatus
// table, at every change and every 30 s, for `duban doctor`: the doctor runs in another process
// and must not open a connection of its own to look (WeCom keeps one connection per AI bot and
// would drop the server's; a second DingTalk Stream connection would take a share of the
// server's messages). A row older than a few heartbeats is a server that is gone; stop() deletes
// this server's rows.
import type { Db } from "../db/client";
import type { ConnectionBoard, ConnectionState } from "./connection-state";

export const CONNECTION_STATUS_EVERY_MS = 30_000;

export function startConnectionStatusWriter(
  db: Db,
  board: ConnectionBoard,
  o: { instanceId: string; now?: () => Date; everyMs?: number; onError: (e: unknown) => void },
): { stop(): Promise<void> } {
  const now = o.now ?? (() => new Date());
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const write = (s: ConnectionState) => {
    const name = `${s.platform}:${o.instanceId}`;
    const data = { platform: s.platform, instanceId: o.instanceId, state: s.state, attempt: s.attempt, lastError: s.lastError ?? null, since: s.since, updatedAt: now() };
    // One write at a time, in order: the last state written is the last state reached.
    chain = chain.then(() => db.connectionStatus.upsert({ where: { name }, create: { name, ...data }, update: data }).then(() => undefined)).catch(o.onError);
  };
  board.onChange((s) => {
    if (!stopped) write(s);
  });
  for (const s of board.all()) write(s);
  const timer = setInterval(() => board.all().forEach(write), o.everyMs ?? CONNECTION_STATUS_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
      await db.connectionStatus.deleteMany({ where: { instanceId: o.instanceId } }).catch(o.onError);
    },
  };
}
