import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitUnits } from "../../src/plan/split-units";

describe("splitUnits", () => {
  it("splits at 、 and commas, drops the 等 that closes the list", () => {
    expect(splitUnits("市疫情防控指挥部办公室、市卫生健康委等,各县(市、区)政府(管委会)")).toEqual([
      "市疫情防控指挥部办公室",
      "市卫生健康委",
      "各县(市、区)政府(管委会)",
    ]);
  });

  it("splits full-width separators and semicolons", () => {
    expect(splitUnits("市商务局，市财政局；市统计局;市税务局")).toEqual(["市商务局", "市财政局", "市统计局", "市税务局"]);
  });

  it("never splits inside brackets or quotes", () => {
    expect(splitUnits("市住房和城乡建设局（市供热办、市燃气办）等，各有关县（市、区）政府（管委会）")).toEqual([
      "市住房和城乡建设局（市供热办、市燃气办）",
      "各有关县（市、区）政府（管委会）",
    ]);
    expect(splitUnits("市“四个一百、四改一增”办公室、市商务局")).toEqual(["市“四个一百、四改一增”办公室", "市商务局"]);
    expect(splitUnits("市住房和城乡建设局（市供热办)、市商务局")).toEqual(["市住房和城乡建设局（市供热办)", "市商务局"]);
  });

  it('treats 及 between units as a separator, but not 及其', () => {
    expect(splitUnits("市公安局、市医疗保障局及市直有关部门,各县(市、区)政府(管委会)")).toEqual([
      "市公安局",
      "市医疗保障局",
      "市直有关部门",
      "各县(市、区)政府(管委会)",
    ]);
    expect(splitUnits("市人大及其常委会")).toEqual(["市人大及其常委会"]);
    expect(splitUnits("市商务局以及市财政局")).toEqual(["市商务局", "市财政局"]);
  });

  it("drops 等 / 等单位 / 等有关部门 and a 等 that runs into the county part", () => {
    expect(splitUnits("市商务局等单位")).toEqual(["市商务局"]);
    expect(splitUnits("市商务局、市财政局等有关部门")).toEqual(["市商务局", "市财政局"]);
    expect(splitUnits("市商务局等各县(市、区)政府(管委会)")).toEqual(["市商务局", "各县(市、区)政府(管委会)"]);
    expect(splitUnits("市直有关部门")).toEqual(["市直有关部门"]);
  });

  it("ignores empty items and a final full stop", () => {
    expect(splitUnits(" 、市商务局、、市财政局。")).toEqual(["市商务局", "市财政局"]);
    expect(splitUnits("")).toEqual([]);
  });

  // Property: names whose brackets hold separators, 及 and 等 come back whole.
  const plain = fc.string({ unit: fc.constantFrom(..."市政府商务局财政办公室委员会中心许昌县区"), minLength: 1, maxLength: 8 });
  const inner = fc.string({ unit: fc.constantFrom(..."市供热办县区、,，;；及等 "), maxLength: 8 });
  const bracketed = fc
    .tuple(fc.constantFrom(["(", ")"], ["（", "）"], ["“", "”"], ["（", ")"]), inner)
    .map(([[open, close], text]) => `${open}${text}${close}`);
  const name = fc.tuple(plain, fc.option(bracketed, { nil: "" }), fc.option(plain, { nil: "" })).map((parts) => parts.join(""));
  const separator = fc.constantFrom("、", ",", "，", ";", "；", "及", "等,", "、 ");

  it("property: never splits inside brackets", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, separator), { minLength: 1, maxLength: 6 }), (pairs) => {
        const names = pairs.map(([n]) => n);
        const list = pairs.map(([n, sep], i) => (i < pairs.length - 1 ? n + sep : n)).join("");
        expect(splitUnits(list)).toEqual(names);
      }),
    );
  });

  it("property: with balanced brackets in the input, every item is balanced", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(name, separator), { maxLength: 10 }), (parts) => {
        for (const item of splitUnits(parts.join(""))) {
          const opens = [...item].filter((c) => "(（“".includes(c)).length;
          const closes = [...item].filter((c) => ")）”".includes(c)).length;
          expect(opens).toBe(closes);
        }
      }),
    );
  });
});
