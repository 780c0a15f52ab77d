import { describe, expect, it } from "vitest";
import { createRecentReplies } from "../../src/conversation/recent-replies";

describe("recent replies", () => {
  it("answers a redelivery within its age, forgets it after, and keeps only the newest entries", () => {
    const recent = createRecentReplies({ max: 2, maxAgeMs: 1000 });
    recent.set("wecom", "a", { text: "A" }, 0);
    expect(recent.get("wecom", "a", 999)).toEqual({ text: "A" });
    expect(recent.get("dingtalk", "a", 999)).toBeUndefined();
    expect(recent.get("wecom", "a", 1001)).toBeUndefined();
    recent.set("wecom", "b", { text: "B" }, 2000);
    recent.set("wecom", "c", { text: "C" }, 2001);
    recent.set("wecom", "d", { text: "D" }, 2002);
    expect(recent.get("wecom", "b", 2003)).toBeUndefined();
    expect(recent.get("wecom", "c", 2003)).toEqual({ text: "C" });
    expect(recent.get("wecom", "d", 2003)).toEqual({ text: "D" });
  });
});
