// The `duban` CLI, run in-process against a fresh database per test.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDuban } from "../helpers/cli";
import type { ParsedPlan } from "../../src/plan/types";
import { createEmptyDatabaseUrl } from "../helpers/test-database";
import iconv from "iconv-lite";
import { scannedPdf, seedAsDocxTable, seedText } from "../helpers/plan-documents";

const SEED = "seeds/xuchang-2020-key-tasks.txt";
let env: Record<string, string>;
let drop: () => Promise<void>;
let dir: string;

beforeEach(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent" };
  dir = mkdtempSync(join(tmpdir(), "duban-cli-"));
});
afterEach(async () => drop());

const duban = (...argv: string[]) => runDuban(env, ...argv);

describe("duban import", () => {
  it("--json prints the parsed seed: 9 sections, 115 tasks, in the documented shape", async () => {
    const r = await duban("import", SEED, "--json", "--dry-run");
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as ParsedPlan;
    expect(Object.keys(plan).sort()).toEqual(["docNo", "sections", "tasks", "title", "units", "year"]);
    expect(plan.sections).toHaveLength(9);
    expect(plan.tasks).toHaveLength(115);
    expect(plan.year).toBe(2020);
    expect(Object.keys(plan.tasks[0]!).sort()).toEqual(["cooperating", "counties", "deadline", "indicators", "lead", "leader", "no", "section", "text"]);
    expect(r.err).toBe(""); // every unit in the seed resolves: no warnings
  });

  it("warns on stderr, with the line, about a task without 责任单位 and still imports it", async () => {
    const file = join(dir, "no-units.txt");
    writeFileSync(file, "许政〔2021〕3号\n一、稳增长\n1.抓项目\n责任单位:市发展改革委\n2.促消费\n");
    const r = await duban("import", file, "--json", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/no-units\.txt:5: 警告：第2项没有责任单位/);
    expect((JSON.parse(r.out) as ParsedPlan).tasks[1]).toMatchObject({ no: 2, lead: [], counties: null });
  });

  it("imports, then says nothing changed on the second run", async () => {
    const first = await duban("import", SEED);
    expect(first.code).toBe(0);
    expect(first.out).toContain("115 项任务");
    expect(first.out).toContain("已导入");
    expect(first.out).toContain("有 6 项任务的责任单位待督查局确定，请执行 duban tasks --unassigned 查看");
    const again = await duban("import", SEED);
    expect(again.out).toContain("未做任何更改");
  });

  it("proposes the report-by day a document states, and changes no schedule", async () => {
    const file = join(dir, "report-by.txt");
    writeFileSync(file, "许政〔2021〕3号\n请各责任单位于每季度最后一个月25日前报送工作进展情况。\n一、稳增长\n1.抓项目\n责任单位:市发展改革委\n");
    const r = await duban("import", file, "--dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toContain("文件规定季度报送时间为“每季度最后一个月25日前”。如需按此提醒，请在 seeds/schedule.yaml 中设置：reportBy: {day: 25}（当前未修改，仍按原设置）");
    expect((await duban("import", SEED, "--dry-run")).out).not.toContain("reportBy");
  });

  it("fails with the line number and text of a line it cannot place, exit code non-zero, nothing written", async () => {
    const file = join(dir, "bad.txt");
    writeFileSync(file, "一、稳增长\n责任单位:市商务局\n1.抓项目\n");
    const r = await duban("import", file);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/bad\.txt:2:/);
    expect(r.err).toContain("责任单位:市商务局");
    const units = await duban("units", "--json");
    expect(JSON.parse(units.out).some((u: { name: string }) => u.name === "市商务局")).toBe(true); // the seed, not the bad file
    const tasks = await duban("tasks", "--json");
    expect(JSON.parse(tasks.out)).toHaveLength(115);
  });

  it("--review writes a workbook and nothing to the database; importing that workbook then creates the plan", async () => {
    const source = join(dir, "plan.docx");
    writeFileSync(source, await seedAsDocxTable());
    const review = join(dir, "review.xlsx");
    const r = await duban("import", source, "--review", review);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toBe(`已写出核对表 ${review}：115 项任务，0 条警告。核对、改正后执行 duban import ${review} 导入；本次未写入数据库。`);
    const imported = await duban("import", review);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain("115 项任务");
    expect(imported.out).toContain("已导入");
  });

  it("imports GBK text, and warns with the sheet, row and column of a workbook", async () => {
    const gbk = join(dir, "gbk.txt");
    writeFileSync(gbk, iconv.encode(seedText, "gbk"));
    expect((await duban("import", gbk, "--dry-run")).out).toContain("115 项任务");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("任务");
    for (const row of [["许政〔2022〕1号"], ["序号", "重点工作任务", "牵头单位"], ["一、甲"], [1, "任务。", "市不存在局"]]) sheet.addRow(row);
    const xlsx = join(dir, "plan.xlsx");
    await wb.xlsx.writeFile(xlsx);
    const r = await duban("import", xlsx, "--dry-run");
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${xlsx} 工作表“任务”第4行C列: 警告：第1项: 单位"市不存在局"不在单位目录中`);
  });

  it("refuses a scanned PDF with exit code 65 and says nothing was written", async () => {
    const scan = join(dir, "scan.pdf");
    writeFileSync(scan, scannedPdf());
    const r = await duban("import", scan);
    expect(r.code).toBe(65);
    expect(r.err).toContain("PDF 中没有文字(可能是扫描件或图片)");
    expect(r.err).toContain("未写入任何内容");
  });

  it("reports a missing file clearly", async () => {
    const r = await duban("import", "no/such/file.txt");
    expect(r.code).toBe(1);
    expect(r.err).toContain("无法读取文件 no/such/file.txt");
  });
});

describe("duban units and tasks", () => {
  it("lists units (the seed is imported on first use) and one unit's tasks by short name", async () => {
    const units = await duban("units");
    expect(units.code).toBe(0);
    expect(units.out).toMatch(/市商务局.*牵头 \d+/);
    expect(units.out).toMatch(/县区\t魏都区政府/);

    const tasks = await duban("tasks", "--unit", "商务局");
    expect(tasks.code).toBe(0);
    expect(tasks.out).toMatch(/^市商务局 2020年责任清单：\d+ 项/);
    expect(tasks.out).toMatch(/^ *12 \[牵头\] 完善促进消费的体制机制/m);
    expect(tasks.out).toMatch(/^ *11 \[配合\] /m);
  });

  it("rejects an unknown unit with the closest names", async () => {
    const r = await duban("tasks", "--unit", "市商务厅");
    expect(r.code).toBe(1);
    expect(r.err).toContain('未知单位"市商务厅"');
    expect(r.err).toContain("市商务局");
  });
});

describe("duban member add / group bind / directory load", () => {
  it("adds a member and binds groups, and rejects unknown units and bad options", async () => {
    let r = await duban("member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "商务局", "--name", "张三");
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain("zhangsan → 市商务局");
    r = await duban("member", "add", "--platform", "wecom", "--user", "zhangsan", "--unit", "市商务厅");
    expect(r.code).toBe(1);
    expect(r.err).toContain("市商务局");
    r = await duban("member", "add", "--platform", "qq", "--user", "x", "--unit", "市商务局");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("must be one of wecom, dingtalk");

    r = await duban("group", "bind", "--platform", "dingtalk", "--chat", "cidX==", "--supervision", "--webhook", "https://oapi.dingtalk.com/robot/send?access_token=t", "--secret", "SECabc");
    expect(r.code).toBe(0);
    expect(r.out).toContain("→ 督查");
    r = await duban("group", "bind", "--platform", "wecom", "--chat", "wrOg", "--unit", "市商务局", "--supervision");
    expect(r.code).toBe(1);

    const units = JSON.parse((await duban("units", "--json")).out) as { name: string; members: number }[];
    expect(units.find((u) => u.name === "市商务局")?.members).toBe(1);
  });

  it("loads a directory file all-or-nothing, naming the lines of every problem", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      [
        "members:",
        "  - { platform: wecom, user: lisi, unit: 市商务局 }",
        "  - { platform: wecom, user: wangwu, unit: 市商务厅 }",
        "  - { platform: weixin, user: zhao, unit: 市财政局 }",
        "groups:",
        "  - { platform: wecom, chat: wrA, unit: 市财政局 }",
      ].join("\n"),
    );
    let r = await duban("directory", "load", bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain("bad.yaml:3:");
    expect(r.err).toContain("bad.yaml:4:");
    expect(JSON.parse((await duban("units", "--json")).out).every((u: { members: number }) => u.members === 0)).toBe(true);

    const good = join(dir, "good.yaml");
    writeFileSync(good, "members:\n  - { platform: wecom, user: lisi, unit: 市商务局, role: supervisor }\ngroups:\n  - { platform: wecom, chat: wrA, unit: 财政局 }\n  - { platform: wecom, chat: wrS, supervision: true }\n");
    r = await duban("directory", "load", good);
    expect(r.code).toBe(0);
    expect(r.out).toContain("成员：新增 1");
    expect(r.out).toContain("群：新增 2");

    writeFileSync(bad, "members: [ {platform: wecom\n");
    r = await duban("directory", "load", bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml:\d+: YAML 格式错误/);
  });
});
