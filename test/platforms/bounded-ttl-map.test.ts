import { describe, expect, it } from "vitest";
import { BoundedTtlMap } from "../../src/platforms/bounded-ttl-map";

describe("BoundedTtlMap", () => {
  it("forgets entries after their time to live", () => {
    let t = 0;
    const m = new BoundedTtlMap<string>(1_000, 10, () => t);
    m.set("a", "x");
    t = 999;
    expect(m.get("a")).toBe("x");
    t = 1_000;
    expect(m.get("a")).toBeUndefined();
  });

  it("keeps at most `max` entries, dropping the oldest, and renews a key that is set again", () => {
    const m = new BoundedTtlMap<number>(60_000, 3, () => 0);
    for (const k of ["a", "b", "c"]) m.set(k, 1);
    m.set("a", 2); // now the newest
    m.set("d", 1);
    expect(m.get("b")).toBeUndefined();
    expect([m.get("a"), m.get("c"), m.get("d")]).toEqual([2, 1, 1]);
    expect(m.size).toBe(3);
  });
});
