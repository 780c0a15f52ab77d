// Message ids seen lately, so a redelivered DingTalk message is dropped before it costs a
// handler call and a second reply. Bounded in count and age; in memory, so per instance: the
// conversation layer's InboundEvent row is what makes handling idempotent across instances.
import { BoundedTtlMap } from "../bounded-ttl-map";

export class RecentIds {
  private readonly seen: BoundedTtlMap<true>;
  private nowMs = 0;

  /**
   * @param max ids kept at most (oldest dropped first)
   * @param ttlMs how long an id is remembered; DingTalk's signature window is one hour, so a
   *   replayed callback older than that is refused anyway
   */
  constructor(max = 10_000, ttlMs = 2 * 60 * 60 * 1000) {
    this.seen = new BoundedTtlMap<true>(ttlMs, max, () => this.nowMs);
  }

  /** True if `id` was seen within the TTL; otherwise remembers it and answers false. */
  checkAndAdd(id: string, nowMs: number): boolean {
    this.nowMs = nowMs;
    if (this.seen.get(id)) return true;
    this.seen.set(id, true);
    return false;
  }

  /** Forgets an id, so a redelivery is processed (used when handling failed before any reply). */
  forget(id: string): void {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }
}
