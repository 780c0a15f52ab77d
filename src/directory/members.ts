import type { Db, Tx } from "../db/client";
import { InputError } from "../errors";
import { loadUnitLookup, type UnitLookup } from "./unit-lookup";

export const PLATFORMS = ["wecom", "dingtalk"] as const;
export type Platform = (typeof PLATFORMS)[number];
/** "leader": a unit's 分管领导 or 主要负责人 (post), told only as the unit climbs the ladder (issue 23). */
export const MEMBER_ROLES = ["member", "supervisor", "leader"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
/** in_charge = 分管领导 (the 黄 rung), head = 主要负责人 (the 红 rung). */
export const LEADER_POSTS = ["in_charge", "head"] as const;
export type LeaderPost = (typeof LEADER_POSTS)[number];

export interface MemberInput {
  platform: Platform;
  userId: string;
  unit: string;
  name?: string;
  role?: MemberRole;
  /** For a leader: 分管领导 (default) or 主要负责人. */
  post?: LeaderPost;
  /** The liaison's B角: a user id on the same platform. */
  deputy?: string;
  /** 请假 至 this day (YYYY-MM-DD). */
  leaveUntil?: string;
}

/** Registers (or updates) a person as a member of a unit. Returns the canonical unit name. */
export async function addMember(db: Db | Tx, input: MemberInput, lookup?: UnitLookup): Promise<{ unit: string; created: boolean }> {
  const userId = input.userId.trim();
  if (!userId) throw new InputError("用户 ID 不能为空");
  if (input.leaveUntil !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.leaveUntil)) throw new InputError(`请假日期应为 YYYY-MM-DD（收到 "${input.leaveUntil}"）`);
  const unit = (lookup ?? (await loadUnitLookup(db))).require(input.unit);
  const key = { platform_userId_unitId: { platform: input.platform, userId, unitId: unit.id } };
  const existing = await db.member.findUnique({ where: key });
  const role = input.role ?? existing?.role ?? "member";
  // A post on someone who is not a leader would be stored and never used: refused, not dropped.
  if (input.post && role !== "leader") throw new InputError("--post 只用于 --role leader（分管领导 in_charge / 主要负责人 head）");
  const post = role === "leader" ? (input.post ?? existing?.post ?? "in_charge") : null;
  const extra = {
    post,
    ...(input.deputy !== undefined ? { deputyUserId: input.deputy.trim() || null } : {}),
    ...(input.leaveUntil !== undefined ? { leaveUntil: input.leaveUntil } : {}),
  };
  if (existing) {
    await db.member.update({ where: key, data: { name: input.name ?? existing.name, role, ...extra } });
    return { unit: unit.name, created: false };
  }
  await db.member.create({ data: { platform: input.platform, userId, unitId: unit.id, name: input.name ?? null, role, ...extra } });
  return { unit: unit.name, created: true };
}
