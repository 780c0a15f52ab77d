// How 延期 and 异议 are read (issue 22): the corpus family test/fixtures/messages/extensions.yaml
// read by the reader into the task, the milestone, the date and the reason as typed, plus the
// date forms and the forms that are no such message.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { textKind } from "../../../src/conversation/reader/text-kind";
import { readExtensionApproval, readExtensionRefusal, readExtensionRequest, readObjection, readObjectionAnswer } from "../../../src/conversation/reader/extension-words";

interface Case {
  id: string;
  text: string;
  expect: { intent: string; decision?: string; items?: { task: number; text?: string }[]; ask?: string };
}
const CASES = YAML.parse(readFileSync("test/fixtures/messages/extensions.yaml", "utf8")) as Case[];

describe("the corpus family extensions.yaml", () => {
  it.each(CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const text = c.text.replace(/\n$/, "");
    const item = c.expect.items?.[0];
    if (c.expect.intent === "extension" && c.expect.ask === "confirm") {
      // A request in a report's words: no command form, the report reader's kind.
      expect(readExtensionRequest(text, 2020)).toBeNull();
      expect(textKind(text.replace(/^\d+[:：]/, ""))).toBe("extension");
    } else if (c.expect.intent === "report") {
      expect(readExtensionRequest(text, 2020)).toBeNull();
      // A report with a request line, or one line telling of a request: asked back as 延期 words.
      const line = text.includes("\n") ? text.split("\n")[1]! : text;
      expect(textKind(line.replace(/^\d+(?:项)?[:：\s]*/, ""))).toBe("extension");
    } else if (c.expect.intent === "extension") {
      const r = readExtensionRequest(text, 2020);
      expect(r?.no).toBe(item?.task ?? 12);
      if (c.expect.ask) expect(r?.date).toBeNull();
      else expect(r?.reason).toBe(item!.text);
    } else if (c.expect.decision === "extension_approve") {
      expect(readExtensionApproval(text, 2020)?.no).toBe(item!.task);
      expect(readExtensionRefusal(text)).toBeNull();
    } else if (c.expect.decision === "extension_refuse") {
      expect(readExtensionRefusal(text)).toMatchObject({ no: item!.task, reason: item!.text });
      expect(readExtensionApproval(text, 2020)).toBeNull();
    } else if (c.expect.intent === "objection") {
      const r = readObjection(text);
      expect(r).not.toBeNull();
      expect(r!.no).toBe(item?.task);
      if (item?.text) expect(r!.text).toBe(item.text);
    } else if (c.expect.decision === "objection_answer") {
      expect(readObjectionAnswer(text)?.id).toBe(1);
    }
  });
});

describe("dates and milestones", () => {
  it("reads the forms of a date, the milestone, and keeps the reason as typed", () => {
    expect(readExtensionRequest("申请延期 12 节点2 至6月30日 原因：拆迁未完成", 2020)).toEqual({ no: 12, position: 2, date: "2020-06-30", reason: "拆迁未完成" });
    expect(readExtensionRequest("申请延期12至2020年7月15日原因疫情", 2020)).toMatchObject({ no: 12, date: "2020-07-15", reason: "疫情" });
    expect(readExtensionRequest("申请延期 12 至二季度末 原因：疫情", 2020)).toMatchObject({ date: "2020-06-30" });
    expect(readExtensionRequest("申请将第十二项节点二延期至9月底，原因：设备未到", 2020)).toEqual({ no: 12, position: 2, date: "2020-09-30", reason: "设备未到" });
    expect(readExtensionRequest("申请延期 12 原因：疫情", 2020)).toEqual({ no: 12, date: null, reason: "疫情" });
    expect(readExtensionApproval("同意延期 12 完成时限 至7月20日", 2020)).toMatchObject({ no: 12, position: 0, date: "2020-07-20" });
  });

  it("reads no 延期 or 异议 in a report that mentions them", () => {
    for (const text of ["12：举办促消费活动3场，部分活动延期举行", "12项 已完成，无需延期", "8：受理异议申请12件"]) {
      expect(readExtensionRequest(text, 2020)).toBeNull();
      expect(readExtensionApproval(text, 2020)).toBeNull();
      expect(readExtensionRefusal(text)).toBeNull();
      expect(readObjection(text)).toBeNull();
    }
    // No objection, or a question about one: stored, it would reach the supervision group.
    for (const text of ["对通报没有异议", "我单位对本期通报内容没有异议，已阅", "对通报中我单位的情况没有什么异议", "对通报有异议吗？", "异议已消除，谢谢", "异议：无", "异议 12 无", "异议怎么提？"]) expect(readObjection(text), text).toBeNull();
    // A 异议 that ends in a question is one.
    expect(readObjection("对通报有异议：12项3月25日已报送，为何还算未报？")).toEqual({ text: "对通报有异议：12项3月25日已报送，为何还算未报？" });
    expect(readObjection("异议 12 不应退回，验收材料已补报")).toEqual({ no: 12, text: "不应退回，验收材料已补报" });
    // "异议 3个任务…": a count, not task 3.
    expect(readObjection("异议 3个任务已按时报送")).toEqual({ text: "3个任务已按时报送" });
  });
});
