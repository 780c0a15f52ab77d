// The property of issue 9: a message naming no known task and carrying no content never
// stores anything — whoever sends it, in a group or 1:1, quoting a reminder or not.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type ConversationHarness } from "../helpers/conversation";

let h: ConversationHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.database.drop());

const reminder = "【督办提醒】市商务局：2020年第一季度重点工作进展请于3月31日前报送，还有2项未报：\n12. 完善促进消费的体制机制\n72. 加强开放平台建设\n直接回复本消息「编号 内容」即可汇报";

/** Acknowledgements, emoji, punctuation, mentions, and numbers that are no task (the plan has 115). */
const noContent = fc
  .array(
    fc.constantFrom(
      "收到", "好的", "好", "马上报", "稍后报送", "明白", "了解", "谢谢", "辛苦了", "嗯嗯", "ok", "OK", "👍", "🙏", "😊", "👌", "✅",
      "，", "。", "！", "~", " ", "\n", "：", "、", "@督办助手 ", "0", "116", "999", "第", "项", "号", "第0项", "第999项", "汇报",
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((xs) => xs.join(""));

describe("a message with no task and no content", () => {
  it("never stores a report or a question", async () => {
    await fc.assert(
      fc.asyncProperty(noContent, fc.constantFrom("zhangsan", "wangwu", "lisi"), fc.boolean(), fc.boolean(), async (text, user, group, quote) => {
        await h.database.db.pendingQuestion.deleteMany();
        const r = await h.send(user, text, { ...(group ? { chatId: "wr-shangwu" } : {}), ...(quote ? { quotedText: reminder } : {}) });
        expect(r.text).not.toContain("已记录");
        expect(await h.database.db.report.count()).toBe(0);
        expect(await h.database.db.pendingQuestion.count()).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
