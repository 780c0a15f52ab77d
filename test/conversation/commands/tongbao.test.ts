// Supervisors' 通报 (draft and publish) and 汇总 in chat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byteLength } from "../../../src/platforms/split-bytes";
import { seedBureauReports } from "../../helpers/bureau-fixture";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness("2020-04-03T09:00:00+08:00");
  await seedBureauReports(h.database.db);
});
afterAll(async () => h.database.drop());

describe("通报", () => {
  it("drafts the period's 通报 for a supervisor, within one message, saying how to publish", async () => {
    const r = await h.send("lisi", "通报");
    expect(r.text).toMatch(/^# 关于2020年第一季度重点工作进展情况的通报/);
    expect(r.text).toContain("其中按时报送3项次、逾期补报1项次、已办结（销号）0项次");
    expect(r.text).toContain("通报 发布");
    expect(byteLength(r.text)).toBeLessThanOrEqual(2048);
    expect(await h.database.db.outboxMessage.count()).toBe(0);
  });

  it("takes a period: 通报 2020Q2 has nothing reported yet", async () => {
    const r = await h.send("lisi", "通报 2020Q2");
    expect(r.text).toContain("关于2020年第二季度重点工作进展情况的通报");
    expect(r.text).toContain("其中按时报送0项次、逾期补报0项次、已办结（销号）0项次");
    expect((await h.send("lisi", "通报 2020Q9")).text).toContain("期次「2020Q9」无效");
  });

  it("refuses non-supervisors", async () => {
    expect((await h.send("zhangsan", "通报")).text).toBe("只有督查局人员可以起草和发布通报。");
    expect((await h.send("zhangsan", "汇总")).text).toBe("只有督查局人员可以查看汇总。");
  });

  it("通报 发布 enqueues the parts in order to the supervision group, once, and leaves a trail", async () => {
    const r = await h.send("lisi", "通报 发布");
    expect(r.text).toMatch(/已将2020年第一季度通报放入发送队列：1个督查群，每群(\d+)条/);
    const rows = await h.database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    const group = await h.database.db.chatGroup.findFirstOrThrow({ where: { supervision: true } });
    expect(rows.length).toBe(Number(/每群(\d+)条/.exec(r.text)![1]));
    expect(rows.length).toBeGreaterThan(1); // the late-unit list does not fit one message
    rows.forEach((row, i) => {
      expect(row.destination).toBe(`group:${group.id}`);
      expect(row.key).toMatch(new RegExp(`part${i + 1}$`));
      const msg = JSON.parse(row.payload) as { text: string; format: string };
      expect(byteLength(msg.text)).toBeLessThanOrEqual(2048);
      expect(msg.format).toBe("markdown");
      if (i > 0) expect(msg.text.startsWith(`（续${i + 1}/${rows.length}）`)).toBe(true);
    });
    const whole = rows.map((row) => (JSON.parse(row.payload) as { text: string }).text.replace(/^（续\d+\/\d+）\n/, "")).join("\n");
    expect(whole).toContain("# 关于2020年第一季度重点工作进展情况的通报");
    expect(whole).toContain("四、下步要求");

    const again = await h.send("lisi", "通报 发布");
    expect(again.text).toContain("已发布过");
    expect(await h.database.db.outboxMessage.count()).toBe(rows.length);
    const trail = await h.database.db.auditEvent.findMany({ where: { action: "tongbao.published" } });
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actorId: "lisi", actorPlatform: "wecom", period: "2020Q1" });
  });
});

describe("help", () => {
  it("tells supervisors about 汇总 and 通报", async () => {
    expect((await h.send("lisi", "帮助")).text).toContain("汇总 — 各单位报送表；通报 — 起草本期通报；通报 发布 — 发到督查群");
    expect((await h.send("zhangsan", "帮助")).text).not.toContain("通报");
  });
});

describe("汇总", () => {
  it("lists units least complete first, with late and missing counts", async () => {
    const r = await h.send("lisi", "汇总");
    const lines = r.text.split("\n");
    expect(lines[0]).toMatch(/^2020年第一季度汇总｜应报\d+：按时3\+逾期补报1\+已办结0\+逾期未报\d+，报送率0\.3%$/);
    expect(lines[1]).toBe("单位｜应报｜按时｜逾期补报｜已办结｜未报");
    // Nearly everyone is behind in this fixture: the first lines are units with nothing reported.
    expect(lines[2]).toMatch(/^\S+｜\d+｜0｜0｜0｜\d+$/);
    expect(lines.filter((l) => /｜/.test(l))).toHaveLength(27); // header, columns, 25 units
    expect(lines.at(-1)).toMatch(/^……另有\d+个单位$/);
    expect(byteLength(r.text)).toBeLessThanOrEqual(2048);
  });
});
