import { describe, expect, it } from "vitest";
import { SESSION_TTL_MS, safeNext, sessionValid, sessionValue, tokenMatches } from "../../../src/http/dashboard/admin-auth";

const TOKEN = "admin-token-0123456789";

describe("admin auth", () => {
  it("a session lasts its TTL, only under the token that signed it", () => {
    const v = sessionValue(TOKEN, 1_000);
    expect(sessionValid(v, TOKEN, 1_000 + SESSION_TTL_MS - 1)).toBe(true);
    expect(sessionValid(v, TOKEN, 1_000 + SESSION_TTL_MS)).toBe(false);
    expect(sessionValid(v, `${TOKEN}-rotated`, 2_000)).toBe(false);
    expect(sessionValid(undefined, TOKEN, 2_000)).toBe(false);
    expect(sessionValid("v1.99999999999999.x", TOKEN, 2_000)).toBe(false);
  });

  it("compares tokens of any length without throwing", () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches("", TOKEN)).toBe(false);
    expect(tokenMatches(`${TOKEN}${"x".repeat(1000)}`, TOKEN)).toBe(false);
  });

  it("sends people back only to local paths after login", () => {
    expect(safeNext("/dashboard/tasks/12?period=2020Q1")).toBe("/dashboard/tasks/12?period=2020Q1");
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", undefined, ["/a"]]) expect(safeNext(bad)).toBe("/dashboard");
  });
});
