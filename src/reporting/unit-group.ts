// The three kinds a 通报 names late units by, in this order: 县（市、区）, 市直单位, 中省直单位.
// The directory's kinds (seeds/units.yaml) say county or municipal; a 中省直单位 — a central or
// provincial body stationed in the city (税务, 人民银行, 海关, 气象, 国网供电…) — is filed under
// municipal there, because for assigning tasks it is one. It is told apart by its name: every
// such body is named for its vertical system, and none of the city's own departments is.
export const UNIT_GROUPS = ["county", "municipal", "stationed"] as const;
export type UnitGroup = (typeof UNIT_GROUPS)[number];

// Systems run from Beijing or the province (垂直管理) and the central companies that city
// plans assign tasks to. Matched against the unit's canonical name.
const STATIONED =
  /税务|人民银行|^人行|中心支行|银保监|银监|保监|证监|金融监管分局|海关|出入境|气象|供电|电力公司|国家电网|烟草|邮政|铁路|车务段|移动公司|联通公司|电信公司|铁塔公司|石油|石化|调查队|国家统计局|军分区|武警|消防救援|通信管理|地震局|水文|盐务|储备库|中国|国家|省/;

export function unitGroupOf(unit: { unit: string; kind: string }): UnitGroup {
  if (unit.kind === "county") return "county";
  return STATIONED.test(unit.unit) ? "stationed" : "municipal";
}

/** A county's name as prose writes it: "禹州市", "市城乡一体化示范区" (the 政府/管委会 dropped). */
export function proseUnitName(unit: { unit: string; kind: string }): string {
  if (unit.kind !== "county") return unit.unit;
  const short = unit.unit.replace(/(?:人民)?政府$|管委会$|管理委员会$/, "");
  return short || unit.unit;
}
