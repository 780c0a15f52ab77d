// The counters through the prepared statement (SQLite) agree with the Prisma read, move with
// every committed write, and never show a transaction that has not committed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/db/client";
import { readModelVersion } from "../../src/read-model/model-version";
import { createReadModel } from "../../src/read-model/read-model";
import { sqliteVersionReader, type VersionReader } from "../../src/read-model/sqlite-version-reader";
import { createHarness, type ConversationHarness } from "../helpers/conversation";
import { testDatabaseProvider } from "../helpers/test-database";

describe.skipIf(testDatabaseProvider() !== "sqlite")("SQLite version reader", () => {
  let h: ConversationHarness;
  let reader: VersionReader;
  beforeAll(async () => {
    h = await createHarness();
    reader = sqliteVersionReader(sqlitePath(h.database.url));
  });
  afterAll(async () => {
    reader.close();
    await h.database.drop();
  });

  it("reads what Prisma reads, and moves with each committed write", async () => {
    expect(reader.read()).toEqual(await readModelVersion(h.database.db));
    const before = reader.read()!;
    await h.send("zhangsan", "12：举办促消费活动3场");
    const after = reader.read()!;
    expect(after.reports).toBeGreaterThan(before.reports);
    expect(after).toEqual(await readModelVersion(h.database.db));
  });

  it("never shows what an open transaction wrote", async () => {
    const committed = reader.read()!;
    const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "市商务局" } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside: number | undefined;
    const tx = h.database.db.$transaction(async (t) => {
      await t.unitAlias.create({ data: { alias: "未提交局", unitId: unit.id } });
      inside = (await readModelVersion(t))!.directory;
      await held;
      throw new Error("roll back");
    });
    while (inside === undefined) await new Promise((r) => setTimeout(r, 10));
    expect(inside).toBeGreaterThan(committed.directory); // the transaction bumped it…
    expect(reader.read()).toEqual(committed); // …which nobody outside sees
    release();
    await expect(tx).rejects.toThrow("roll back");
    expect(reader.read()).toEqual(committed);
  });

  it("a read model on it reloads what a committed write changed", async () => {
    const readModel = createReadModel(h.database.db, { versions: reader });
    const first = await readModel.current();
    expect((await readModel.current()).directory).toBe(first.directory);
    const unit = first.directory.lookup.require("商务局");
    await h.database.db.unitAlias.create({ data: { alias: "商贸局", unitId: unit.id } });
    const after = await readModel.current();
    expect(after.directory).not.toBe(first.directory);
    expect(after.plan).toBe(first.plan);
    expect(after.directory.lookup.require("商贸局").name).toBe("市商务局");
  });
});
