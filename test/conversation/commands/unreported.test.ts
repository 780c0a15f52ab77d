// 未报 (issue 9): other phrasings, pages (the reminder says "发「未报」查看全部"), and a
// supervisor naming a unit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byteLength } from "../../../src/platforms/split-bytes";
import { periodReport } from "../../../src/reporting/period-report";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

describe("未报", () => {
  it("understands 哪些没报 and 还有哪些未报", async () => {
    for (const ask of ["未报", "哪些没报", "还有哪些未报", "哪些任务没报？"]) {
      expect((await h.send("zhangsan", ask)).text, ask).toMatch(/^市商务局｜2020年第一季度未报21项/);
    }
  });

  it("pages a long list so that every unreported task can be seen", async () => {
    const first = await h.send("wangwu", "未报");
    expect(first.text).toContain("第1/6页，回复「未报 2」看下一页");
    expect(byteLength(first.text)).toBeLessThanOrEqual(2048);
    const seen = new Set<number>();
    for (let p = 1; p <= 6; p++) {
      const r = await h.send("wangwu", p === 1 ? "未报" : `未报 ${p}`);
      for (const m of r.text.matchAll(/^(\d+)\. /gm)) seen.add(Number(m[1]));
    }
    expect(seen.size).toBe(108);
    expect((await h.send("wangwu", "未报 9")).text).toContain("没有第9页（共6页）");
  });

  it("lets a supervisor name a unit, and nobody else name another unit", async () => {
    const r = await h.send("lisi", "未报 禹州市");
    expect(r.text).toMatch(/^禹州市政府｜2020年第一季度未报\d+项/);
    expect((await h.send("zhangsan", "未报 禹州市")).text).toContain("只有督查局人员可以");
    expect((await h.send("lisi", "未报 商务厅")).text).toContain("未找到单位「商务厅」");
  });

  it("pages a named unit's list for a supervisor, without telling the supervisor how to report", async () => {
    const first = await h.send("lisi", "未报 禹州市");
    expect(first.text).toMatch(/第1\/\d+页，回复「未报 禹州市 2」看下一页/);
    expect(first.text).not.toContain("即可汇报");
    const second = await h.send("lisi", "未报 禹州市 2");
    expect(second.text).toMatch(/^禹州市政府｜2020年第一季度未报\d+项/);
    const nos = (t: string) => [...t.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
    expect(nos(second.text).length).toBeGreaterThan(0);
    expect(nos(second.text).some((n) => nos(first.text).includes(n))).toBe(false);
  });

  it("counts in its heading only the units with something unreported this period, not those listed for last quarter's 逾期", async () => {
    const db = h.database.db;
    const unit = await db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    const nos = (await db.assignment.findMany({ where: { unitId: unit.id }, include: { task: true } })).map((a) => a.task.no).sort((a, b) => a - b);
    h.now.value = new Date("2020-06-24T10:00:00+08:00");
    // 市商务局 reports every task for Q2 and nothing for Q1: nothing unreported, 21 逾期 from Q1.
    expect((await h.send("zhangsan", `2020年二季度工作汇报\n${nos.map((no) => `${no}：本季度按计划推进`).join("\n")}`)).text).toContain(`已记录 ${nos.length} 项汇报`);
    const text = (await h.send("lisi", "未报")).text;
    const model = await periodReport(db, { period: "2020Q2", now: h.now.value });
    const behind = model.units.filter((u) => u.missing > 0);
    expect(text).toContain(`未报情况：${behind.length}个单位共${behind.reduce((n, u) => n + u.missing, 0)}项未报`);
  });
});
