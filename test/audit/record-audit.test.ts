// 留痕: reports, superseded reports, bindings and memberships leave a trail in the same
// transaction; nothing in src/ updates or deletes it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness("2020-03-24T09:00:00+08:00");
});
afterAll(async () => h.database.drop());

const trail = () => h.database.db.auditEvent.findMany({ orderBy: { id: "asc" } });

describe("audit trail", () => {
  it("the directory load recorded each member and group", async () => {
    const rows = await trail();
    expect(rows.filter((r) => r.action === "member.added").map((r) => r.unitName)).toEqual(["市商务局", "魏都区政府", "市委市政府督查局", "市发展改革委"]);
    expect(rows.filter((r) => r.action === "group.bound")).toHaveLength(2);
    expect(rows.every((r) => r.actorPlatform === "cli")).toBe(true);
  });

  it("a report and the 补充 added to it, with who, when, platform and message id", async () => {
    await h.send("zhangsan", "12：举办促消费活动2场", { messageId: "msg-1", senderName: "张三" });
    await h.send("zhangsan", "12：举办促消费活动3场", { messageId: "msg-2", senderName: "张三" });
    const rows = (await trail()).filter((r) => r.action.startsWith("report."));
    expect(rows.map((r) => [r.action, r.messageId, r.actorId, r.actorName, r.actorPlatform, r.taskNo, r.unitName, r.period])).toEqual([
      ["report.created", "msg-1", "zhangsan", "张三", "wecom", 12, "市商务局", "2020Q1"],
      ["report.supplemented", "msg-2", "zhangsan", "张三", "wecom", 12, "市商务局", "2020Q1"],
    ]);
    expect(rows[1]!.at.toISOString()).toBe("2020-03-24T01:00:00.000Z");
    const reports = await h.database.db.report.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => (JSON.parse(r.detail) as { reportId: number }).reportId)).toEqual(reports.map((r) => r.id));
  });

  it("a refused report leaves no trail (same transaction)", async () => {
    const before = (await trail()).length;
    await h.send("zhangsan", "50：不是我的任务");
    expect((await trail()).length).toBe(before);
  });

  it("a supervisor binding a group in chat", async () => {
    await h.send("lisi", "绑定 市财政局", { chatId: "wr-caizheng", messageId: "msg-bind" });
    const row = (await trail()).at(-1)!;
    expect(row).toMatchObject({ action: "group.bound", actorId: "lisi", messageId: "msg-bind", unitName: "市财政局" });
  });

  it("nothing in src/ updates or deletes the trail", () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? (f === "generated" ? [] : files(join(dir, f))) : [join(dir, f)]));
    const offenders = files("src").filter((f) => /auditEvent\.(update|updateMany|upsert|delete|deleteMany)\b/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
