import type { Command } from "commander";
import type { CliContext } from "./context";
import { oneOf } from "./option-parsers";

const KIND_LABEL: Record<string, string> = { municipal: "市直", county: "县区", group: "统称", other: "其他" };

export function registerUnitsCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("units")
    .description("list the units, with their aliases and how many tasks they lead or share")
    .option("--kind <kind>", "only municipal | county | group | other", oneOf(["municipal", "county", "group", "other"] as const))
    .option("--json", "print JSON")
    .action(async (opts: { kind?: string; json?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      const units = await db.unit.findMany({
        where: opts.kind ? { kind: opts.kind } : undefined,
        include: { aliases: true, assignments: { select: { role: true } }, members: { select: { id: true } } },
        orderBy: [{ kind: "asc" }, { id: "asc" }],
      });
      const rows = units.map((u) => ({
        name: u.name,
        kind: u.kind,
        aliases: u.aliases.map((a) => a.alias),
        lead: u.assignments.filter((a) => a.role === "lead").length,
        cooperating: u.assignments.filter((a) => a.role === "cooperating").length,
        county: u.assignments.filter((a) => a.role === "county").length,
        members: u.members.length,
      }));
      if (opts.json) return c.out(JSON.stringify(rows, null, 2));
      for (const r of rows) {
        const alias = r.aliases.length ? `（又名 ${r.aliases.join("、")}）` : "";
        c.out(`${KIND_LABEL[r.kind] ?? r.kind}\t${r.name}${alias}\t牵头 ${r.lead} · 配合 ${r.cooperating} · 县区 ${r.county} · 成员 ${r.members}`);
      }
      c.out(`共 ${rows.length} 个单位`);
    });
}
