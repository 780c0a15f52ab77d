// A person named in a chat command ("@王某某", "王某某", or a user id), among the registered
// members of the sender's platform: exactly one user id, or why not (none / several). Chat
// texts carry display names, not ids; a name two people share is asked back, never guessed.
import type { Db, Tx } from "../db/client";

export type Found = { userId: string; name: string | null } | { none: true } | { several: string[] };

export async function findPerson(db: Db | Tx, platform: string, said: string): Promise<Found> {
  const who = said.replace(/^@/, "").trim();
  const rows = await db.member.findMany({ where: { platform, OR: [{ name: who }, { userId: who }] }, select: { userId: true, name: true }, orderBy: { id: "asc" } });
  // An exact id wins over a name (an id is unique; a name may not be).
  const byId = rows.find((r) => r.userId === who);
  if (byId) return byId;
  const ids = [...new Set(rows.map((r) => r.userId))];
  if (!ids.length) return { none: true };
  if (ids.length > 1) return { several: ids };
  return rows[0]!;
}

/** The 落实方案 whose 责任领导 (as written: "王某某（副局长）") names this person, of this unit. */
export async function plansLedBy(db: Db | Tx, unitId: number, name: string | null): Promise<number[]> {
  if (!name) return [];
  const plans = await db.taskPlan.findMany({ where: { unitId, leader: { startsWith: name } }, select: { task: { select: { no: true } } } });
  return plans.map((p) => p.task.no).sort((a, b) => a - b);
}

/**
 * The unit's registered people whom a 落实方案 of these tasks names as 责任领导 ("王某某（副局长）"
 * starts with the member's name): told at 黄 with the 分管领导. Only the unit's own members.
 */
export async function planLeaderMembers(db: Db | Tx, unitId: number, taskIds: number[]): Promise<{ platform: string; userId: string; name: string | null; leaveUntil: string | null }[]> {
  if (!taskIds.length) return [];
  const leaders = (await db.taskPlan.findMany({ where: { unitId, taskId: { in: taskIds }, leader: { not: null } }, select: { leader: true } })).map((p) => p.leader!);
  if (!leaders.length) return [];
  const members = await db.member.findMany({ where: { unitId, role: { not: "supervisor" }, name: { not: null } }, orderBy: { id: "asc" } });
  return members.filter((m) => m.name!.length >= 2 && leaders.some((l) => l.startsWith(m.name!)));
}
