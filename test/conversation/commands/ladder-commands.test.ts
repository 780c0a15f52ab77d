// The chat side of issue 23: 请假 (and 销假), 设置分管领导 / 设置主要负责人, 督办单 N [单位], and the
// 督办等级 line of 任务 N.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, resetState, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
let shangwu: number;
beforeAll(async () => {
  h = await createHarness("2020-03-24T09:30:00+08:00");
  shangwu = (await h.database.db.unit.findUniqueOrThrow({ where: { name: "市商务局" } })).id;
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  await resetState(h);
  h.now.value = new Date("2020-03-24T09:30:00+08:00");
  await h.database.db.member.updateMany({ data: { leaveUntil: null } });
  await h.database.db.reminderRun.deleteMany();
});

const leaveOf = async (userId: string) => (await h.database.db.member.findFirstOrThrow({ where: { userId } })).leaveUntil;

describe("请假", () => {
  it("a liaison puts themself on leave up to a day, and 销假 ends it", async () => {
    const r = await h.send("zhangsan", "请假 至4月10日");
    expect(r.text).toContain("已登记张三请假至4月10日（含）");
    expect(r.text).toContain("尚未设置B角");
    expect(await leaveOf("zhangsan")).toBe("2020-04-10");
    expect((await h.send("zhangsan", "销假")).text).toContain("已销假");
    expect(await leaveOf("zhangsan")).toBeNull();
  });

  it("names the deputy who stands in", async () => {
    await h.database.db.member.updateMany({ where: { userId: "zhangsan" }, data: { deputyUserId: "wangwu" } });
    expect((await h.send("zhangsan", "请假到2020年4月3日")).text).toContain("由B角王五代收");
    await h.database.db.member.updateMany({ where: { userId: "zhangsan" }, data: { deputyUserId: null } });
  });

  it("a date said in December for January is next year's; a past or impossible date is refused, nothing stored", async () => {
    h.now.value = new Date("2020-12-20T10:00:00+08:00");
    await h.send("zhangsan", "请假 至1月5日");
    expect(await leaveOf("zhangsan")).toBe("2021-01-05");
    await h.database.db.member.updateMany({ data: { leaveUntil: null } });
    expect((await h.send("zhangsan", "请假 至2020年12月1日")).text).toContain("已过");
    expect((await h.send("zhangsan", "请假 至2月30日")).text).toContain("请写明请假截止日期");
    expect(await leaveOf("zhangsan")).toBeNull();
  });

  it("a month already past is next year's only at the turn of the year: “至5月30日” said in June is refused, not a year's leave", async () => {
    h.now.value = new Date("2020-06-10T10:00:00+08:00");
    expect((await h.send("zhangsan", "请假至5月30日")).text).toContain("已过，请写今天或以后的日期；跨年请写年份，如「请假 至2021年5月30日」");
    expect(await leaveOf("zhangsan")).toBeNull();
    h.now.value = new Date("2020-11-20T10:00:00+08:00");
    expect((await h.send("zhangsan", "请假至1月8日")).text).toContain("请假至2021年1月8日");
    expect(await leaveOf("zhangsan")).toBe("2021-01-08");
  });

  it("“销假。”, “销假了” and “请假截至…” are the sender's own", async () => {
    await h.send("zhangsan", "请假截至4月10日");
    expect(await leaveOf("zhangsan")).toBe("2020-04-10");
    expect((await h.send("zhangsan", "销假。")).text).toContain("已销假");
    expect(await leaveOf("zhangsan")).toBeNull();
    await h.send("zhangsan", "请假 至4月10日");
    expect((await h.send("zhangsan", "销假了")).text).toContain("已销假");
    expect(await leaveOf("zhangsan")).toBeNull();
  });

  it("only a supervisor puts someone else on leave", async () => {
    expect((await h.send("zhangsan", "请假 王五 至4月10日")).text).toContain("只有督查局");
    expect(await leaveOf("wangwu")).toBeNull();
    expect((await h.send("lisi", "请假 @王五 至4月10日")).text).toContain("已登记王五请假至4月10日");
    expect(await leaveOf("wangwu")).toBe("2020-04-10");
    expect((await h.send("lisi", "请假 赵某 至4月10日")).text).toContain("未找到「赵某」");
  });
});

describe("设置分管领导 / 设置主要负责人", () => {
  it("makes a registered person the unit's leader, and links the 落实方案 whose 责任领导 names them", async () => {
    const db = h.database.db;
    await db.member.create({ data: { platform: "wecom", userId: "wangju", name: "王局", unitId: shangwu, role: "leader", post: "head" } });
    const task = await db.task.findFirstOrThrow({ where: { no: 12 } });
    await db.taskPlan.create({ data: { taskId: task.id, unitId: shangwu, leader: "王局（副局长）", text: "方案 12", platform: "wecom", userId: "zhangsan" } });
    const r = await h.send("lisi", "设置分管领导 市商务局 @王局");
    expect(r.text).toBe("已设置市商务局的分管领导：王局。单位逾期时将单独提醒。（已与第12项落实方案的责任领导对应）");
    expect(await db.member.findFirstOrThrow({ where: { userId: "wangju", unitId: shangwu } })).toMatchObject({ role: "leader", post: "in_charge" });
    expect((await h.send("lisi", "设置主要负责人 商务局 wangju")).text).toContain("市商务局的主要负责人：王局");
    await db.member.deleteMany({ where: { userId: "wangju" } });
  });

  it("asks for a registration instead of guessing an unknown name; only supervisors may set leaders", async () => {
    const r = await h.send("lisi", "设置分管领导 市商务局 @赵某");
    expect(r.text).toContain("duban member add --platform wecom --user 账号 --unit 市商务局 --role leader");
    expect(await h.database.db.member.count({ where: { role: "leader" } })).toBe(0);
    expect((await h.send("zhangsan", "设置分管领导 市商务局 @王五")).text).toContain("督查");
  });

  it("never makes a liaison or a supervisor a leader from chat: another unit's liaison would act for this unit", async () => {
    const db = h.database.db;
    for (const [who, role] of [["王五", "魏都区政府的联络员"], ["张三", "市商务局的联络员"], ["李四", "市委市政府督查局的督查人员"]] as const) {
      const r = await h.send("lisi", `设置分管领导 市商务局 ${who}`);
      expect(r.text).toContain(`「${who}」已登记为${role}，未设置`);
    }
    expect(await db.member.count({ where: { role: "leader" } })).toBe(0);
    expect(await db.member.count({ where: { userId: "wangwu", unitId: shangwu } })).toBe(0);
    expect(await db.member.findFirstOrThrow({ where: { userId: "zhangsan" } })).toMatchObject({ role: "member" });
    expect((await h.send("wangwu", "我的任务")).text).not.toContain("市商务局");
  });
});

describe("督办单", () => {
  it("sends a 三色督办单 for one task and unit to its group and the people of its rung, through the outbox", async () => {
    const r = await h.send("lisi", "督办单 12 市商务局");
    // 24 March, 09:30: the 蓝 rung (7 days before 31 March) has begun.
    expect(r.text).toBe("已发送蓝色督办单：第12项 → 市商务局（1个群、1人）。");
    const rows = await h.database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((x) => x.destination)).toEqual([expect.stringMatching(/^group:\d+$/), "wecom-user:zhangsan"]);
    expect(rows.every((x) => x.key.startsWith("ladder:blue:sheet:"))).toBe(true);
    expect(JSON.parse(rows[0]!.payload).text).toContain("【蓝色督办单】市商务局：第12项「完善促进消费的体制机制」2020年第一季度未报送（截止3月31日）。");
  });

  it("is 红 once the quarter is past, asks which unit when several owe, and sends nothing for a unit that reported", async () => {
    expect((await h.send("lisi", "督办单 12")).text).toMatch(/^第12项有\d+个单位未报：/);
    await h.send("zhangsan", "12：本季度举办促消费活动3场");
    expect((await h.send("lisi", "督办单 12 市商务局")).text).toContain("已报送或已办结");
    h.now.value = new Date("2020-04-08T10:00:00+08:00");
    await h.database.db.report.deleteMany();
    expect((await h.send("lisi", "督办单 12 市商务局")).text).toContain("已发送红色督办单");
    expect((await h.send("zhangsan", "督办单 12 市商务局")).text).toContain("督查");
  });
});

describe("督办单 at night", () => {
  it("waits in the outbox for the next working morning (08:30), never sent at night", async () => {
    h.now.value = new Date("2020-03-24T21:00:00+08:00");
    const before = Date.now();
    expect((await h.send("lisi", "督办单 12 市商务局")).text).toContain("已发送蓝色督办单");
    const rows = await h.database.db.outboxMessage.findMany();
    // 11.5 hours on (25 March 08:30), on the wall clock the outbox runs on.
    for (const r of rows) expect(Math.abs(r.nextAttemptAt.getTime() - before - 11.5 * 3600_000)).toBeLessThan(60_000);
  });
});

describe("任务 N", () => {
  it("shows the rung each unit still owing the report is on", async () => {
    await h.database.db.reminderRun.createMany({ data: [{ key: `ladder:2020Q1:blue:unit:${shangwu}`, enqueued: 1 }, { key: `ladder:2020Q1:yellow:unit:${shangwu}`, enqueued: 1 }] });
    expect((await h.send("zhangsan", "任务 12")).text).toContain("督办等级：市商务局🟡黄色督办");
    await h.send("zhangsan", "12：本季度举办促消费活动3场");
    expect((await h.send("zhangsan", "任务 12")).text).not.toContain("督办等级");
  });
});
