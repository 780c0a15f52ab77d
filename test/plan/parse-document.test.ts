// Variants of the genre, as fixtures under test/fixtures/documents/.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors";
import { DocumentParseError, parseDeadline, parseDocument } from "../../src/plan/parse-document";
import { loadUnitDirectory } from "../../src/plan/unit-directory";

const directory = loadUnitDirectory(fileURLToPath(new URL("../../seeds/units.yaml", import.meta.url)));
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/documents/${name}`, import.meta.url)), "utf8");
const parse = (name: string, year?: number) => parseDocument(fixture(name), { directory, sourceName: name, year });
const parseError = (name: string): DocumentParseError => {
  try {
    parse(name);
  } catch (e) {
    if (e instanceof DocumentParseError) return e;
    throw e;
  }
  throw new Error(`${name} parsed without error`);
};

describe("document variants", () => {
  it("full-width digits and punctuation, （一） sections and （１） tasks", () => {
    const { plan, warnings } = parse("fullwidth.txt");
    expect(plan.docNo).toBe("许政〔2021〕5号");
    expect(plan.year).toBe(2021);
    expect(plan.title).toBe("许昌市人民政府关于印发2021年重点工作任务分解的通知");
    expect(plan.sections).toEqual([
      { no: 1, title: "稳定经济增长" },
      { no: 2, title: "改善民生" },
    ]);
    expect(plan.tasks.map((t) => [t.no, t.section])).toEqual([[1, 1], [2, 1], [3, 2]]);
    expect(plan.tasks[0]).toMatchObject({ lead: ["市工业和信息化局"], cooperating: ["市发展改革委"], counties: "all" });
    expect(plan.tasks[0]!.indicators).toEqual([
      { name: "5G基站", target: 1500, unit: "座", op: ">=" },
      { name: "新能源充电桩", target: 2800, unit: "个", op: ">=" },
    ]);
    expect(plan.tasks[1]).toMatchObject({ lead: ["市人力资源和社会保障局"], counties: "relevant" });
    expect(plan.tasks[1]!.indicators).toEqual([{ name: "城镇登记失业率", target: 4.5, unit: "%", op: "<=" }]);
    expect(plan.tasks[2]).toMatchObject({ lead: ["市体育局"], counties: ["建安区政府", "市城乡一体化示范区管委会"] });
    expect(warnings).toEqual([]);
  });

  it("牵头单位/配合单位/完成时限 on one line, split by ；", () => {
    const { plan, warnings } = parse("fields-one-line.txt");
    expect(plan.title).toBe("许昌市2021年重点工作任务分解表");
    expect(plan.docNo).toBeNull();
    expect(plan.year).toBe(2021); // from the title
    expect(plan.tasks[0]).toMatchObject({
      lead: ["市金融工作局", "人行许昌市中心支行"],
      cooperating: ["市财政局", "许昌银保监分局"],
      counties: null,
      deadline: "2021-06-30",
    });
    expect(plan.tasks[1]).toMatchObject({ lead: ["市发展改革委"], cooperating: ["市财政局"], counties: "all", deadline: "2021-12-31" });
    expect(warnings).toEqual([]);
  });

  it("the same fields on separate lines; an open-ended deadline (长期坚持) is none, without a warning", () => {
    const { plan, warnings } = parse("fields-separate-lines.txt");
    expect(plan.tasks[0]).toMatchObject({
      lead: ["市政府办公室"],
      cooperating: ["市政务服务和大数据管理局", "市工商联"],
      deadline: "2021-09-30",
    });
    expect(plan.tasks[1]).toMatchObject({ lead: ["市政务服务和大数据管理局"], cooperating: ["市行政服务中心"], deadline: "2021-06-30" });
    expect(plan.tasks[2]).toMatchObject({ lead: ["市住房和城乡建设局"], cooperating: [], deadline: null });
    expect(warnings).toEqual([]);
  });

  it("an unreadable deadline is a warning; 持续推进, 长期, 每季度 are none on purpose", () => {
    const doc = (deadline: string) => parseDocument(["许政〔2021〕7号", "一、甲", "1.任务。", "牵头单位:市商务局", `完成时限:${deadline}`].join("\n"), { directory, sourceName: "x" });
    expect(doc("视情况而定").warnings).toEqual([{ line: 5, task: 1, message: '第1项的完成时限"视情况而定"无法识别为日期' }]);
    for (const open of ["持续推进", "长期", "每季度", "长期坚持", "每季度末"]) {
      const { plan, warnings } = doc(open);
      expect(plan.tasks[0]!.deadline).toBeNull();
      expect(warnings).toEqual([]);
    }
  });

  it("multi-line section titles, task text and unit lists; page numbers are skipped", () => {
    const { plan, warnings } = parse("multiline.txt");
    expect(plan.sections[0]!.title).toBe("抓好常态化疫情防控,全面恢复生产生活秩序");
    expect(plan.tasks[0]!.text).toBe("坚持“外防输入、内防反弹”总体防控策略,完善常态化疫情防控举措,巩固疫情防控持续向好态势。");
    expect(plan.tasks[0]).toMatchObject({ lead: ["市疫情防控指挥部办公室"], cooperating: ["市卫生健康委", "市医疗保障局"], counties: "all" });
    expect(plan.tasks[1]!.text).toBe("发展数字经济,积极培育5G、物联网、工业互联网等数字化新业态。");
    expect(plan.tasks[1]).toMatchObject({ lead: ["市发展改革委"], cooperating: ["市工业和信息化局"], counties: "all" });
    // "3.2020年…" is task 3; "4.5%以下" continues its unfinished sentence although 4 comes next.
    expect(plan.tasks[2]!.text).toBe("2020年底前建成5G基站1500座,城镇登记失业率控制在4.5%以下。");
    expect(plan.tasks[2]!.indicators).toContainEqual({ name: "城镇登记失业率", target: 4.5, unit: "%", op: "<=" });
    expect(warnings).toEqual([]);
  });

  it("1、 markers; (1) items inside a 1、 document belong to the task text", () => {
    const { plan } = parse("dun-markers.txt");
    expect(plan.tasks.map((t) => t.no)).toEqual([1, 2, 3]);
    expect(plan.tasks[0]!.indicators).toHaveLength(2);
    expect(plan.tasks[1]!.text).toBe("加快推进“雪亮工程”建设。主要内容:(1)完善视频监控网络;(2)推进数据共享。");
    expect(plan.tasks[2]!.section).toBe(2);
  });

  it("section numerals beyond 十 and full-width 1． markers", () => {
    const numerals = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一".split(" ");
    const text = numerals.flatMap((n, i) => [`${n}、第${i + 1}部分`, `${fullWidth(i + 1)}．任务${i + 1}。`, "责任单位：市商务局"]).join("\n");
    const { plan } = parseDocument(text, { directory, year: 2020 });
    expect(plan.sections.map((s) => s.no)).toEqual(numerals.map((_, i) => i + 1));
    expect(plan.tasks.map((t) => [t.no, t.section])).toEqual(numerals.map((_, i) => [i + 1, i + 1]));
  });

  it("keeps an unknown unit as written, with suggestions; a named county via its alias", () => {
    const { plan, warnings } = parse("unknown-unit.txt");
    expect(plan.tasks[0]).toMatchObject({ lead: ["商务局"], cooperating: ["市统计局"], counties: ["魏都区政府"] });
    expect(plan.units).toEqual(["商务局", "市统计局", "魏都区政府"]);
    expect(warnings).toHaveLength(1);
    // Not resolved loosely: a document's short name is reported so an alias can be added.
    expect(warnings[0]).toMatchObject({ line: 4, task: 1, suggestions: ["市商务局", "市税务局"] });
    expect(warnings[0]!.message).toBe('第1项: 单位"商务局"不在单位目录中, 已按原文保留; 相近的单位: 市商务局、市税务局');
  });
});

describe("counties named in a unit line", () => {
  const unitsOf = (line: string) => parseDocument(["一、甲", "1.任务。", `责任单位:${line}`].join("\n"), { directory, year: 2020 });

  it("各有关县 with the counties in brackets: those counties", () => {
    expect(unitsOf("市发展改革委等,各有关县(市、区)政府(禹州市、长葛市)").plan.tasks[0]!.counties).toEqual(["禹州市政府", "长葛市政府"]);
    expect(unitsOf("市发展改革委等,各有关县(市、区)政府(管委会)").plan.tasks[0]!.counties).toBe("relevant");
  });

  it("a park stands for the county-level unit it belongs to, without a warning", () => {
    const { plan, warnings } = unitsOf("市科技局、禹州高新区");
    expect(plan.tasks[0]).toMatchObject({ lead: ["市科技局"], counties: ["禹州市政府"] });
    expect(warnings).toEqual([]);
  });
});

describe("errors name the source and the line", () => {
  it("a line it cannot place", () => {
    const e = parseError("unparseable-line.txt");
    expect(e.line).toBe(5);
    expect(e.lineText).toBe("这一行既不是任务也不是责任单位");
    expect(e.message).toBe('unparseable-line.txt:5: 无法识别的行 "这一行既不是任务也不是责任单位"');
  });

  it("a responsibility line before any task", () => {
    const e = parseError("responsibility-before-task.txt");
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^responsibility-before-task\.txt:3: 责任单位等字段前面没有任务/);
  });

  it("a duplicate task number", () => {
    const e = parseError("duplicate-task-number.txt");
    expect(e.line).toBe(7);
    expect(e.message).toMatch(/^duplicate-task-number\.txt:7: 任务编号重复: 第2项已出现过\(此处应为3\)/);
  });

  it("numbering that restarts in each section", () => {
    const e = parseError("restart-per-section.txt");
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/重新从1开始/);
  });

  it("a second 责任单位 line for the same task", () => {
    const e = parseError("second-responsibility-line.txt");
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/第1项已有"责任单位"/);
  });

  it("an empty document, a document without tasks, a document without a year", () => {
    expect(parseError("empty.txt").message).toBe("empty.txt: 文档为空");
    expect(parseError("empty.txt").line).toBe(0);
    expect(parseError("no-tasks.txt").message).toMatch(/^no-tasks\.txt: 文档中没有找到任务/);
    expect(parseError("no-year.txt").message).toMatch(/^no-year\.txt: 无法确定年份/);
    expect(parse("no-year.txt", 2020).plan.year).toBe(2020);
  });

  it("more number problems", () => {
    const doc = (lines: string[]) => () => parseDocument(lines.join("\n"), { directory, year: 2020, sourceName: "x" });
    expect(doc(["一、甲", "1.任务", "二、乙", "(1)子项", "3.任务"])).toThrow("x:5: 任务编号不连续: 此处应为2, 实为3");
    expect(doc(["1.任务", "一、甲", "2.任务"])).toThrow('x:1: 任务出现在第一个部分标题(如"一、…")之前 "1.任务"');
    expect(doc(["一、甲", "2.任务"])).toThrow("x:2: 任务编号不连续: 此处应为1, 实为2");
    expect(doc(["一、甲", "1.任务", "三、丙"])).toThrow("x:3: 部分编号应为2");
    expect(doc(["一、甲", "(二)乙", "1.任务"])).toThrow("x:2: 小标题编号应为(一)");
    expect(doc(["一、", "1.任务"])).toThrow("x:1: 部分标题为空");
    expect(doc(["一、甲", "1."])).toThrow("x:2: 第1项没有任务内容");
  });

  it("a line after a unit list continues it only when the list visibly runs on", () => {
    const doc = (lines: string[]) => parseDocument(["一、甲", "1.任务。", ...lines].join("\n"), { directory, year: 2020, sourceName: "x" });
    expect(doc(["责任单位:市商务局,", "市财政局"]).plan.tasks[0]).toMatchObject({ lead: ["市商务局"], cooperating: ["市财政局"] });
    expect(() => doc(["责任单位:市商务局", "市财政局"])).toThrow('x:4: 无法识别的行 "市财政局"');
    expect(() => doc(["牵头单位:市商务局;配合单位:市财政局;完成时限:年底前", "市统计局"])).toThrow("x:4: 无法识别的行");
  });

  it("is an InputError, so the CLI and HTTP layers show it", () => {
    expect(parseError("empty.txt")).toBeInstanceOf(InputError);
  });
});

describe("parseDeadline", () => {
  it.each([
    ["2021年6月底前", "2021-06-30"],
    ["6月底前", "2020-06-30"],
    ["2020年9月30日前", "2020-09-30"],
    ["年底前", "2020-12-31"],
    ["2021年底", "2021-12-31"],
    ["2月底前", "2020-02-29"],
    ["上半年", "2020-06-30"],
    ["三季度末", "2020-09-30"],
    ["2020.9.30", "2020-09-30"],
    ["6月底前完成方案,年底前建成", "2020-12-31"],
    ["２０２１年６月底前", "2021-06-30"],
    ["长期坚持", null],
    ["13月底前", null],
  ])("%s → %s", (raw, expected) => {
    expect(parseDeadline(raw, 2020)).toBe(expected);
  });
});

describe("properties", () => {
  // Documents of the genre built from a model (so the parser goes deep), in random styles.
  const unitItem = fc.constantFrom(
    "市商务局", "市财政局", "商务局", "市住房和城乡建设局（市供热办）", "各县(市、区)政府(管委会)",
    "各有关县（市、区）政府（管委会）", "建安区政府", "示范区管委会", "市直有关部门", "市政府各部门",
    "市“四个一百”专项行动联席会议办公室",
  );
  const unitList = fc
    .array(fc.tuple(fc.constantFrom("、", ",", "，", "；", "及", "等,"), unitItem), { minLength: 1, maxLength: 5 })
    .map((xs) => xs.map(([sep, item], i) => (i ? sep + item : item)).join(""));
  const deadline = fc.constantFrom("2021年6月底前", "年底前", "9月30日前", "长期坚持");
  const fields = fc.oneof(
    unitList.map((u) => [`责任单位:${u}`]),
    fc.tuple(unitList, unitList, deadline).map(([a, b, d]) => [`牵头单位：${a}；配合单位：${b}；完成时限：${d}`]),
    fc.tuple(unitList, unitList, deadline).map(([a, b, d]) => [`牵头单位:${a}`, `配合单位:${b}`, `完成时限:${d}`]),
    fc.constant([] as string[]),
  );
  // The first line may start with digits ("1.2020年…" is task 1); later lines are continuation.
  const textLines = fc.tuple(
    fc.constantFrom("加强传统村落保护提升。", "2020年底前建成", "5G基站1500座,", "2.0版升级"),
    fc.array(fc.constantFrom("今年建设5G基站1500座,", "新增城镇就业5万人", "升级到2.0版", "城镇登记失业率控制在4.5%以下。"), { maxLength: 2 }),
  ).map(([first, rest]) => [first, ...rest].map((l, i, all) => (i === all.length - 1 && !l.endsWith("。") ? `${l}。` : l))); // texts end with 。
  const model = fc.record({
    sectionStyle: fc.constantFrom((n: string) => `${n}、`, (n: string) => `(${n})`, (n: string) => `（${n}）`),
    taskStyle: fc.constantFrom((n: number) => `${n}.`, (n: number) => `${n}、`, (n: number) => `(${n})`, (n: number) => `${fullWidth(n)}．`),
    sections: fc.array(fc.array(fc.tuple(textLines, fields), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
  });
  const render = (m: typeof model extends fc.Arbitrary<infer T> ? T : never): string[] => {
    const lines = ["许政〔2020〕20号", "各县(市、区)人民政府:", "现将2020年重点工作任务予以分解。"];
    let no = 0;
    m.sections.forEach((tasks, i) => {
      lines.push(`${m.sectionStyle("一二三四"[i]!)}第${i + 1}部分`);
      for (const [text, f] of tasks) lines.push(`${m.taskStyle(++no)}${text[0]}`, ...text.slice(1), ...f);
    });
    return lines;
  };

  it("parses every well-formed document of the genre", () => {
    fc.assert(
      fc.property(model, (m) => {
        const { plan } = parseDocument(render(m).join("\n"), { directory });
        expect(plan.sections).toHaveLength(m.sections.length);
        expect(plan.tasks).toHaveLength(m.sections.flat().length);
        for (const t of plan.tasks) {
          for (const n of [...t.lead, ...t.cooperating]) expect(n).not.toMatch(/^各|等$/);
          if (Array.isArray(t.counties)) for (const c of t.counties) expect(directory.kindOf(c)).toBe("county");
        }
      }),
      { numRuns: 300 },
    );
  });

  const garbage = fc.oneof(
    fc.constantFrom("一、", "(二)", "1.", "3、", "(2)", "责任单位:", "配合单位:市商务局", "完成时限:", "— 3 —", "各县(市、区)政府(管委会)", "、等", "（", "“"),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: "binary", maxLength: 4 }),
  );
  const mutation = fc.tuple(fc.nat(), fc.oneof(garbage, fc.constant(null)));

  it("throws nothing but DocumentParseError on damaged documents", () => {
    fc.assert(
      fc.property(model, fc.array(mutation, { maxLength: 4 }), fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: undefined }), (m, edits, year) => {
        const lines = render(m);
        // Each edit inserts a line at, or (null) deletes the line at, a random position.
        for (const [at, line] of edits) lines.splice(at % (lines.length + 1), line === null ? 1 : 0, ...(line === null ? [] : [line]));
        try {
          const { plan } = parseDocument(lines.join("\n"), { directory, year });
          expect(plan.tasks.map((t) => t.no)).toEqual(plan.tasks.map((_, i) => i + 1));
          for (const t of plan.tasks) expect(plan.sections.some((s) => s.no === t.section)).toBe(true);
          for (const t of plan.tasks) for (const u of [...t.lead, ...t.cooperating]) expect(plan.units).toContain(u);
        } catch (e) {
          if (!(e instanceof DocumentParseError)) throw e;
          expect(e.line).toBeGreaterThanOrEqual(0);
          // An inserted piece of garbage may itself hold line breaks: count the text's lines.
          expect(e.line).toBeLessThanOrEqual(lines.join("\n").split(/\r\n|\r|\n/).length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("throws nothing but DocumentParseError on random text", () => {
    const documents = fc.array(fc.oneof(garbage, fc.constant("\n"), fc.constant("\r\n")), { maxLength: 60 }).map((xs) => xs.join(""));
    fc.assert(
      fc.property(documents, (text) => {
        try {
          parseDocument(text, { directory, year: 2020 });
        } catch (e) {
          if (!(e instanceof DocumentParseError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});

function fullWidth(n: number): string {
  return [...String(n)].map((d) => String.fromCharCode(0xff10 + Number(d))).join("");
}
