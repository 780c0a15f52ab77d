// Retry delays: exponential with jitter, so a vendor outage is not met by every instance
// retrying in step. "Equal jitter": half the delay fixed, half random.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 10 * 60_000 };

/** The delay before retry number `attempt` (1 = the first retry); at least `minMs`. */
export function retryDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, minMs = 0): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + (opts.random ?? Math.random)() * (exp / 2);
  return Math.max(minMs, Math.round(jittered));
}
