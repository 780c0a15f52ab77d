// Sending a long message as several parts, in order. When part k fails the delivery layer will
// retry the whole message; with an idempotency key we remember how many parts already went
// out, so the retry resumes at part k instead of repeating the first ones into the chat.
import type { SendResult } from "../../delivery/channel";
import { BoundedTtlMap } from "../bounded-ttl-map";

export interface PartsProgress {
  /** Parts already sent for this key. */
  sent(key: string): number;
  record(key: string, count: number): void;
  done(key: string): void;
}

export function createPartsProgress(opts: { ttlMs?: number; max?: number; now?: () => number } = {}): PartsProgress {
  const entries = new BoundedTtlMap<number>(opts.ttlMs ?? 6 * 3600_000, opts.max ?? 10_000, opts.now);
  return {
    sent: (key) => entries.get(key) ?? 0,
    record: (key, count) => entries.set(key, count),
    done: (key) => entries.delete(key),
  };
}

export async function sendParts<P>(
  parts: P[],
  sendOne: (part: P) => Promise<SendResult>,
  progress: PartsProgress,
  key: string | undefined,
): Promise<SendResult> {
  const start = key ? progress.sent(key) : 0;
  for (let i = start; i < parts.length; i++) {
    const result = await sendOne(parts[i]!);
    if (!result.ok) {
      if (key && i > 0) progress.record(key, i);
      return parts.length > 1 ? { ...result, error: `part ${i + 1}/${parts.length}: ${result.error}` } : result;
    }
  }
  if (key) progress.done(key);
  return { ok: true };
}
