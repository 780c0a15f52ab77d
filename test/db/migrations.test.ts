import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockfileContent, readMigrations } from "../../src/db/migrations";

describe("readMigrations", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "duban-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists folders in order, with a default lockfile and errors for missing files", async () => {
    for (const name of ["20240102000000_b", "20240101000000_a"]) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "migration.sql"), `-- ${name}\n`);
    }
    mkdirSync(path.join(dir, "20240103000000_empty"));
    const list = await readMigrations(dir, "sqlite");
    expect(list.baseDir).toBe(path.resolve(dir));
    expect(list.lockfile).toEqual({ path: "migration_lock.toml", content: lockfileContent("sqlite") });
    expect(list.migrationDirectories.map((d) => d.path)).toEqual([
      "20240101000000_a",
      "20240102000000_b",
      "20240103000000_empty",
    ]);
    expect(list.migrationDirectories[0]?.migrationFile).toEqual({
      path: "migration.sql",
      content: { tag: "ok", value: "-- 20240101000000_a\n" },
    });
    expect(list.migrationDirectories[2]?.migrationFile.content.tag).toBe("error");
  });

  it("reads the committed lockfile and treats a missing folder as no migrations", async () => {
    writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    expect((await readMigrations(dir, "postgresql")).lockfile.content).toBe('provider = "postgresql"\n');
    const none = await readMigrations(path.join(dir, "nope"), "postgresql");
    expect(none.migrationDirectories).toEqual([]);
    expect(none.lockfile.content).toBe(lockfileContent("postgresql"));
  });
});
