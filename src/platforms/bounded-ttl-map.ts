// A Map whose entries expire after `ttlMs` and which keeps at most `max` of them (oldest
// dropped first): what the adapters use to remember recent message ids and send progress in
// memory without growing forever. Hand-written: it is a dozen lines over Map's insertion
// order, less than a cache package's configuration.

export class BoundedTtlMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key); // re-inserted last: Map order stays oldest-first
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    const t = this.now();
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.max && e.expires > t) break;
      this.entries.delete(k);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
