// How long a long connection waits before its next attempt: 1 s doubling to a 60 s cap, each
// delay drawn between half and all of that (jitter, so a fleet that lost the platform at once
// does not come back at once), and never a limit on attempts — a platform outage or a secret
// refused for a while must not leave the bot deaf until someone restarts it. The count starts
// over only once a connection has stayed up for `healthyMs`: one that opens and drops at once
// (a flapping gateway) keeps backing off instead of hammering it every second.

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  healthyMs?: number;
  /** [0, 1); tests pass a constant. */
  random?: () => number;
  now?: () => number;
}

export interface Backoff {
  /** Failed attempts in a row so far (the one being scheduled included after nextDelay). */
  readonly attempt: number;
  /** The delay before the next attempt; counts one more failure. */
  nextDelay(): number;
  /** The connection is up; the count starts over if it stays up for healthyMs. */
  opened(): void;
  /** The connection went down (call before nextDelay). */
  closed(): void;
}

export function createBackoff(o: BackoffOptions = {}): Backoff {
  const base = o.baseMs ?? 1000;
  const cap = o.capMs ?? 60_000;
  const healthy = o.healthyMs ?? 30_000;
  const random = o.random ?? Math.random;
  const now = o.now ?? Date.now;
  let attempt = 0;
  let openedAt: number | undefined;
  return {
    get attempt() {
      return attempt;
    },
    nextDelay() {
      const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
      attempt += 1;
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
    opened() {
      openedAt = now();
    },
    closed() {
      if (openedAt !== undefined && now() - openedAt >= healthy) attempt = 0;
      openedAt = undefined;
    },
  };
}
