// City-wide 进度 counts tasks (lead reported) and unit reports separately, and says which is which.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../../../src/directory/members";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
  await addMember(h.database.db, { platform: "wecom", userId: "yiqing", unit: "市疫情防控指挥部办公室" });
});
afterAll(async () => h.database.drop());

describe("进度 for the whole city", () => {
  it("shows 3 tasks and 35 unit reports for section 一, labelled, and counts a task once its lead reported", async () => {
    let r = await h.send("lisi", "进度", { chatId: "wr-duban" });
    expect(r.text).toMatch(/^2020年全市｜2020年第一季度完成情况/);
    expect(r.text).toContain("任务＝牵头单位已报；单位汇报＝各责任单位（牵头、配合、县区）已报份数");
    expect(r.text).toContain("抓好常态化疫情防控：任务 0/3 · 单位汇报 0/35");
    expect(r.text).not.toMatch(/：\d+\/\d+（/); // no unlabelled "3/35"

    await h.send("wangwu", "2：已开展健康监测"); // a county's report: not the lead's
    r = await h.send("lisi", "进度", { chatId: "wr-duban" });
    expect(r.text).toContain("抓好常态化疫情防控：任务 0/3 · 单位汇报 1/35");

    await h.send("yiqing", "1：常态化防控机制已建立"); // the lead of task 1
    r = await h.send("lisi", "进度", { chatId: "wr-duban" });
    expect(r.text).toContain("抓好常态化疫情防控：任务 1/3 · 单位汇报 2/35");
    expect(r.text).toMatch(/合计：任务 1\/115（1%）· 单位汇报 2\/\d{4}（0\.1%）/);
  });
});
