// Which notice a quoted reply is under: the task and the 依据 of a 【办结申请】, the task and the
// date of a 【延期申请】 — what 销号/退回/不同意 compare with the request pending now.
import { describe, expect, it } from "vitest";
import { closureNotice, extensionNotice, showsBasis } from "../../../src/conversation/reader/quoted-reply";

const CLOSURE = "【办结申请】第71项「创新“不见面招商”方式」\n市商务局（张三）申请办结，依据：验收报告已补齐，见附件\n确认请回复「销号 71」，退回请回复「退回 71 原因」。";

describe("closureNotice and showsBasis", () => {
  it("reads the task and the 依据, also when the quote folds the lines together or is cut short", () => {
    expect(closureNotice(CLOSURE)).toEqual({ no: 71, basis: "验收报告已补齐，见附件" });
    expect(closureNotice(CLOSURE.replace(/\n/g, " "))).toEqual({ no: 71, basis: "验收报告已补齐，见附件" });
    expect(closureNotice(CLOSURE.slice(0, CLOSURE.indexOf("见附件")) + "…")).toEqual({ no: 71, basis: "验收报告已补齐，…" });
    expect(closureNotice("【延期申请】第12项…")).toBeNull();
    expect(closureNotice("【办结申请】第71项「…」\n市商务局（张三）申请办结，依据：")).toBeNull();
  });

  it("takes a quote for the pending 依据 when the 依据 begins with what it shows, and only then", () => {
    expect(showsBasis("验收报告已补齐，见附件", "验收报告已补齐，见附件")).toBe(true);
    expect(showsBasis("验收报告已补齐，…", "验收报告已补齐，见附件")).toBe(true);
    // spaces and line breaks a client adds when it reflows a quote do not count
    expect(showsBasis("验收报告 已补齐", "验收报告已补齐，见附件")).toBe(true);
    expect(showsBasis("已完成初步验收", "验收报告已补齐，见附件")).toBe(false);
    // the new 依据 a shorter version of the old one is not the old one
    expect(showsBasis("已完成初步验收并整改", "已完成初步验收")).toBe(false);
  });
});

describe("extensionNotice", () => {
  it("reads the task and the date asked for", () => {
    const notice = "【延期申请】第12项「完善促进消费的体制机制」完成时限\n市商务局（张三）申请由6月30日延期至9月30日，原因：疫情\n同意请回复「同意延期 12」";
    expect(extensionNotice(notice)).toEqual({ no: 12, date: "9月30日" });
    expect(extensionNotice(CLOSURE)).toBeNull();
  });
});
