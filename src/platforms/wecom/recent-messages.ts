// What this process did with each recent message id, so a redelivery costs nothing: WeCom
// retries a callback it thinks went unanswered (three tries in all), and the long connection
// can push a frame again after a reconnect. The conversation layer is idempotent by message id
// as well; this in-memory record only spares it the duplicate calls and keeps the answer fast.

export type Outcome<R> =
  /** The handler is still running; the first delivery owns the answer. */
  | { state: "pending" }
  /** Answered in the callback's own response; a retry means WeCom did not get it, so repeat it. */
  | { state: "answered"; reply: R }
  /** Sent (or being sent) through another channel; a retry gets an empty acknowledgement. */
  | { state: "sent-later" };

export interface RecentMessages<R> {
  get(key: string): Outcome<R> | undefined;
  set(key: string, outcome: Outcome<R>): void;
  /** Forgets a message whose handling failed, so WeCom's retry is handled afresh. */
  forget(key: string): void;
}

export function createRecentMessages<R>(opts: { ttlMs?: number; max?: number; now?: () => number } = {}): RecentMessages<R> {
  const ttlMs = opts.ttlMs ?? 15 * 60_000;
  const max = opts.max ?? 10_000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { outcome: Outcome<R>; expires: number }>();
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return e.outcome;
    },
    set(key, outcome) {
      entries.delete(key);
      entries.set(key, { outcome, expires: now() + ttlMs });
      // Map keeps insertion order: the first keys are the oldest.
      for (const oldest of entries.keys()) {
        if (entries.size <= max) break;
        entries.delete(oldest);
      }
    },
    forget(key) {
      entries.delete(key);
    },
  };
}
