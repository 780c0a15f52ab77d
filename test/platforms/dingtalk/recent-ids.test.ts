import { describe, expect, it } from "vitest";
import { RecentIds } from "../../../src/platforms/dingtalk/recent-ids";

describe("RecentIds", () => {
  it("answers seen for an id within its TTL, then forgets it", () => {
    const ids = new RecentIds(10, 1000);
    expect(ids.checkAndAdd("a", 0)).toBe(false);
    expect(ids.checkAndAdd("a", 999)).toBe(true);
    expect(ids.checkAndAdd("a", 1000)).toBe(false);
  });

  it("keeps at most `max` ids, dropping the oldest", () => {
    const ids = new RecentIds(3, 60_000);
    for (const id of ["a", "b", "c", "d"]) ids.checkAndAdd(id, 0);
    expect(ids.size).toBe(3);
    expect(ids.checkAndAdd("d", 1)).toBe(true);
    expect(ids.checkAndAdd("a", 1)).toBe(false);
  });

  it("forgets on request", () => {
    const ids = new RecentIds();
    ids.checkAndAdd("a", 0);
    ids.forget("a");
    expect(ids.checkAndAdd("a", 1)).toBe(false);
  });
});
