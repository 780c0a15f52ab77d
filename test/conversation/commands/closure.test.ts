// 办结 → 待销号 → 销号, and 退回 with a reason (issue 13): who may say which, what is stored,
// who is told, and how a 销号 task then shows in 我的任务, 未报, 进度 and 任务 N.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTwoUnitLiaison, createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
/** A task 市商务局 (zhangsan) leads, and one it only cooperates on. */
let led: number;
let cooperating: number;

beforeAll(async () => {
  h = await createHarness("2020-05-06T10:00:00+08:00");
  const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
  const assignments = await h.database.db.assignment.findMany({ where: { unitId: unit.id }, include: { task: true }, orderBy: { task: { no: "asc" } } });
  led = assignments.find((a) => a.role === "lead")!.task.no;
  cooperating = assignments.find((a) => a.role !== "lead")!.task.no;
});
afterAll(async () => h.database.drop());

const task = (no: number) => h.database.db.task.findFirstOrThrow({ where: { no } });
const outbox = () => h.database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
const groupId = async (chatId: string) => (await h.database.db.chatGroup.findFirstOrThrow({ where: { chatId } })).id;

describe("办结", () => {
  it("asks for the 依据 and stores nothing without one", async () => {
    const r = await h.send("zhangsan", `办结 ${led}`);
    expect(r.text).toContain("请写明办结依据");
    expect(r.text).toContain("未记录");
    expect((await task(led)).closure).toBeNull();
  });

  it("does not read a count after 办结 as a task number: 办结13件信访件 is not a 办结 of task 13", async () => {
    for (const text of [`办结${led}件信访件，化解矛盾纠纷5起`, `办结${led}个项目手续`, `办结${led}起案件`]) {
      const r = await h.send("zhangsan", text);
      expect(r.text).not.toContain("已申请办结");
      expect((await task(led)).closure).toBeNull();
    }
  });

  it("asks for one task at a time: 办结 13、14 … does not close 13 with 「14 …」 as its 依据", async () => {
    for (const text of [`办结 ${led}、${led + 1} 均已完成，见许商〔2020〕5号`, `办结第${led}、${led + 1}项：已完成`, `办结 ${led} ${led + 1} 已完成`]) {
      const r = await h.send("zhangsan", text);
      expect(r.text).toContain("一次只能办结一项");
      expect((await task(led)).closure).toBeNull();
    }
  });

  it("refuses a unit that does not lead the task and says who leads", async () => {
    const r = await h.send("zhangsan", `办结 ${cooperating} 已完成`);
    expect(r.text).toMatch(new RegExp(`^只有第${cooperating}项的牵头单位（.+）可以申请办结。$`));
    expect((await task(cooperating)).closure).toBeNull();
  });

  it("turns the task 待销号, tells the supervision group, and leaves a trail", async () => {
    const r = await h.send("zhangsan", `办结第${led}项：已出台实施意见并印发`);
    expect(r.text).toContain(`已申请办结 ✅ 第${led}项`);
    expect(r.text).toContain("待销号");
    expect(r.text).toContain("已通知督查局");
    expect(r.text).toContain("依据：已出台实施意见并印发");
    expect(await task(led)).toMatchObject({ closure: "pending", closureNote: "已出台实施意见并印发", closureBy: "zhangsan" });
    const sent = await outbox();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.destination).toBe(`group:${await groupId("wr-duban")}`);
    expect(JSON.parse(sent[0]!.payload).text).toContain(`确认请回复「销号 ${led}」`);
    expect(await h.database.db.auditEvent.count({ where: { action: "task.closure_requested", taskNo: led } })).toBe(1);
  });

  it("says so when the task is already 待销号, and shows it in 我的任务 and 任务 N", async () => {
    expect((await h.send("zhangsan", `办结 ${led} 再次申请`)).text).toContain("正等待督查局销号");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(new RegExp(`^🔴${led}\\. .*（待销号）$`, "mu"));
    expect((await h.send("zhangsan", `任务 ${led}`)).text).toContain("状态：待销号");
  });
});

describe("销号 and 退回", () => {
  it("are for supervisors only", async () => {
    expect((await h.send("zhangsan", `销号 ${led}`)).text).toBe("只有督查局人员可以销号。");
    expect((await h.send("zhangsan", `退回 ${led} 材料不全`)).text).toBe("只有督查局人员可以退回办结申请。");
    expect((await task(led)).closure).toBe("pending");
  });

  it("退回 without a reason asks for one; with one, the task is back in 未报 and the unit sees the reason", async () => {
    expect((await h.send("lisi", `退回 ${led}`)).text).toContain("请写明退回原因");
    // A list is asked back, not 退回 of the first with 「14 …」 as the reason (nor 销号 of it).
    expect((await h.send("lisi", `退回 ${led}，${led + 1} 材料不全`)).text).toContain("一次只能退回一项");
    expect((await h.send("lisi", `销号 ${led}、${led + 1}`)).text).toContain("一次只能销号一项");
    expect((await task(led)).closure).toBe("pending");
    const before = (await outbox()).length;
    const r = await h.send("lisi", `退回 ${led} 缺少验收材料`);
    expect(r.text).toContain("原因：缺少验收材料");
    expect(r.text).toContain("已通知市商务局");
    expect(await task(led)).toMatchObject({ closure: null, returnedReason: "缺少验收材料" });
    const sent = (await outbox()).slice(before);
    expect(sent.map((m) => m.destination)).toEqual([`group:${await groupId("wr-shangwu")}`]);
    expect(JSON.parse(sent[0]!.payload).text).toContain("原因：缺少验收材料");
    expect((await h.send("zhangsan", `任务 ${led}`)).text).toContain("办结申请已退回");
    expect((await h.send("zhangsan", "未报")).text).toMatch(new RegExp(`^${led}\\. `, "m"));
    // Back in progress, its light returns: red, as its Q1 report is still missing.
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(new RegExp(`^🔴${led}\\. `, "mu"));
    expect(await h.database.db.auditEvent.count({ where: { action: "task.returned", taskNo: led } })).toBe(1);
  });

  it("销号 needs a 办结 first, then closes the task: completed, 已办结 in later quarters, not in 未报", async () => {
    expect((await h.send("lisi", `销号 ${led}`)).text).toContain("尚无办结申请，未销号");
    // Past the first quarter's late window: every view shows the second quarter, in which the
    // 销号 below counts (it never changes the first quarter, test/reporting/period-scope.test.ts).
    h.now.value = new Date("2020-06-24T10:00:00+08:00");
    await h.send("zhangsan", `办结 ${led} 整改完毕，验收材料已补齐（附件３份）`);
    expect((await task(led)).closureNote).toBe("整改完毕，验收材料已补齐（附件３份）"); // as typed
    const progressBefore = (await h.send("zhangsan", "进度")).text;
    const r = await h.send("lisi", `销号 ${led}`);
    expect(r.text).toContain(`已销号 ✅ 第${led}项`);
    expect(r.text).toContain("已通知市商务局");
    expect(await task(led)).toMatchObject({ closure: "closed", closedBy: "lisi" });
    expect(await h.database.db.auditEvent.count({ where: { action: "task.closed", taskNo: led } })).toBe(1);

    const total = (t: string) => Number(/合计：(\d+)\//.exec(t)![1]);
    expect(total((await h.send("zhangsan", "进度")).text)).toBe(total(progressBefore) + 1);
    expect((await h.send("zhangsan", "未报")).text).not.toMatch(new RegExp(`^${led}\\. `, "m"));
    const mine = (await h.send("zhangsan", "我的任务")).text;
    expect(mine).toMatch(new RegExp(`^${led}\\. .*已办结$`, "m"));
    expect(mine).toContain("已办结1");
    expect((await h.send("zhangsan", `任务 ${led}`)).text).toContain("状态：已办结");
    expect((await h.send("lisi", `销号 ${led}`)).text).toContain("已于");
    expect((await h.send("zhangsan", `办结 ${led} 又一次`)).text).toContain("无需再申请");

    // The next quarter: still 已办结, never 未报 or 逾期.
    h.now.value = new Date("2020-08-10T10:00:00+08:00");
    expect((await h.send("zhangsan", "我的任务")).text).toMatch(new RegExp(`^${led}\\. .*已办结$`, "m"));
    expect((await h.send("zhangsan", "未报")).text).not.toMatch(new RegExp(`^${led}\\. `, "m"));
  });
});

describe("办结 by a liaison of two units", () => {
  it("in a group bound to one unit, a liaison of two units closes only that unit's tasks", async () => {
    await addTwoUnitLiaison(h);
    const [shangwu, fagai] = await Promise.all(["市商务局", "市发展改革委"].map((name) => h.database.db.unit.findFirstOrThrow({ where: { name } })));
    const fagaiLed = await h.database.db.task.findFirstOrThrow({
      where: { assignments: { some: { role: "lead", unitId: fagai!.id }, none: { unitId: shangwu!.id } } },
      orderBy: { no: "asc" },
    });
    const inGroup = await h.send("zhaoqi", `办结 ${fagaiLed.no} 已完成`, { chatId: "wr-shangwu" });
    expect(inGroup.text).toMatch(new RegExp(`^只有第${fagaiLed.no}项的牵头单位（.*市发展改革委.*）可以申请办结。$`));
    expect((await task(fagaiLed.no)).closure).toBeNull();
    // 1:1 the liaison speaks for both units.
    expect((await h.send("zhaoqi", `办结 ${fagaiLed.no} 已完成`)).text).toContain("已申请办结");
    expect((await task(fagaiLed.no)).closure).toBe("pending");
  });
});

describe("销号 or 退回 under an older 【办结申请】", () => {
  it("decides nothing once the unit has applied again with another 依据; under the new notice, or one cut short, it does", async () => {
    const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    // A task 市商务局 alone leads, untouched by the tests above.
    const leads = await h.database.db.assignment.findMany({ where: { unitId: unit.id, role: "lead", closure: null, task: { closure: null } }, include: { task: { include: { assignments: { where: { role: "lead" } } } } }, orderBy: { task: { no: "desc" } } });
    const no = leads.find((a) => a.task.assignments.length === 1)!.task.no;
    const duban = `group:${await groupId("wr-duban")}`;
    const lastNotice = async () => JSON.parse((await outbox()).filter((m) => m.destination === duban).at(-1)!.payload).text as string;

    await h.send("zhangsan", `办结 ${no} 已完成初步验收`);
    const first = await lastNotice();
    // At the same instant (a clock that stands still, as DUBAN_NOW makes it): the second
    // application still reaches the supervision group.
    await h.send("lisi", `退回 ${no} 缺少验收报告`);
    await h.send("zhangsan", `办结 ${no} 验收报告已补齐，见附件`);
    const second = await lastNotice();
    expect(second).toContain("依据：验收报告已补齐，见附件");

    for (const answer of ["同意", "材料不全，退回"]) {
      const r = await h.send("lisi", answer, { chatId: "wr-duban", quotedText: first });
      expect(r.text, answer).toContain("已重新申请办结，依据：验收报告已补齐，见附件");
      expect(r.text, answer).toContain("未记录");
      expect((await task(no)).closure, answer).toBe("pending");
    }
    // The platform cut the quote short: still the current notice.
    const cut = `${second.slice(0, second.indexOf("见附件"))}…`;
    expect((await h.send("lisi", "同意", { chatId: "wr-duban", quotedText: cut })).text).toContain(`已销号 ✅ 第${no}项`);
    expect((await task(no)).closure).toBe("closed");
  });
});
