// Who of a unit is reached personally, and who is @-mentioned in its group, on a given day
// (issue 23). Liaisons are the unit's members (role "member"); leaders (分管领导 / 主要负责人)
// are reached only by the rungs that name them. A person on leave (请假 至…, up to and
// including that day) is neither mentioned nor nudged: their deputy (B角) is, when one is set
// and is not on leave too. Never anyone outside the unit: a deputy is a colleague the unit
// named, and is counted with it.
import type { Db, Tx } from "../db/client";
import type { LeaderPost } from "./members";

export interface Recipient {
  platform: string;
  userId: string;
  name: string | null;
  /** Standing in for this person (on leave), when a deputy. */
  standsInFor?: string;
}

type Row = { platform: string; userId: string; name: string | null; role: string; post: string | null; deputyUserId: string | null; leaveUntil: string | null };

export const onLeave = (m: { leaveUntil: string | null }, today: string): boolean => Boolean(m.leaveUntil && m.leaveUntil >= today);

/** Everyone of the unit this day who is reached for `who`: its liaisons, or its leaders of a post. */
export async function unitRecipients(db: Db | Tx, unitId: number, who: "liaisons" | LeaderPost, today: string, platform?: string): Promise<Recipient[]> {
  const rows: Row[] = await db.member.findMany({ where: { unitId, ...(platform ? { platform } : {}) }, orderBy: { id: "asc" } });
  const picked = rows.filter((m) => (who === "liaisons" ? m.role === "member" : m.role === "leader" && (m.post ?? "in_charge") === who));
  // Anyone's leave, also a deputy's registered under another unit: one lookup per platform+user.
  const leaveOf = async (p: string, userId: string) =>
    (await db.member.findMany({ where: { platform: p, userId }, select: { leaveUntil: true, name: true } })).reduce<{ leaveUntil: string | null; name: string | null }>(
      (acc, r) => ({ leaveUntil: r.leaveUntil && (!acc.leaveUntil || r.leaveUntil > acc.leaveUntil) ? r.leaveUntil : acc.leaveUntil, name: acc.name ?? r.name }),
      { leaveUntil: null, name: null },
    );
  const out: Recipient[] = [];
  const seen = new Set<string>();
  const push = (r: Recipient) => {
    const k = `${r.platform}\u0000${r.userId}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(r);
  };
  for (const m of picked) {
    if (!onLeave(m, today)) {
      push({ platform: m.platform, userId: m.userId, name: m.name });
      continue;
    }
    if (!m.deputyUserId) continue;
    const deputy = await leaveOf(m.platform, m.deputyUserId);
    if (onLeave(deputy, today)) continue;
    push({ platform: m.platform, userId: m.deputyUserId, name: deputy.name, standsInFor: m.name ?? m.userId });
  }
  return out;
}

/** The ids to @-mention in the unit's group on `platform`: its liaisons, or their deputies while they are away. */
export async function groupMentions(db: Db | Tx, unitId: number, platform: string, today: string): Promise<string[]> {
  return (await unitRecipients(db, unitId, "liaisons", today, platform)).map((r) => r.userId);
}

/** 请假: sets the leave of every membership of a person (their units all see them away). */
export async function setLeave(db: Db | Tx, platform: string, userId: string, until: string | null): Promise<number> {
  return (await db.member.updateMany({ where: { platform, userId }, data: { leaveUntil: until } })).count;
}
