// Slows whoever guesses credentials: an address with MAX_FAILURES failed sign-ins or wrong
// bearer tokens within WINDOW_MS is answered 429 on every further attempt to authenticate
// until its oldest failure ages out, and the log says so once per address and window.
// Requests with a valid session are never throttled: a whole office behind one NAT address
// must not be locked out by one colleague's typo.
//
// The address is ctx.ip: the socket's, or — only with DUBAN_TRUST_PROXY=N — the N-th
// X-Forwarded-For entry from the right, the one the trusted proxy added (create-app.ts).
// Counts are per process (a restart forgets them); that slows a guesser enough.
import type { Context } from "koa";
import type { Logger } from "../logger";

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;
/** Addresses remembered at most; beyond it the least recently failing is forgotten. */
const MAX_ADDRESSES = 10_000;

export interface AuthThrottle {
  /** Milliseconds until `ip` may try again; 0 when it may now. */
  retryAfterMs(ip: string): number;
  /** Counts a failure of `ip` (reason for the log). */
  fail(ip: string, reason: string): void;
}

export function createAuthThrottle(deps: { log: Logger; now?: () => number; max?: number; windowMs?: number; quiet?: boolean; throttledMessage?: string }): AuthThrottle {
  const now = deps.now ?? Date.now;
  const max = deps.max ?? MAX_FAILURES;
  const windowMs = deps.windowMs ?? WINDOW_MS;
  const failures = new Map<string, { at: number[]; logged: boolean }>();

  const recent = (ip: string) => {
    const entry = failures.get(ip);
    if (!entry) return undefined;
    const cutoff = now() - windowMs;
    while (entry.at.length && entry.at[0]! <= cutoff) entry.at.shift();
    if (!entry.at.length) {
      failures.delete(ip);
      return undefined;
    }
    return entry;
  };

  return {
    retryAfterMs(ip) {
      const entry = recent(ip);
      if (!entry || entry.at.length < max) return 0;
      if (!entry.logged) {
        entry.logged = true;
        deps.log.warn({ ip, failures: entry.at.length, windowMinutes: windowMs / 60_000 }, deps.throttledMessage ?? "authentication throttled: too many failed sign-ins or wrong tokens from this address (429)");
      }
      return Math.max(1, entry.at[entry.at.length - max]! + windowMs - now());
    },
    fail(ip, reason) {
      const entry = recent(ip) ?? { at: [], logged: false };
      failures.delete(ip); // re-insert: the Map's order is least recently failing first
      entry.at.push(now());
      failures.set(ip, entry);
      if (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
      if (!deps.quiet) deps.log.info({ ip, reason, failures: entry.at.length }, "authentication failed");
    },
  };
}

/** Answers 429 (Retry-After in seconds) when the client's address is throttled; true if it did. */
export function refuseIfThrottled(ctx: Context, throttle: AuthThrottle, body: () => unknown): boolean {
  const wait = throttle.retryAfterMs(ctx.ip);
  if (!wait) return false;
  ctx.status = 429;
  ctx.set("Retry-After", String(Math.ceil(wait / 1000)));
  ctx.body = body();
  return true;
}
