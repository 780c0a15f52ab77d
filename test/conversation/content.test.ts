import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasContent, isAcknowledgement } from "../../src/conversation/content";

describe("hasContent", () => {
  it("finds nothing in acknowledgements, promises, emoji and bare numbers", () => {
    for (const s of ["收到", "好的，马上报", "明白", "👍", "ok", "OK！", "5", "收到，谢谢！", "好的👌", "稍后报送收到", "嗯嗯，了解", "🙏🙏", "已报送", "第项", "@督办助手 收到", "已阅", "已收到通知", "正在汇总，稍后报", "收到，今天下午报", "马上安排", "抓紧"]) {
      expect(hasContent(s), s).toBe(false);
    }
  });

  it("finds content in short real reports", () => {
    for (const s of ["已完成", "完成", "推进中", "本季度举办促消费活动3场", "好的开局，完成投资30亿", "正在招标", "未启动", "已安排部署", "汇总数据已上报省厅"]) {
      expect(hasContent(s), s).toBe(true);
    }
  });

  it("answers quickly for any text, long ones included", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => void hasContent(s)));
    const start = Date.now();
    hasContent("好的".repeat(5000) + "了");
    expect(Date.now() - start).toBeLessThan(200);
  });
});

describe("isAcknowledgement", () => {
  it("is an acknowledgement only with some text, no content and no number", () => {
    expect(isAcknowledgement("收到")).toBe(true);
    expect(isAcknowledgement("")).toBe(false);
    expect(isAcknowledgement("12 👍")).toBe(false); // the report command says what is missing
    expect(isAcknowledgement("已完成")).toBe(false);
  });
});
