import type { Command } from "commander";
import type { CliContext } from "./context";
import { oneOf } from "./option-parsers";

const KIND_LABEL: Record<string, string> = { municipal: "市直", county: "县区", group: "统称", other: "其他" };

export function registerUnitsCommand(program: Command, ctx: () => CliContext): void {
  program
    .command("units")
    .description("list the units, with their aliases and how many tasks they lead or share")
    .option(
      "--kind <kind>",
      "only municipal | department (the city government departments 市政府各部门 stands for) | county | group | other",
      oneOf(["municipal", "department", "county", "group", "other"] as const),
    )
    .option("--json", "print JSON")
    .action(async (opts: { kind?: string; json?: boolean }) => {
      const c = ctx();
      const { db } = await c.database();
      const units = await db.unit.findMany({
        where: opts.kind === "department" ? { department: true } : opts.kind ? { kind: opts.kind } : undefined,
        include: { aliases: true, assignments: { select: { role: true } }, members: { select: { id: true } } },
        orderBy: [{ kind: "asc" }, { id: "asc" }],
      });
      const rows = units.map((u) => ({
        name: u.name,
        kind: u.kind,
        department: u.department,
        // "许昌市商务局" forms are generated for every 市… unit: listing them is noise.
        aliases: u.aliases.filter((a) => a.kind === "alias").map((a) => a.alias),
        formerNames: u.aliases.filter((a) => a.kind === "former").map((a) => a.alias),
        lead: u.assignments.filter((a) => a.role === "lead").length,
        cooperating: u.assignments.filter((a) => a.role === "cooperating").length,
        county: u.assignments.filter((a) => a.role === "county").length,
        members: u.members.length,
      }));
      if (opts.json) return c.out(JSON.stringify(rows, null, 2));
      for (const r of rows) {
        const names = [r.aliases.length ? `又名 ${r.aliases.join("、")}` : "", r.formerNames.length ? `原名 ${r.formerNames.join("、")}` : ""].filter(Boolean);
        const alias = names.length ? `（${names.join("；")}）` : "";
        const kind = `${KIND_LABEL[r.kind] ?? r.kind}${r.department ? "·部门" : ""}`;
        c.out(`${kind}\t${r.name}${alias}\t牵头 ${r.lead} · 配合 ${r.cooperating} · 县区 ${r.county} · 成员 ${r.members}`);
      }
      c.out(`共 ${rows.length} 个单位`);
    });
}
