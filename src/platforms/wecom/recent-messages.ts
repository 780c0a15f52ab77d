// What this process did with each recent message id, so a redelivery costs nothing: WeCom
// retries a callback it thinks went unanswered (three tries in all), and the long connection
// can push a frame again after a reconnect. The conversation layer is idempotent by message id
// as well; this in-memory record only spares it the duplicate calls and keeps the answer fast.

import { BoundedTtlMap } from "../bounded-ttl-map";

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
  const entries = new BoundedTtlMap<Outcome<R>>(opts.ttlMs ?? 15 * 60_000, opts.max ?? 10_000, opts.now);
  return {
    get: (key) => entries.get(key),
    set: (key, outcome) => entries.set(key, outcome),
    forget: (key) => entries.delete(key),
  };
}
