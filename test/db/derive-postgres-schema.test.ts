import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema } from "../../src/db/derive-postgres-schema";
import { schemaPath } from "../../src/db/migrate";

describe("derivePostgresSchema", () => {
  it("gives exactly the committed postgresql schema (else run npm run db:sync-schema)", () => {
    const derived = derivePostgresSchema(readFileSync(schemaPath("sqlite"), "utf8"));
    expect(derived).toBe(readFileSync(schemaPath("postgresql"), "utf8"));
  });

  it("replaces the header, the output folder and the datasource provider only", () => {
    const source = [
      "// source of truth",
      "",
      'generator client {\n  provider = "prisma-client"\n  output   = "../../src/generated/sqlite"\n}',
      'datasource db {\n  provider = "sqlite"\n}',
      "/// doc comment stays\nmodel A {\n  id Int @id\n}\n",
    ].join("\n");
    const derived = derivePostgresSchema(source);
    expect(derived).toMatch(/^\/\/ GENERATED from prisma\/sqlite\/schema.prisma/);
    expect(derived).not.toContain("source of truth");
    expect(derived).toContain('output   = "../../src/generated/postgresql"');
    expect(derived).toContain('datasource db {\n  provider = "postgresql"\n}');
    expect(derived).toContain('provider = "prisma-client"');
    expect(derived).toContain("/// doc comment stays");
  });

  it("refuses a schema that is not the sqlite one", () => {
    expect(() => derivePostgresSchema('datasource db {\n  provider = "postgresql"\n}\n')).toThrow(/cannot derive/);
  });
});
