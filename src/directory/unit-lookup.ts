// Resolves what a person typed ("商务局", an alias, a slip) to a unit in the database,
// with the same matching rules as the importer's directory (src/plan/unit-directory.ts).
import type { Db, Tx } from "../db/client";
import { UnknownUnitError } from "../errors";
import { buildUnitDirectory, type UnitDirectory } from "../plan/unit-directory";
import type { UnitKind } from "../plan/types";

export interface UnitLookup {
  directory: UnitDirectory;
  idOf(name: string): number | undefined;
  /** Canonical unit id for a typed name; throws UnknownUnitError with suggestions. */
  require(raw: string): { id: number; name: string };
}

export async function loadUnitLookup(db: Db | Tx): Promise<UnitLookup> {
  const units = await db.unit.findMany({ include: { aliases: true }, orderBy: { id: "asc" } });
  return unitLookupFrom(units.map((u) => ({ id: u.id, name: u.name, kind: u.kind as UnitKind, aliases: u.aliases.map((a) => a.alias) })));
}

/** The lookup over units already loaded (the read model builds it once per directory change). */
export function unitLookupFrom(units: { id: number; name: string; kind: UnitKind; aliases: string[] }[]): UnitLookup {
  const directory = buildUnitDirectory(units.map((u) => ({ name: u.name, kind: u.kind, aliases: u.aliases })));
  const ids = new Map(units.map((u) => [u.name, u.id]));
  return {
    directory,
    idOf: (name) => ids.get(name),
    require(raw) {
      const name = directory.resolveLoose(raw);
      if (!name) throw new UnknownUnitError(raw.trim(), directory.suggest(raw));
      return { id: ids.get(name)!, name };
    },
  };
}
