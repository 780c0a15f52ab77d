// Unit names as people say them, resolved against the units in the database (as the chat and
// the CLI do): the city's name in front, former names, near misses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadUnitLookup, type UnitLookup } from "../../src/directory/unit-lookup";
import { UnknownUnitError } from "../../src/errors";
import { importPlanFile } from "../../src/plan/import-file";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let lookup: UnitLookup;
beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  lookup = await loadUnitLookup(database.db);
});
afterAll(async () => database.drop());

const suggestionsFor = (raw: string): string[] => {
  try {
    lookup.require(raw);
  } catch (e) {
    if (e instanceof UnknownUnitError) return e.suggestions;
    throw e;
  }
  throw new Error(`"${raw}" resolved`);
};

describe("full official names", () => {
  it("accepts the city's name in front: 许昌市商务局, 许昌市卫生健康委, 许昌市发展和改革委员会", () => {
    expect(lookup.require("许昌市商务局").name).toBe("市商务局");
    expect(lookup.require("许昌市卫生健康委").name).toBe("市卫生健康委");
    expect(lookup.require("许昌市人力资源和社会保障局").name).toBe("市人力资源和社会保障局");
  });

  it("does not take another city's bureau for ours", () => {
    expect(() => lookup.require("郑州市商务局")).toThrow(UnknownUnitError);
  });
});

describe("former names", () => {
  it("卫生局, 市卫计委, 环保局, 许昌县政府 find the units that succeeded them", () => {
    expect(lookup.require("卫生局").name).toBe("市卫生健康委");
    expect(lookup.require("市卫计委").name).toBe("市卫生健康委");
    expect(lookup.require("环保局").name).toBe("市生态环境局");
    expect(lookup.require("市工商局").name).toBe("市市场监管局");
    expect(lookup.require("许昌县政府").name).toBe("建安区政府");
  });
});

describe("near misses get suggestions", () => {
  it("a wrong suffix or level: 卫生厅, 禹州县, 许昌市商务厅", () => {
    expect(suggestionsFor("卫生厅")).toContain("市卫生健康委");
    expect(suggestionsFor("禹州县")).toContain("禹州市政府");
    expect(suggestionsFor("许昌市商务厅")[0]).toBe("市商务局");
  });
});
