// 延期 (issue 22): a lead unit asks to move a 完成时限 or a milestone's date before it passes,
// the supervision group is told, a supervisor approves or refuses; an approval moves the date
// every reader uses — the 红黄绿灯, the milestone notices, 对表 and the 通报 — and 任务 N shows
// the history. 异议: a unit contests a 退回 or the latest 通报 and the answer is recorded.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importPlanFile } from "../../../src/plan/import-file";
import { recordAudit } from "../../../src/audit/record-audit";
import { periodReport } from "../../../src/reporting/period-report";
import { renderMarkdown } from "../../../src/reporting/render/render-markdown";
import { reportTemplates } from "../../../src/reporting/render/report-templates";
import { runDatedTick } from "../../../src/reminders/run-dated-tick";
import { DEFAULT_SCHEDULE } from "../../../src/reminders/schedule-config";
import { createWorkCalendar } from "../../../src/reminders/work-calendar";
import { loadTemplates } from "../../../src/templates";
import { addTwoUnitLiaison, createHarness, resetState, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
/** Two tasks 市商务局 (zhangsan) leads, one it only cooperates on. */
let led: { id: number; no: number };
let led2: { id: number; no: number };
let cooperating: number;
let shangwuId: number;

const at = (s: string) => (h.now.value = new Date(`${s}+08:00`));
const db = () => h.database.db;
const task = (id: number) => db().task.findUniqueOrThrow({ where: { id } });
const extensions = () => db().extension.findMany({ orderBy: { id: "asc" } });
const outboxTo = async (chatId: string) => {
  const g = await db().chatGroup.findFirstOrThrow({ where: { chatId } });
  return (await db().outboxMessage.findMany({ where: { destination: `group:${g.id}` }, orderBy: { id: "asc" } })).map((m) => (JSON.parse(m.payload) as { text: string }).text);
};

beforeAll(async () => {
  h = await createHarness("2020-06-20T10:00:00+08:00");
  const unit = await db().unit.findFirstOrThrow({ where: { name: "市商务局" } });
  shangwuId = unit.id;
  const assignments = await db().assignment.findMany({ where: { unitId: unit.id }, include: { task: true }, orderBy: { task: { no: "asc" } } });
  const leads = assignments.filter((a) => a.role === "lead").map((a) => ({ id: a.taskId, no: a.task.no }));
  [led, led2] = [leads[0]!, leads[1]!];
  cooperating = assignments.find((a) => a.role !== "lead")!.task.no;
});
afterAll(async () => h.database.drop());
beforeEach(async () => {
  await resetState(h);
  await db().extension.deleteMany();
  await db().objection.deleteMany();
  await db().reminderRun.deleteMany();
  // The trail of the test before (a 通报 published, 异议 raised) is not this test's.
  await db().auditEvent.deleteMany();
  await db().task.updateMany({ data: { deadline: null } });
  await db().task.update({ where: { id: led.id }, data: { deadline: "2020-06-30" } });
  at("2020-06-20T10:00:00");
});

describe("申请延期", () => {
  it("asks back for a missing reason or date, and stores nothing", async () => {
    let r = await h.send("zhangsan", `申请延期 ${led.no} 至7月15日`);
    expect(r.text).toContain("请写明延期原因");
    expect(r.text).toContain("未记录");
    r = await h.send("zhangsan", `申请延期 ${led.no} 原因：受疫情影响，招商活动推迟`);
    expect(r.text).toContain("请写明延期到哪一天");
    expect(await extensions()).toEqual([]);
    expect(await db().report.count()).toBe(0);
  });

  it("refuses a date not later than the one in force, or beyond the plan's year, and says why", async () => {
    let r = await h.send("zhangsan", `申请延期 ${led.no} 至6月25日 原因：疫情`);
    expect(r.text).toContain("完成时限为6月30日，延期后的日期须晚于它（您写的是6月25日）");
    r = await h.send("zhangsan", `申请延期 ${led.no} 至2021年1月15日 原因：疫情`);
    expect(r.text).toContain("延期不能超过2020年12月31日");
    expect(await extensions()).toEqual([]);
  });

  it("is for a liaison of the task's lead unit only", async () => {
    await db().task.update({ where: { planId_no: { planId: (await task(led.id)).planId, no: cooperating } }, data: { deadline: "2020-06-30" } });
    const r = await h.send("zhangsan", `申请延期 ${cooperating} 至7月15日 原因：疫情`);
    expect(r.text).toMatch(new RegExp(`^只有第${cooperating}项的牵头单位（.+）可以申请延期。未记录。$`));
    const other = await h.send("wangwu", `申请延期 ${led.no} 至7月15日 原因：疫情`);
    expect(other.text).toContain("可以申请延期");
    expect(await extensions()).toEqual([]);
  });

  it("a liaison of two units that both lead the task is asked which unit asks, in 1:1; in a unit's group it is that unit", async () => {
    await addTwoUnitLiaison(h);
    const both = await db().task.findFirstOrThrow({ where: { AND: [{ assignments: { some: { role: "lead", unit: { name: "市商务局" } } } }, { assignments: { some: { role: "lead", unit: { name: "市发展改革委" } } } }] } });
    await db().task.update({ where: { id: both.id }, data: { deadline: "2020-06-30" } });
    const r = await h.send("zhaoqi", `申请延期 ${both.no} 至9月30日 原因：疫情`);
    expect(r.text).toContain("共同牵头，请在申请单位的工作群里发送延期申请。未记录。");
    expect(await extensions()).toEqual([]);
    expect((await h.send("zhaoqi", `申请延期 ${both.no} 至9月30日 原因：疫情`, { chatId: "wr-shangwu" })).text).toContain("已提交延期申请");
    expect(await extensions()).toMatchObject([{ unitId: shangwuId }]);
    await db().member.deleteMany({ where: { userId: "zhaoqi" } });
  });

  it("after the date concerned: too late, the bureau decides, nothing stored", async () => {
    at("2020-07-01T09:00:00");
    const r = await h.send("zhangsan", `申请延期 ${led.no} 至7月15日 原因：疫情`);
    expect(r.text).toBe(`第${led.no}项完成时限（6月30日）已过期限，请联系督查局。未记录。`);
    expect(await extensions()).toEqual([]);
  });

  it("stores the request, tells the supervision group, leaves a trail; a second one says one is pending", async () => {
    const r = await h.send("zhangsan", `${led.no}项申请延期至7月15日，原因是受疫情影响，招商活动推迟`, { chatId: "wr-shangwu" });
    expect(r.text).toContain(`已提交延期申请 ✅ 第${led.no}项`);
    expect(r.text).toContain("完成时限：6月30日 → 7月15日（已通知督查局）");
    expect(r.text).toContain("原因：受疫情影响，招商活动推迟");
    expect(await extensions()).toMatchObject([{ taskId: led.id, milestoneId: null, unitId: shangwuId, userId: "zhangsan", fromDate: "2020-06-30", requestedDate: "2020-07-15", reason: "受疫情影响，招商活动推迟", state: "pending" }]);
    expect((await task(led.id)).deadline).toBe("2020-06-30");
    const notice = await outboxTo("wr-duban");
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain("【延期申请】");
    expect(notice[0]).toContain(`同意请回复「同意延期 ${led.no}」`);
    expect(await db().report.count()).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "extension.requested", taskId: led.id } })).toBe(1);
    const again = await h.send("zhangsan", `申请延期 ${led.no} 至7月20日 原因：疫情`);
    expect(again.text).toContain("正等待督查局批复");
    expect(await extensions()).toHaveLength(1);
  });
});

describe("延期 in a report's words", () => {
  it("is never stored as progress: the reply gives the command, the other task's report is stored", async () => {
    let r = await h.send("zhangsan", `${led.no}：已完成主体工程，现申请延期至9月底完成验收`);
    expect(r.text).toContain("像是申请延期");
    expect(r.text).toContain(`申请延期 ${led.no} 至X月X日 原因`);
    r = await h.send("zhangsan", `${led2.no}：举办促消费活动3场\n${led.no}：申请延期至6月底，原因是疫情影响`);
    expect(r.text).toContain("像是申请延期");
    expect((await db().report.findMany({ include: { task: true } })).map((x) => x.task.no)).toEqual([led2.no]);
    expect(await extensions()).toEqual([]);
  });

  it("a report telling of a request (to the city, or already made) is no request: nothing goes to the bureau", async () => {
    const statements = [
      `${led.no} 申请延期至9月30日的请示已报市政府，正在等待批复`,
      `${led.no}项申请延期至9月底的事项已报市领导审定，目前项目已完成投资3亿元`,
      `申请将${led.no}项完成时限延至9月底的报告已上报`,
      `${led.no}项延期申请已获市政府同意，目前正在加快推进，已完成投资3亿元`,
    ];
    for (const text of statements) {
      const r = await h.send("zhangsan", text);
      expect(r.text, text).not.toContain("已提交延期申请");
      expect(r.text, text).not.toContain("请写明延期到哪一天");
    }
    expect(await extensions()).toEqual([]);
    expect(await outboxTo("wr-duban")).toEqual([]);
  });
});

describe("批复", () => {
  it("only supervisors decide; a decision without a pending request says so", async () => {
    let r = await h.send("zhangsan", `同意延期 ${led.no}`);
    expect(r.text).toContain("督查");
    r = await h.send("lisi", `同意延期 ${led.no}`);
    expect(r.text).toBe(`第${led.no}项没有待批复的延期申请。`);
    r = await h.send("lisi", `不同意延期 ${led.no} 须按期完成`);
    expect(r.text).toBe(`第${led.no}项没有待批复的延期申请。`);
  });

  it("an approval turns the red light back, changes 对表 from 未完成, and the 通报 and 任务 N say so", async () => {
    // The lead unit reported Q1 and Q2: only the 完成时限 can make the task late.
    for (const period of ["2020Q1", "2020Q2"]) await db().report.create({ data: { taskId: led.id, unitId: shangwuId, period, text: "按计划推进", platform: "wecom", userId: "zhangsan", messageId: `r-${period}` } });
    const since = (await db().auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    await h.send("zhangsan", `申请延期 ${led.no} 至7月15日 原因：受疫情影响`);
    at("2020-07-02T10:00:00");
    const lineOf = (text: string) => text.split("\n").find((l) => new RegExp(`^\\S*${led.no}\\. `).test(l)) ?? "";
    expect(lineOf((await h.send("zhangsan", "我的任务")).text)).toMatch(/^🔴/);
    expect(lineOf((await h.send("lisi", "对表")).text)).toMatch(/｜未完成$/);

    const r = await h.send("lisi", `同意延期 ${led.no} 至7月20日`);
    expect(r.text).toContain(`已同意 ✅ 第${led.no}项`);
    expect(r.text).toContain("完成时限延期至7月20日（原6月30日）");
    expect((await task(led.id)).deadline).toBe("2020-07-20");
    expect(await extensions()).toMatchObject([{ state: "approved", approvedDate: "2020-07-20", decidedBy: "lisi", fromDate: "2020-06-30" }]);
    expect((await outboxTo("wr-shangwu")).at(-1)).toContain("【延期批复】");

    expect(lineOf((await h.send("zhangsan", "我的任务")).text)).toMatch(/^🟢/);
    expect(lineOf((await h.send("lisi", "对表")).text)).toMatch(/｜序时推进（经批准延期至7月20日）$/);
    const tongbao = renderMarkdown(reportTemplates(), await periodReport(db(), { period: "2020Q2", now: h.now.value }), { full: false });
    expect(tongbao).toContain(`第${led.no}项完成时限经批准延期至7月20日`);
    const detail = (await h.send("zhangsan", `任务 ${led.no}`)).text;
    expect(detail).toContain("完成时限：2020-07-20");
    expect(detail).toContain("延期记录：");
    expect(detail).toMatch(/完成时限 6月30日→7月15日：市商务局张三于6月20日 10:00申请，原因：受疫情影响/);
    expect(detail).toMatch(/李四于7月2日 10:00同意，延期至7月20日/);
    expect(await db().auditEvent.findMany({ where: { id: { gt: since }, taskId: led.id, action: { startsWith: "extension." } }, orderBy: { id: "asc" }, select: { action: true } })).toEqual([{ action: "extension.requested" }, { action: "extension.approved" }]);
  });

  it("a refusal needs a reason, keeps the date, and tells the unit", async () => {
    await h.send("zhangsan", `申请延期 ${led.no} 至7月15日 原因：受疫情影响`);
    let r = await h.send("lisi", `不同意延期 ${led.no}`);
    expect(r.text).toContain("请写明不同意的原因");
    expect((await extensions())[0]!.state).toBe("pending");
    r = await h.send("lisi", `${led.no}项延期不同意，须按期完成`);
    expect(r.text).toContain("原因：须按期完成；仍按6月30日督办");
    expect((await task(led.id)).deadline).toBe("2020-06-30");
    expect(await extensions()).toMatchObject([{ state: "refused", decisionReason: "须按期完成", decidedBy: "lisi" }]);
    expect((await outboxTo("wr-shangwu")).at(-1)).toContain("未获同意");
    expect((await h.send("zhangsan", `任务 ${led.no}`)).text).toContain("李四于6月20日 10:00不同意：须按期完成");
  });
});

describe("a plan imported again", () => {
  it("keeps an extended 完成时限 while the document still gives the old date; a new date in the document wins", async () => {
    const seed = readFileSync("seeds/xuchang-2020-key-tasks.txt", "utf8");
    const line = "责任单位:市商务局、市财政局、市发展改革委等,各县(市、区)政府(管委会)";
    expect(seed).toContain(line);
    const dir = mkdtempSync(join(tmpdir(), "duban-extension-"));
    const withDeadline = (date: string) => {
      const file = join(dir, `plan-${date}.txt`);
      writeFileSync(file, seed.replace(line, `${line}\n完成时限:${date}`));
      return file;
    };
    const twelve = await db().task.findFirstOrThrow({ where: { no: 12 } });
    await importPlanFile(db(), withDeadline("6月30日"), { unitsFile: "seeds/units.yaml" });
    expect((await task(twelve.id)).deadline).toBe("2020-06-30");
    await h.send("zhangsan", "申请延期 12 至7月15日 原因：疫情");
    expect((await h.send("lisi", "同意延期 12")).text).toContain("已同意");
    await importPlanFile(db(), withDeadline("6月30日"), { unitsFile: "seeds/units.yaml" });
    expect((await task(twelve.id)).deadline).toBe("2020-07-15");
    await importPlanFile(db(), withDeadline("8月31日"), { unitsFile: "seeds/units.yaml" });
    expect((await task(twelve.id)).deadline).toBe("2020-08-31");
  });
});

describe("a reply under the notice", () => {
  it("同意 under 【延期申请】 approves that request; a reply under 【异议】 answers it", async () => {
    await h.send("zhangsan", `申请延期 ${led.no} 至7月15日 原因：疫情`);
    const notice = (await outboxTo("wr-duban")).at(-1)!;
    expect((await h.send("lisi", "好的", { chatId: "wr-duban", quotedText: notice })).text).not.toContain("已同意");
    expect((await extensions())[0]!.state).toBe("pending");
    const r = await h.send("lisi", "同意", { chatId: "wr-duban", quotedText: notice });
    expect(r.text).toContain(`已同意 ✅ 第${led.no}项`);
    expect((await task(led.id)).deadline).toBe("2020-07-15");

    await recordAudit(db(), { action: "tongbao.published", actor: { platform: "wecom", id: "lisi" }, at: new Date("2020-04-10T02:00:00Z"), period: "2020Q1" });
    await h.send("zhangsan", "异议 一季度第12项已于3月25日报送", { chatId: "wr-shangwu" });
    const objection = (await outboxTo("wr-duban")).at(-1)!;
    await h.send("lisi", "经核实属实，下期更正", { chatId: "wr-duban", quotedText: objection });
    expect(await db().objection.findMany()).toMatchObject([{ answer: "经核实属实，下期更正", answeredBy: "lisi" }]);
  });
});

describe("同意 under an older 【延期申请】", () => {
  it("grants the date that notice asked for, not a later request's date the supervisor never read", async () => {
    await h.send("zhangsan", `申请延期 ${led.no} 至9月30日 原因：疫情`);
    const first = (await outboxTo("wr-duban"))[0]!;
    await h.send("lisi", `不同意延期 ${led.no} 须按期完成`, { chatId: "wr-duban" });
    await h.send("zhangsan", `申请延期 ${led.no} 至12月31日 原因：疫情反复`);
    expect((await h.send("lisi", "同意", { chatId: "wr-duban", quotedText: first })).text).toContain("延期至9月30日");
    expect((await task(led.id)).deadline).toBe("2020-09-30");
  });
});

describe("a 批复 that names another date or a term", () => {
  it("is asked back, never granted as the date asked for; 原则同意 under the notice with its date is granted", async () => {
    await h.send("zhangsan", `申请延期 ${led.no} 至9月30日 原因：疫情`);
    const notice = (await outboxTo("wr-duban"))[0]!;
    const sends: [string, boolean][] = [
      ["同意，但须在8月底前完成", true],
      [`同意延期 ${led.no}，但最迟8月31日前完成`, false],
      [`同意延期 ${led.no}，延期一个月`, false],
      [`同意延期 ${led.no} 3 个月`, false],
    ];
    for (const [text, quoted] of sends) {
      const r = await h.send("lisi", text, { chatId: "wr-duban", ...(quoted ? { quotedText: notice } : {}) });
      expect(r.text, text).toContain(`没读出第${led.no}项延期到哪一天，未记录`);
      expect((await task(led.id)).deadline).toBe("2020-06-30");
      expect((await extensions())[0]).toMatchObject({ state: "pending" });
    }
    expect((await h.send("lisi", "原则同意，延期至8月15日", { chatId: "wr-duban", quotedText: notice })).text).toContain("已同意");
    expect((await task(led.id)).deadline).toBe("2020-08-15");
  });
});

describe("延期 of a milestone", () => {
  it("an approved extension stops the milestone's overdue notice and its red light", async () => {
    const plan = await db().taskPlan.create({ data: { taskId: led2.id, unitId: shangwuId, text: "方案", platform: "wecom", userId: "zhangsan" } });
    await db().milestone.createMany({
      data: [
        { taskPlanId: plan.id, taskId: led2.id, position: 1, text: "3月底前完成摸底", dueDate: "2020-03-31", doneAt: new Date("2020-03-20T00:00:00Z") },
        { taskPlanId: plan.id, taskId: led2.id, position: 2, text: "6月30日前出台实施意见", dueDate: "2020-06-30" },
      ],
    });
    for (const period of ["2020Q1", "2020Q2"]) await db().report.create({ data: { taskId: led2.id, unitId: shangwuId, period, text: "按计划推进", platform: "wecom", userId: "zhangsan", messageId: `m-${period}` } });
    at("2020-06-28T10:00:00");
    let r = await h.send("zhangsan", `申请延期 ${led2.no} 节点2 至7月31日 原因：征求意见未完成`);
    expect(r.text).toContain("节点2：6月30日 → 7月31日");
    r = await h.send("zhangsan", `申请延期 ${led2.no} 节点1 至7月31日 原因：…`);
    expect(r.text).toContain("节点1已完成");

    const deps = { db: db(), templates: loadTemplates(), schedule: DEFAULT_SCHEDULE, calendar: createWorkCalendar() };
    const tick = async () => (await runDatedTick(deps, new Date("2020-07-01T09:30:00+08:00"), { dryRun: true })).drafts.map((d) => d.message.text).join("\n");
    const overdueLine = new RegExp(`${led2.no}\\. .*节点2.*逾期`);
    expect(await tick()).toMatch(overdueLine);
    at("2020-07-01T09:00:00");
    const lineOf = (text: string) => text.split("\n").find((l) => new RegExp(`^\\S*${led2.no}\\. `).test(l)) ?? "";
    expect(lineOf((await h.send("zhangsan", "我的任务")).text)).toMatch(/^🔴/);

    r = await h.send("lisi", `同意${led2.no}项节点2延期`);
    expect(r.text).toContain("节点2延期至7月31日（原6月30日）");
    expect((await db().milestone.findFirstOrThrow({ where: { taskId: led2.id, position: 2 } })).dueDate).toBe("2020-07-31");
    expect(await tick()).not.toMatch(overdueLine);
    expect(lineOf((await h.send("zhangsan", "我的任务")).text)).toMatch(/^🟢/);
    expect((await h.send("lisi", "对表")).text).toMatch(new RegExp(`^${led2.no}\\. .*（节点2经批准延期至7月31日）$`, "m"));
  });

  it("asks which request a decision is about when the task has several pending", async () => {
    const plan = await db().taskPlan.create({ data: { taskId: led.id, unitId: shangwuId, text: "方案", platform: "wecom", userId: "zhangsan" } });
    await db().milestone.create({ data: { taskPlanId: plan.id, taskId: led.id, position: 1, text: "6月25日前完成", dueDate: "2020-06-25" } });
    await h.send("zhangsan", `申请延期 ${led.no} 至7月15日 原因：疫情`);
    await h.send("zhangsan", `申请延期 ${led.no} 节点1 至7月10日 原因：疫情`);
    let r = await h.send("lisi", `同意延期 ${led.no}`);
    expect(r.text).toContain("有2个待批复的延期申请（完成时限、节点1）");
    expect(await extensions()).toMatchObject([{ state: "pending" }, { state: "pending" }]);
    r = await h.send("lisi", `同意延期 ${led.no} 完成时限`);
    expect(r.text).toContain("完成时限延期至7月15日");
    expect(await extensions()).toMatchObject([{ state: "approved" }, { state: "pending" }]);
  });
});

describe("异议", () => {
  it("contests a 退回: reaches the supervision group, the answer is recorded and sent to the unit", async () => {
    let r = await h.send("zhangsan", `异议 ${led.no} 验收材料已于6月18日补报`);
    expect(r.text).toContain(`第${led.no}项没有市商务局的退回记录`);
    expect(await db().objection.count()).toBe(0);
    await h.send("zhangsan", `办结 ${led.no} 已出台实施意见`);
    await h.send("lisi", `退回 ${led.no} 缺少验收材料`);
    r = await h.send("zhangsan", `异议 ${led.no}`);
    expect(r.text).toContain("请写明异议内容");
    r = await h.send("zhangsan", `异议 ${led.no} 验收材料已于6月18日补报`, { chatId: "wr-shangwu" });
    const [o] = await db().objection.findMany();
    expect(o).toMatchObject({ subject: "return", taskId: led.id, taskNo: led.no, unitId: shangwuId, text: "验收材料已于6月18日补报", answer: null });
    expect(r.text).toContain(`已提交异议 ✅（第${o!.id}号）关于第${led.no}项的退回`);
    expect((await outboxTo("wr-duban")).at(-1)).toContain(`【异议】第${o!.id}号 市商务局（张三）对第${led.no}项的退回提出异议`);
    expect(await db().report.count()).toBe(0);

    expect((await h.send("zhangsan", `答复异议 ${o!.id} 已核实`)).text).toContain("督查");
    r = await h.send("lisi", `答复异议 ${o!.id} 经核实材料已补齐，请重新申请办结`);
    expect(r.text).toContain(`已答复第${o!.id}号异议`);
    expect(await db().objection.findUniqueOrThrow({ where: { id: o!.id } })).toMatchObject({ answer: "经核实材料已补齐，请重新申请办结", answeredBy: "lisi" });
    expect((await outboxTo("wr-shangwu")).at(-1)).toContain("督查局答复：经核实材料已补齐，请重新申请办结");
    expect((await h.send("lisi", `答复异议 ${o!.id} 再说一次`)).text).toContain("已于");
    const detail = (await h.send("zhangsan", `任务 ${led.no}`)).text;
    expect(detail).toContain(`异议（第${o!.id}号，市商务局，6月20日 10:00）：验收材料已于6月18日补报`);
    expect(detail).toContain("答复（李四，6月20日 10:00）：经核实材料已补齐，请重新申请办结");
    expect(await db().auditEvent.findMany({ where: { action: { startsWith: "objection." } }, orderBy: { id: "asc" }, select: { action: true } })).toEqual([{ action: "objection.raised" }, { action: "objection.answered" }]);
  });

  it("contests the latest 通报; with none published, nothing is stored", async () => {
    let r = await h.send("zhangsan", "异议：我单位一季度第12项已于3月25日报送", { chatId: "wr-shangwu" });
    expect(r.text).toContain("还没有发布过通报");
    expect(await db().objection.count()).toBe(0);
    await recordAudit(db(), { action: "tongbao.published", actor: { platform: "wecom", id: "lisi" }, at: new Date("2020-04-10T02:00:00Z"), period: "2020Q1" });
    r = await h.send("zhangsan", "对通报中我单位未报有异议：3月25日已报送", { chatId: "wr-shangwu" });
    expect(r.text).toContain("关于2020年第一季度通报");
    expect(await db().objection.findMany()).toMatchObject([{ subject: "tongbao", period: "2020Q1", text: "对通报中我单位未报有异议：3月25日已报送" }]);
    expect((await outboxTo("wr-duban")).at(-1)).toContain("【异议】");
    expect(await db().report.count()).toBe(0);
  });

  it("the same 异议 sent twice is one, and reaches the supervision group once", async () => {
    await recordAudit(db(), { action: "tongbao.published", actor: { platform: "wecom", id: "lisi" }, at: new Date("2020-04-10T02:00:00Z"), period: "2020Q1" });
    await h.send("zhangsan", "对通报有异议：12项3月25日已报送", { chatId: "wr-shangwu" });
    expect((await h.send("zhangsan", "对通报有异议：12项3月25日已报送", { chatId: "wr-shangwu" })).text).toContain("已于");
    expect(await db().objection.count()).toBe(1);
    expect((await outboxTo("wr-duban")).filter((t) => t.includes("【异议】"))).toHaveLength(1);
  });

  it("“对通报没有异议”, “对通报有异议吗？”, “异议已消除”: no 异议 stored, nothing sent to the supervision group", async () => {
    await recordAudit(db(), { action: "tongbao.published", actor: { platform: "wecom", id: "lisi" }, at: new Date("2020-04-10T02:00:00Z"), period: "2020Q1" });
    for (const text of ["对通报没有异议", "我单位对本期通报内容没有异议，已阅", "对通报有异议吗？", "异议已消除，谢谢", "异议：无"]) {
      expect((await h.send("zhangsan", text, { chatId: "wr-shangwu" })).text, text).not.toContain("已提交异议");
    }
    expect(await db().objection.count()).toBe(0);
    expect(await outboxTo("wr-duban")).toEqual([]);
  });
});

describe("不同意 under an older 【延期申请】", () => {
  it("refuses nothing when a later request asks another date; under that request's own notice it is refused", async () => {
    await h.send("zhangsan", `申请延期 ${led.no} 至9月30日 原因：疫情`);
    const first = (await outboxTo("wr-duban"))[0]!;
    await h.send("lisi", `同意延期 ${led.no} 至7月31日`, { chatId: "wr-duban" });
    at("2020-07-20T10:00:00");
    await h.send("zhangsan", `申请延期 ${led.no} 至12月31日 原因：疫情反复`);
    const second = (await outboxTo("wr-duban")).find((t) => t.startsWith("【延期申请】") && t.includes("12月31日"))!;

    const r = await h.send("lisi", "不同意，须按期完成", { chatId: "wr-duban", quotedText: first });
    expect(r.text).toContain("现在待批复的是完成时限延期至12月31日的新申请");
    expect(r.text).toContain("未记录");
    expect((await extensions()).map((e) => e.state)).toEqual(["approved", "pending"]);
    expect((await task(led.id)).deadline).toBe("2020-07-31");

    expect((await h.send("lisi", "不同意，须按期完成", { chatId: "wr-duban", quotedText: second })).text).toContain("已不同意");
    expect((await extensions()).map((e) => e.state)).toEqual(["approved", "refused"]);
  });
});
