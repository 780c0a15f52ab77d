import { describe, expect, it } from "vitest";
import { createAuthThrottle, MAX_FAILURES, WINDOW_MS } from "../../src/http/auth-throttle";
import { createLogger } from "../../src/logger";

describe("auth throttle", () => {
  it("lets an address try again once its failures are older than 15 minutes, and no sooner", () => {
    let now = 1_000_000;
    const t = createAuthThrottle({ log: createLogger("silent"), now: () => now });
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(t.retryAfterMs("203.0.113.9")).toBe(0);
      t.fail("203.0.113.9", "test");
      now += 1000;
    }
    expect(t.retryAfterMs("203.0.113.9")).toBe(WINDOW_MS - MAX_FAILURES * 1000);
    expect(t.retryAfterMs("203.0.113.10")).toBe(0);
    now += WINDOW_MS - MAX_FAILURES * 1000 - 1;
    expect(t.retryAfterMs("203.0.113.9")).toBeGreaterThan(0);
    now += 1;
    expect(t.retryAfterMs("203.0.113.9")).toBe(0);
  });
});
