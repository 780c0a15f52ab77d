import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractIndicators } from "../../src/plan/indicators";

// Task texts straight from the seed (one line each there), independent of the parser.
const seed = readFileSync(fileURLToPath(new URL("../../seeds/xuchang-2020-key-tasks.txt", import.meta.url)), "utf8");
const taskText = new Map(
  seed
    .split("\n")
    .map((l) => /^(\d+)\.(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => [Number(m[1]), m[2]!]),
);
const indicatorsOf = (no: number) => extractIndicators(taskText.get(no)!);

describe("extractIndicators on the seed", () => {
  it("task 10: noun before the number, 达到", () => {
    expect(indicatorsOf(10)).toEqual([
      { name: "5G基站", target: 1500, unit: "座", op: ">=" },
      { name: "新能源充电桩", target: 2800, unit: "个", op: ">=" },
    ]);
  });

  it("task 83: three targets, 控制在…以下 is <=", () => {
    expect(indicatorsOf(83)).toEqual([
      { name: "新增城镇就业", target: 5, unit: "万人", op: ">=" },
      { name: "农村劳动力转移就业", target: 2, unit: "万人", op: ">=" },
      { name: "城镇登记失业率", target: 4.5, unit: "%", op: "<=" },
    ]);
  });

  it("task 8: number before noun, and 以上", () => {
    expect(indicatorsOf(8)).toEqual([
      { name: "重点项目", target: 186, unit: "个", op: ">=" },
      { name: "年度投资", target: 1000, unit: "亿元", op: ">=" },
    ]);
  });

  it("task 5: 不低于 is >=", () => {
    expect(indicatorsOf(5)).toEqual([{ name: "金融机构新增贷款", target: 200, unit: "亿元", op: ">=" }]);
  });

  it("task 42: 再打通20条断头路, 消灭33处积水点", () => {
    const found = indicatorsOf(42);
    expect(found).toContainEqual({ name: "年度投资", target: 461, unit: "亿元", op: ">=" });
    expect(found).toContainEqual({ name: "断头路", target: 20, unit: "条", op: ">=" });
    expect(found).toContainEqual({ name: "积水点", target: 33, unit: "处", op: ">=" });
  });

  it("task 50: 稳定在…以上 is >=; task 55: leading verbs are not part of the name", () => {
    expect(indicatorsOf(50)).toEqual([
      { name: "高标准农田", target: 21, unit: "万亩", op: ">=" },
      { name: "粮食产量", target: 280, unit: "万吨", op: ">=" },
    ]);
    expect(indicatorsOf(55)).toEqual([{ name: "农村公路", target: 100, unit: "公里", op: ">=" }]);
  });

  it("task 37: 以上 inside a name is not a comparison", () => {
    expect(indicatorsOf(37)).toEqual([
      { name: "工业互联网平台", target: 3, unit: "家", op: ">=" },
      { name: "工业企业上云", target: 1000, unit: "家", op: ">=" },
      { name: "规模以上工业企业", target: 400, unit: "家", op: ">=" },
    ]);
  });

  it.each([
    [1, "no digits"],
    [18, '"5A级"'],
    [28, '"2020“创新年”" (a year)'],
    [31, '"2.0版" (a version)'],
    [32, '"9大重点新兴产业"'],
    [35, '"5G"'],
    [48, '"…”5个方面" (counts a quoted list)'],
    [57, '"30年"'],
    [105, "Chinese numerals (第七次)"],
  ])("task %i yields nothing: %s", (no) => {
    expect(taskText.has(no)).toBe(true);
    expect(indicatorsOf(no)).toEqual([]);
  });

  it("finds 25 targets in 13 tasks of the seed", () => {
    const found = [...taskText.keys()].map((no) => indicatorsOf(no)).filter((xs) => xs.length);
    expect(found).toHaveLength(13);
    expect(found.flat()).toHaveLength(25);
  });
});

describe("extractIndicators", () => {
  it("reads the comparison words", () => {
    expect(extractIndicators("PM2.5平均浓度不超过45微克")).toEqual([]); // 微克 is not a measure word we know
    expect(extractIndicators("审批时限压减到30个工作日以内")[0]?.op).toBe("<=");
    expect(extractIndicators("空气优良天数比例稳定在70%")).toEqual([{ name: "空气优良天数比例", target: 70, unit: "%", op: "=" }]);
    expect(extractIndicators("粮食产量280万吨左右")).toEqual([{ name: "粮食产量", target: 280, unit: "万吨", op: "=" }]);
    expect(extractIndicators("至少培育10家龙头企业")).toEqual([{ name: "龙头企业", target: 10, unit: "家", op: ">=" }]);
  });

  it("ignores counts inside quotes, ordinals and years", () => {
    expect(extractIndicators("实施“3个100”工程,推进第3批试点,2020年完成")).toEqual([]);
  });

  it("takes each name from its own clause", () => {
    expect(extractIndicators("新建学校5所、幼儿园12所")).toEqual([
      { name: "学校", target: 5, unit: "所", op: ">=" },
      { name: "幼儿园", target: 12, unit: "所", op: ">=" },
    ]);
  });
});
