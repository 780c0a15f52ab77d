import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors";
import { buildUnitDirectory, loadUnitDirectory, parseUnitDirectory, UnitDirectoryError } from "../../src/plan/unit-directory";

const seedUnits = fileURLToPath(new URL("../../seeds/units.yaml", import.meta.url));
const dir = loadUnitDirectory(seedUnits);

describe("seeds/units.yaml", () => {
  it("lists the nine county-level units in order", () => {
    expect(dir.counties()).toEqual([
      "魏都区政府",
      "建安区政府",
      "禹州市政府",
      "长葛市政府",
      "鄢陵县政府",
      "襄城县政府",
      "市城乡一体化示范区管委会",
      "市经济技术开发区管委会",
      "市东城区管委会",
    ]);
    expect(dir.city).toBe("许昌");
  });

  it("keeps the groups as units of kind group", () => {
    for (const g of ["市政府各部门", "市直有关单位", "市直有关部门"]) expect(dir.kindOf(g)).toBe("group");
    expect(dir.kindOf("市商务局")).toBe("municipal");
    expect(dir.kindOf("建安区政府")).toBe("county");
    expect(dir.kindOf("不存在的单位")).toBeNull();
  });
});

describe("departments, former names, places (issue 9)", () => {
  it("the full official name, with the city in front, is exact (documents write it so)", () => {
    expect(dir.resolve("许昌市商务局")).toBe("市商务局");
    expect(dir.resolve("许昌市卫生健康委")).toBe("市卫生健康委");
    expect(dir.resolve("郑州市商务局")).toBeNull();
  });

  it("former names resolve like aliases, and short forms of them too", () => {
    expect(dir.resolve("市卫生局")).toBe("市卫生健康委");
    expect(dir.resolveLoose("卫生局")).toBe("市卫生健康委");
    expect(dir.entry("市卫生健康委")?.formerNames).toContain("市卫生局");
  });

  it("marks departments and county places; each key only where it means something", () => {
    expect(dir.entry("市商务局")?.department).toBe(true);
    expect(dir.entry("禹州市政府")?.places).toContain("禹州");
    expect(dir.entry("市政府各部门")?.expand).toBe("always");
    expect(() => parseUnitDirectory("municipal:\n  - { name: 市商务局, places: [商务] }\n", "u.yaml")).toThrow(/u\.yaml:2: .*places/);
    expect(() => parseUnitDirectory("groups:\n  - { name: 市直有关部门, expand: sometimes }\n", "u.yaml")).toThrow(UnitDirectoryError);
    expect(() => parseUnitDirectory("municipal:\n  - { name: 市卫生健康委, former: [市卫生局] }\n  - { name: 市卫生局 }\n", "u.yaml")).toThrow(/"市卫生局" 重复/);
  });
});

describe("resolve", () => {
  it("finds canonical names and aliases", () => {
    expect(dir.resolve("市商务局")).toBe("市商务局");
    expect(dir.resolve("市政务服务和大数据局")).toBe("市政务服务和大数据管理局");
    expect(dir.resolve("人民银行许昌市中心支行")).toBe("人行许昌市中心支行");
    expect(dir.resolve("示范区管委会")).toBe("市城乡一体化示范区管委会");
    expect(dir.resolve("魏都区人民政府")).toBe("魏都区政府");
  });

  it("ignores full/half-width parentheses and whitespace", () => {
    expect(dir.resolve("市住房和城乡建设局(市供热办)")).toBe("市住房和城乡建设局");
    expect(dir.resolve("市住房和城乡建设局（市供热办）")).toBe("市住房和城乡建设局");
    expect(dir.resolve(" 市住房和城乡建设局 （市供热办） ")).toBe("市住房和城乡建设局");
    expect(dir.resolve("市 商务局\u3000")).toBe("市商务局");
  });

  it("does not guess", () => {
    expect(dir.resolve("商务局")).toBeNull();
    expect(dir.resolve("")).toBeNull();
  });
});

describe("resolveLoose", () => {
  it('accepts short names: "市" + name, the city name in front, or the one name containing it', () => {
    expect(dir.resolveLoose("商务局")).toBe("市商务局");
    expect(dir.resolveLoose("许昌市商务局")).toBe("市商务局");
    expect(dir.resolveLoose("疫情防控指挥部")).toBe("市疫情防控指挥部办公室");
    expect(dir.resolveLoose("魏都区")).toBe("魏都区政府");
    expect(dir.resolveLoose("市政务服务和大数据局")).toBe("市政务服务和大数据管理局");
  });

  it("refuses ambiguous or tiny names", () => {
    expect(dir.resolveLoose("局")).toBeNull();
    expect(dir.resolveLoose("管委会")).toBeNull();
    expect(dir.resolveLoose("指挥部办公室")).toBeNull();
    expect(dir.resolveLoose("完全不存在")).toBeNull();
  });
});

describe("suggest", () => {
  it("puts names containing the text first", () => {
    expect(dir.suggest("商务局")[0]).toBe("市商务局");
    expect(dir.suggest("市政务服务和数据局")[0]).toBe("市政务服务和大数据管理局");
  });

  it("returns at most n names, none for something wholly different", () => {
    expect(dir.suggest("市局", 2)).toHaveLength(2);
    expect(dir.suggest("中华人民共和国国务院办公厅")).toEqual([]);
    expect(dir.suggest("")).toEqual([]);
  });

  it("suggests by edit distance", () => {
    expect(dir.suggest("市财务局")).toContain("市财政局");
  });
});

describe("parseUnitDirectory errors", () => {
  const parse = (text: string) => () => parseUnitDirectory(text, "units.yaml");

  it("names the file and line of a YAML syntax error", () => {
    expect(parse("municipal:\n  - name: 市商务局\n   - name: [\n")).toThrow(/^units\.yaml:3: YAML 语法错误/);
  });

  it("names the line and path of a schema error", () => {
    expect(parse("municipal:\n  - name: 市商务局\n  - name: 市财政局\n    alias: [财政局]\n")).toThrow(/^units\.yaml:3: 单位目录格式错误 \(municipal\.1\)/);
    expect(parse("municipal:\n  - name: 市商务局\n    aliases: [1, 市商委]\n")).toThrow(/^units\.yaml:3: .*municipal\.0\.aliases\.0/);
    expect(parse("countries: []\n")).toThrow(/^units\.yaml: 单位目录格式错误/);
    expect(parse("municipal:\n  - name: ''\n")).toThrow(/单位名称不能为空/);
  });

  it("rejects a name or alias used by two entries, naming both places", () => {
    const text = "municipal:\n  - name: 市商务局\n  - name: 市财政局\n    aliases: [市商务局]\n";
    expect(parse(text)).toThrow('units.yaml:4: "市商务局" 重复: 已用于单位"市商务局" (units.yaml:2)');
    expect(parse("municipal:\n  - name: 市商务局\ngroups:\n  - name: 市商务局 \n")).toThrow(/units\.yaml:4: "市商务局" 重复/);
    expect(parse("municipal:\n  - name: 市商务局\n    aliases: [市商务局]\n")).not.toThrow();
  });

  it("throws InputErrors (shown to the user as is)", () => {
    expect(parse(": : :")).toThrow(UnitDirectoryError);
    expect(parse(": : :")).toThrow(InputError);
    expect(() => loadUnitDirectory("/nonexistent/units.yaml")).toThrow(/^\/nonexistent\/units\.yaml: 无法读取单位目录/);
  });

  it("accepts an empty file as an empty directory", () => {
    expect(parseUnitDirectory("", "units.yaml").entries).toEqual([]);
  });
});

describe("buildUnitDirectory", () => {
  it("rejects duplicates too", () => {
    expect(() =>
      buildUnitDirectory([
        { name: "市商务局", kind: "municipal", aliases: [] },
        { name: "市财政局", kind: "municipal", aliases: ["市商务局"] },
      ]),
    ).toThrow(UnitDirectoryError);
  });
});
