import type { Db, Tx } from "../db/client";
import { InputError } from "../errors";
import { loadUnitLookup, type UnitLookup } from "./unit-lookup";

export const PLATFORMS = ["wecom", "dingtalk"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const MEMBER_ROLES = ["member", "supervisor"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface MemberInput {
  platform: Platform;
  userId: string;
  unit: string;
  name?: string;
  role?: MemberRole;
}

/** Registers (or updates) a person as a member of a unit. Returns the canonical unit name. */
export async function addMember(db: Db | Tx, input: MemberInput, lookup?: UnitLookup): Promise<{ unit: string; created: boolean }> {
  const userId = input.userId.trim();
  if (!userId) throw new InputError("用户 ID 不能为空");
  const unit = (lookup ?? (await loadUnitLookup(db))).require(input.unit);
  const key = { platform_userId_unitId: { platform: input.platform, userId, unitId: unit.id } };
  const existing = await db.member.findUnique({ where: key });
  if (existing) {
    await db.member.update({
      where: key,
      data: { name: input.name ?? existing.name, role: input.role ?? existing.role },
    });
    return { unit: unit.name, created: false };
  }
  await db.member.create({
    data: { platform: input.platform, userId, unitId: unit.id, name: input.name ?? null, role: input.role ?? "member" },
  });
  return { unit: unit.name, created: true };
}
