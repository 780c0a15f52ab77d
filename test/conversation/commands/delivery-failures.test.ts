// 投递失败 and 重发 in chat: a supervisor sees every message that did not get through — failed,
// dropped as stale, or still retrying after failing — with the reason, attempts and next try,
// and can put them back in the queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
const SUPERVISION = { chatId: "wr-duban", chatType: "group" as const };

beforeAll(async () => {
  h = await createHarness();
  const row = (key: string, data: Record<string, unknown>) =>
    h.database.db.outboxMessage.create({ data: { key, platform: "wecom", channel: "group", destination: "group:1", payload: "{}", subject: "市商务局", ...data } });
  await row("a:sent", { status: "sent", attempts: 1, sentAt: new Date() });
  await row("b:failed", { status: "failed", attempts: 1, lastError: "[93000] invalid webhook url" });
  await row("c:retrying", { status: "pending", attempts: 6, lastError: "[502] HTTP 502", nextAttemptAt: new Date("2020-03-24T02:10:00Z") });
  await row("d:dropped", { status: "dropped", attempts: 9, lastError: "已过期，不再发送（其后的提醒阶段已开始）；最后一次错误：[-1] system busy" });
});
afterAll(async () => h.database.drop());

describe("投递失败 / 重发", () => {
  it("lists failed, stale-dropped and still-retrying messages with reason, attempts and next attempt", async () => {
    const r = await h.send("lisi", "投递失败", SUPERVISION);
    expect(r.text).toContain("未送达3条");
    expect(r.text).toMatch(/#\d+ .*市商务局：失败，尝试1次 — \[93000\] invalid webhook url/);
    expect(r.text).toMatch(/市商务局：重试中，下次3月24日 10:10，尝试6次 — \[502\] HTTP 502/);
    expect(r.text).toMatch(/市商务局：过期未发，尝试9次 — 已过期/);
    expect(r.text).not.toContain("尝试1次 — \n");
    expect(r.text).toContain("「重发」");
  });

  it("重发 is for supervisors only", async () => {
    const r = await h.send("zhangsan", "重发", { chatId: "wr-shangwu", chatType: "group" });
    expect(r.text).not.toContain("已重新加入发送队列");
    expect(await h.database.db.outboxMessage.count({ where: { status: "failed" } })).toBe(1);
  });

  it("重发 N puts one message back, due now; 重发 puts back all undelivered ones", async () => {
    const failed = await h.database.db.outboxMessage.findUniqueOrThrow({ where: { key: "b:failed" } });
    let r = await h.send("lisi", `重发 ${failed.id}`, SUPERVISION);
    expect(r.text).toContain("已重新加入发送队列1条");
    expect(await h.database.db.outboxMessage.findUniqueOrThrow({ where: { key: "b:failed" } })).toMatchObject({ status: "pending", attempts: 0 });

    r = await h.send("lisi", "重发", SUPERVISION);
    // The retrying one; b is no longer a problem, and a notice dropped as stale would mislead
    // if sent now (还有7天截止 after the deadline): only 重发 with its number sends it.
    expect(r.text).toContain("已重新加入发送队列1条");
    const rows = await h.database.db.outboxMessage.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((x) => [x.key, x.status, x.attempts])).toEqual([
      ["a:sent", "sent", 1],
      ["b:failed", "pending", 0],
      ["c:retrying", "pending", 0],
      ["d:dropped", "dropped", 9],
    ]);
    expect((await h.send("lisi", "重发", SUPERVISION)).text).toContain("没有需要重发的消息");
    const dropped = rows.find((x) => x.key === "d:dropped")!;
    expect((await h.send("lisi", `重发 ${dropped.id}`, SUPERVISION)).text).toContain("已重新加入发送队列1条");
  });
});
