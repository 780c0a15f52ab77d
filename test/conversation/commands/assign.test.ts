// Units that used to go unchased: a county named in a task's text can report it, and the
// bureau assigns the rest in chat (指派 / 取消指派 / 待指派).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../../../src/directory/members";
import { createHarness, type ConversationHarness } from "../../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
  await addMember(h.database.db, { platform: "wecom", userId: "yuzhou", unit: "禹州市", name: "禹州联络员" });
});
afterAll(async () => h.database.drop());

describe("a county named in a 各有关县 task's text", () => {
  it("禹州市 finds task 40 on its list and can report it", async () => {
    const r = await h.send("yuzhou", "40 两个产业集聚区智能化示范园区试点方案已上报");
    expect(r.text).toContain("已记录");
    expect(r.text).toContain("第40项");
    expect(await h.database.db.report.count({ where: { task: { no: 40 }, unit: { name: "禹州市政府" } } })).toBe(1);
  });

  it("市商务局 finds 109–115 (市政府各部门) on its list", async () => {
    const r = await h.send("zhangsan", "115 严格执行过紧日子要求");
    expect(r.text).toContain("已记录");
  });
});

describe("指派 in chat (supervisors)", () => {
  it("lists the open decisions, assigns a county to 66 with a role, and takes it off again", async () => {
    let r = await h.send("lisi", "待指派");
    expect(r.text).toMatch(/^66\. 加快公共资源交易平台整合共享 — 「各有关县（市、区）」未指明/m);
    expect(r.text).toContain("回复「指派 29 禹州市」指派");

    r = await h.send("yuzhou", "66 已完成平台整合");
    expect(r.text).toContain("不在禹州市政府的责任清单中");

    r = await h.send("lisi", "指派 66 禹州市 配合");
    expect(r.text).toBe("已指派：第66项 · 禹州市政府（配合）");
    r = await h.send("yuzhou", "66 已完成平台整合");
    expect(r.text).toContain("已记录");
    expect((await h.send("lisi", "待指派")).text).not.toMatch(/^66\./m);

    r = await h.send("lisi", "取消指派 第66项 禹州市");
    expect(r.text).toBe("已取消：第66项 · 禹州市政府（原配合），其1条汇报记录保留");
  });

  it("explains the format, names near units, and refuses members", async () => {
    expect((await h.send("lisi", "指派 禹州市")).text).toContain("格式：指派 40 禹州市 配合");
    expect((await h.send("lisi", "指派 97 禹州县")).text).toContain("您是否要找：禹州市政府");
    expect((await h.send("lisi", "指派 999 禹州市")).text).toContain("没有第999项任务");
    expect((await h.send("zhangsan", "指派 97 市商务局")).text).toContain("只有督查局人员可以指派责任单位");
    expect(await h.database.db.assignment.count({ where: { task: { no: 97 }, unit: { name: "市商务局" } } })).toBe(0);
  });
});
