import { describe, expect, it } from "vitest";
import { normalizeText } from "../../src/plan/normalize-text";

describe("normalizeText", () => {
  it("turns full-width digits, letters and punctuation half-width", () => {
    expect(normalizeText("１．（一）：，；５Ｇ％")).toBe("1.(一):,;5G%");
    expect(normalizeText("责任单位：市商务局（市供热办）")).toBe("责任单位:市商务局(市供热办)");
  });

  it("keeps Chinese punctuation whose meaning NFKC would change or that the parser relies on", () => {
    const kept = "“外防输入”、《报告》。〔2020〕……①²㎡—";
    expect(normalizeText(kept)).toBe(kept);
  });

  it("maps half-width ideographic punctuation and Kangxi radicals from PDF extraction", () => {
    expect(normalizeText("市⼯业和信息化局､")).toBe("市工业和信息化局、");
  });

  it("maps CJK Radicals Supplement characters a PDF text layer names glyphs by (no NFKC form)", () => {
    expect(normalizeText("市⺠政局、市粮⻝和物资储备局、全⼒稳定经济增⻓、⻛险")).toBe("市民政局、市粮食和物资储备局、全力稳定经济增长、风险");
  });

  it("trims NBSP and ideographic spaces, turns inner ones into plain spaces, drops zero-width characters", () => {
    expect(normalizeText("\u3000\u00a0市商务局\u00a0\u3000")).toBe("市商务局");
    expect(normalizeText("互联网\u3000监管")).toBe("互联网 监管");
    expect(normalizeText("\ufeff市\u200b商务局")).toBe("市商务局");
  });
});
