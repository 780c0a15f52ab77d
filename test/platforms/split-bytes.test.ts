import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteLength, splitByBytes } from "../../src/platforms/split-bytes";

describe("splitByBytes", () => {
  it("keeps a short text whole", () => {
    expect(splitByBytes("任务 8 已报", 2048)).toEqual(["任务 8 已报"]);
  });

  it("splits at line breaks, in order, each part within the limit", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i + 1}. 着力抓好186个重点项目，完成年度投资1000亿元以上`);
    const parts = splitByBytes(lines.join("\n"), 2048);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(2048);
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });

  it("never cuts a character and loses nothing, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), fc.integer({ min: 4, max: 64 }), (text, max) => {
        const parts = splitByBytes(text, max);
        for (const p of parts) expect(byteLength(p)).toBeLessThanOrEqual(max);
        expect(parts.join("").replace(/\n/g, "")).toBe(text.replace(/\n/g, ""));
      }),
    );
  });
});
