// Message ids seen lately, so a redelivered DingTalk message is dropped before it costs a
// handler call and a second reply. Bounded in count and age; in memory, so per instance: the
// conversation layer's InboundEvent row is what makes handling idempotent across instances.

export class RecentIds {
  private readonly seenAt = new Map<string, number>();

  /**
   * @param max ids kept at most (oldest dropped first)
   * @param ttlMs how long an id is remembered; DingTalk's signature window is one hour, so a
   *   replayed callback older than that is refused anyway
   */
  constructor(
    private readonly max = 10_000,
    private readonly ttlMs = 2 * 60 * 60 * 1000,
  ) {}

  /** True if `id` was seen within the TTL; otherwise remembers it and answers false. */
  checkAndAdd(id: string, nowMs: number): boolean {
    this.evict(nowMs);
    const at = this.seenAt.get(id);
    if (at !== undefined && nowMs - at < this.ttlMs) return true;
    this.seenAt.delete(id);
    this.seenAt.set(id, nowMs);
    return false;
  }

  /** Forgets an id, so a redelivery is processed (used when handling failed before any reply). */
  forget(id: string): void {
    this.seenAt.delete(id);
  }

  get size(): number {
    return this.seenAt.size;
  }

  private evict(nowMs: number): void {
    // Map iterates in insertion order, which is also age order here.
    for (const [id, at] of this.seenAt) {
      if (this.seenAt.size < this.max && nowMs - at < this.ttlMs) break;
      this.seenAt.delete(id);
    }
  }
}
