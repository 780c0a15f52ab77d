import { describe, expect, it } from "vitest";
import { safeNext, tokenMatches } from "../../../src/http/dashboard/admin-auth";

const TOKEN = "admin-token-0123456789";

describe("admin auth", () => {
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
