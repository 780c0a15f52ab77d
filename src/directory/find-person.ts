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

/** A title right after a name: "王某某副局长", "李某主任". */
const TITLE = /^(?:副|常务|局长|主任|书记|部长|市长|县长|区长|镇长|乡长|处长|科长|同志|主席|院长|厅长|常委|党组|总|秘书长|调研员|巡视员|组长|队长|行长|经理|董事|校长|所长|站长|馆长|委员|专员|会长|社长|台长)/;

/**
 * The 责任领导 as written ("王某某（副局长）", "王某某副局长", "王某某、李某") names this person: it
 * starts with the name and the name ends there — "张三丰（副局长）" is not 张三, who would be told
 * at 黄 as a leader of tasks he does not lead.
 */
export function leaderNames(leader: string, name: string): boolean {
  if (name.length < 2 || !leader.startsWith(name)) return false;
  const rest = leader.slice(name.length);
  return rest === "" || !/^\p{Script=Han}/u.test(rest) || TITLE.test(rest);
}

/** The 落实方案 whose 责任领导 (as written: "王某某（副局长）") names this person, of this unit. */
export async function plansLedBy(db: Db | Tx, unitId: number, name: string | null): Promise<number[]> {
  if (!name) return [];
  const plans = await db.taskPlan.findMany({ where: { unitId, leader: { startsWith: name } }, select: { leader: true, task: { select: { no: true } } } });
  return plans.filter((p) => leaderNames(p.leader!, name)).map((p) => p.task.no).sort((a, b) => a - b);
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
  return members.filter((m) => leaders.some((l) => leaderNames(l, m.name!)));
}
