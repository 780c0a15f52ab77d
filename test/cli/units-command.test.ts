// `duban units`: departments and former names from the directory, no generated noise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDuban } from "../helpers/cli";
import { createEmptyDatabaseUrl } from "../helpers/test-database";

let env: Record<string, string>;
let drop: () => Promise<void>;
beforeAll(async () => {
  const made = await createEmptyDatabaseUrl();
  drop = made.drop;
  env = { DATABASE_URL: made.url, LOG_LEVEL: "silent" };
});
afterAll(async () => drop());

const duban = (...argv: string[]) => runDuban(env, ...argv);

describe("duban units", () => {
  it("--kind department lists what 市政府各部门 stands for", async () => {
    const r = await duban("units", "--kind", "department");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^市直·部门\t市商务局\t牵头 \d+/m);
    expect(r.out).not.toContain("市税务局");
    expect(r.out).toContain("共 36 个单位");
  });

  it("shows former names, and not the generated 许昌市… forms", async () => {
    const rows = JSON.parse((await duban("units", "--json")).out) as { name: string; aliases: string[]; formerNames: string[]; department: boolean }[];
    const health = rows.find((u) => u.name === "市卫生健康委")!;
    expect(health).toMatchObject({ department: true, aliases: ["市卫生健康委员会", "市卫健委"] });
    expect(health.formerNames).toContain("市卫生局");
    expect(rows.find((u) => u.name === "市商务局")!.aliases).toEqual([]);
    expect((await duban("units")).out).toMatch(/市卫生健康委（又名 市卫生健康委员会、市卫健委；原名 市卫生和计划生育委员会、市卫计委、市卫生局）/);
  });
});
