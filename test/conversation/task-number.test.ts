import Nzh from "nzh";
import { describe, expect, it } from "vitest";
import { toNumber } from "../../src/conversation/task-number";
import { parseReport } from "../../src/conversation/parse-report";
import { parseTaskRef } from "../../src/conversation/commands/task-detail";

describe("toNumber", () => {
  it("reads every Chinese numeral from 一 to 一百二十, as written, and Arabic digits", () => {
    for (let n = 1; n <= 120; n++) {
      const cn = Nzh.cn.encodeS(n);
      expect(toNumber(cn), cn).toBe(n);
      expect(toNumber(String(n))).toBe(n);
    }
    expect(toNumber("一百零五")).toBe(105);
  });

  it("refuses what is not a standard numeral, rather than guessing", () => {
    for (const s of ["一二", "十二项", "两", "零", "", "12a", "百百"]) expect(toNumber(s), s).toBeNull();
  });

  it("is accepted wherever a task number is: lookups and reports", () => {
    for (let n = 1; n <= 120; n++) {
      const cn = Nzh.cn.encodeS(n);
      expect(parseTaskRef(`任务${cn}`), cn).toBe(n);
      expect(parseTaskRef(`第${cn}项`), cn).toBe(n);
      expect(parseReport(`第${cn}项：已完成`), cn).toEqual([{ no: n, text: "已完成" }]);
      expect(parseReport(`${cn} 已完成`), cn).toEqual([{ no: n, text: "已完成" }]);
    }
  });
});
