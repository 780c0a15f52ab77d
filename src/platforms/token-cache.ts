// An access token kept until shortly before it expires, with one request at a time for a new
// one (both vendors rate-limit their token endpoints, and a burst of sends must not each ask).

export type TokenAnswer<F> = { ok: true; token: string; expiresInMs: number } | F;

export interface TokenCache<F> {
  get(): Promise<{ ok: true; token: string } | F>;
  /** Drops the token if it is still `token` (the vendor refused it); the next get() fetches anew. */
  invalidate(token: string): void;
}

export function tokenCache<F extends { ok: false }>(fetchToken: () => Promise<TokenAnswer<F>>, opts: { marginMs: number; now: () => number }): TokenCache<F> {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<{ ok: true; token: string } | F> | undefined;
  const fetchAndKeep = async (): Promise<{ ok: true; token: string } | F> => {
    const r = await fetchToken();
    if (!r.ok) return r;
    // Renew `marginMs` early, but never later than halfway through a short lifetime.
    cached = { token: r.token, refreshAt: opts.now() + r.expiresInMs - Math.min(opts.marginMs, r.expiresInMs / 2) };
    return { ok: true, token: r.token };
  };
  return {
    get() {
      if (cached && opts.now() < cached.refreshAt) return Promise.resolve({ ok: true as const, token: cached.token });
      inFlight ??= fetchAndKeep().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
