import { describe, expect, it } from "vitest";
import { createRecentMessages } from "../../../src/platforms/wecom/recent-messages";
import { settleWithin } from "../../../src/platforms/wecom/settle-within";

describe("createRecentMessages", () => {
  it("remembers outcomes for the TTL only", () => {
    let now = 0;
    const recent = createRecentMessages<string>({ ttlMs: 1000, now: () => now });
    recent.set("m1", { state: "answered", reply: "r" });
    now = 999;
    expect(recent.get("m1")).toEqual({ state: "answered", reply: "r" });
    now = 1000;
    expect(recent.get("m1")).toBeUndefined();
  });

  it("keeps at most `max` ids, dropping the oldest", () => {
    const recent = createRecentMessages<string>({ max: 2 });
    recent.set("a", { state: "pending" });
    recent.set("b", { state: "pending" });
    recent.set("c", { state: "sent-later" });
    expect([recent.get("a"), recent.get("b"), recent.get("c")]).toEqual([undefined, { state: "pending" }, { state: "sent-later" }]);
    recent.forget("b");
    expect(recent.get("b")).toBeUndefined();
  });
});

describe("settleWithin", () => {
  it("gives the value in time, nothing when late, and rethrows a quick failure", async () => {
    expect(await settleWithin(Promise.resolve(1), 50)).toEqual({ done: true, value: 1 });
    expect(await settleWithin(new Promise((r) => setTimeout(r, 60)), 5)).toEqual({ done: false });
    await expect(settleWithin(Promise.reject(new Error("x")), 50)).rejects.toThrow("x");
  });
});
