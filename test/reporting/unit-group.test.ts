// How the 通报 groups late units: 县（市、区）, 市直单位, 中省直单位 (the last told by name).
import { describe, expect, it } from "vitest";
import { proseUnitName, unitGroupOf } from "../../src/reporting/unit-group";

describe("unit groups of the 通报", () => {
  it("tells stationed central and provincial bodies from the city's own departments", () => {
    const group = (unit: string, kind = "municipal") => unitGroupOf({ unit, kind });
    for (const u of ["市税务局", "人行许昌市中心支行", "许昌银保监分局", "许昌海关", "市气象局", "市供电公司", "市邮政管理局"]) expect(group(u)).toBe("stationed");
    for (const u of ["市发展改革委", "市财政局", "市粮食和物资储备局", "市中级法院", "市防震减灾中心", "市委市政府督查局", "市统计局"]) expect(group(u)).toBe("municipal");
    expect(group("禹州市政府", "county")).toBe("county");
    expect(group("市税务局", "other")).toBe("stationed");
  });

  it("writes counties by their place names", () => {
    expect(proseUnitName({ unit: "禹州市政府", kind: "county" })).toBe("禹州市");
    expect(proseUnitName({ unit: "市城乡一体化示范区管委会", kind: "county" })).toBe("市城乡一体化示范区");
    expect(proseUnitName({ unit: "市政府办公室", kind: "municipal" })).toBe("市政府办公室");
  });
});
