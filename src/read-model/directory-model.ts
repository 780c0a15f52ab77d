// The directory in memory: units with their aliases (and the unit lookup built from them),
// members by (platform, userId) and chat groups by (platform, chatId).
import type { Db, Tx } from "../db/client";
import { unitLookupFrom, type UnitLookup } from "../directory/unit-lookup";
import type { ChatGroup } from "../generated/sqlite/client";
import type { UnitKind } from "../plan/types";

export interface ModelUnit {
  id: number;
  name: string;
  kind: string;
  department: boolean;
  aliases: string[];
}

export interface ModelMember {
  id: number;
  platform: string;
  userId: string;
  name: string | null;
  role: string;
  unit: { id: number; name: string };
}

export type ModelGroup = ChatGroup & { unit: { id: number; name: string } | null };

export interface DirectoryModel {
  units: Map<number, ModelUnit>;
  lookup: UnitLookup;
  /** A person's memberships, oldest first. */
  membersOf(platform: string, userId: string): ModelMember[];
  group(platform: string, chatId: string): ModelGroup | null;
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

export async function loadDirectoryModel(db: Db | Tx): Promise<DirectoryModel> {
  const [unitRows, memberRows, groupRows] = await Promise.all([
    db.unit.findMany({ include: { aliases: true }, orderBy: { id: "asc" } }),
    db.member.findMany({ orderBy: { id: "asc" } }),
    db.chatGroup.findMany({ orderBy: { id: "asc" } }),
  ]);
  const units = new Map<number, ModelUnit>(
    unitRows.map((u) => [u.id, { id: u.id, name: u.name, kind: u.kind, department: u.department, aliases: u.aliases.map((a) => a.alias) }]),
  );
  const lookup = unitLookupFrom(unitRows.map((u) => ({ id: u.id, name: u.name, kind: u.kind as UnitKind, aliases: u.aliases.map((a) => a.alias) })));
  const brief = (id: number) => {
    const u = units.get(id)!;
    return { id: u.id, name: u.name };
  };
  // Read in separate statements, not one snapshot: a member or group whose unit was created
  // after the units were read is skipped; its write moved the counter, so the next message
  // reloads it.
  const members = new Map<string, ModelMember[]>();
  for (const m of memberRows) {
    if (!units.has(m.unitId)) continue;
    const list = members.get(key(m.platform, m.userId)) ?? [];
    list.push({ id: m.id, platform: m.platform, userId: m.userId, name: m.name, role: m.role, unit: brief(m.unitId) });
    members.set(key(m.platform, m.userId), list);
  }
  const groups = new Map<string, ModelGroup>(
    groupRows.filter((g) => g.unitId === null || units.has(g.unitId)).map((g) => [key(g.platform, g.chatId), { ...g, unit: g.unitId === null ? null : brief(g.unitId) }]),
  );
  return {
    units,
    lookup,
    membersOf: (platform, userId) => members.get(key(platform, userId)) ?? [],
    group: (platform, chatId) => groups.get(key(platform, chatId)) ?? null,
  };
}
