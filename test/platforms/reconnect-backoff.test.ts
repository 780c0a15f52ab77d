// Reconnect delays: doubling from 1 s to a 60 s cap, jittered, with no limit on attempts, and
// starting over only after a connection stayed up for a while.
import { describe, expect, it } from "vitest";
import { createBackoff } from "../../src/platforms/reconnect-backoff";

describe("reconnect backoff", () => {
  it("doubles from 1 s to a 60 s cap and keeps going at the cap, never giving up", () => {
    const top = createBackoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 1000 }, () => top.nextDelay());
    expect(delays.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(delays.at(-1)).toBe(60000);
    expect(top.attempt).toBe(1000);
  });

  it("draws each delay between half and all of its step, so clients that dropped together spread out", () => {
    const low = createBackoff({ random: () => 0 });
    expect([low.nextDelay(), low.nextDelay(), low.nextDelay()]).toEqual([500, 1000, 2000]);
    const a = createBackoff({ random: () => 0.1 });
    const b = createBackoff({ random: () => 0.9 });
    expect(a.nextDelay()).not.toBe(b.nextDelay());
  });

  it("starts over only after a connection stayed up for healthyMs, not after one that dropped at once", () => {
    let t = 0;
    const backoff = createBackoff({ random: () => 0.999999, healthyMs: 30_000, now: () => t });
    for (let i = 0; i < 5; i++) backoff.nextDelay();
    backoff.opened();
    t += 1_000;
    backoff.closed();
    expect(backoff.nextDelay()).toBe(32000); // flapping: still backing off
    backoff.opened();
    t += 30_000;
    backoff.closed();
    expect(backoff.nextDelay()).toBe(1000);
  });
});
