// Dashboard sessions, kept server-side (DashboardSession): the cookie carries only 32 random
// bytes; the table keeps their SHA-256, who signed in, and until when. 退出 revokes the row,
// so a copied cookie stops working at once, not at its expiry.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../db/client";

export const SESSION_COOKIE = "duban_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionUser {
  platform: string;
  userId: string;
  name: string | null;
}

const hashOf = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");
/** 32 bytes in base64url: 43 characters. Anything else is not ours and is never looked up. */
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/** Stores a new session; returns the cookie value. */
export async function createSession(db: Db, user: SessionUser & { ip: string }, now: Date): Promise<string> {
  const value = randomBytes(32).toString("base64url");
  await db.dashboardSession.create({
    data: { idHash: hashOf(value), platform: user.platform, userId: user.userId, name: user.name, ip: user.ip, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  });
  // Expired rows are of no use to anyone; a sign-in is a rare enough moment to drop them.
  await db.dashboardSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - SESSION_TTL_MS) } } });
  return value;
}

/** The person behind a cookie value, while the session is neither expired nor revoked. */
export async function findSession(db: Db, value: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!value || !WELL_FORMED.test(value)) return null;
  const row = await db.dashboardSession.findUnique({ where: { idHash: hashOf(value) } });
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  return { platform: row.platform, userId: row.userId, name: row.name };
}

/** Ends a session for good; returns who it was, or null if it was no live session. */
export async function revokeSession(db: Db, value: string | undefined, now: Date): Promise<SessionUser | null> {
  const user = await findSession(db, value, now);
  if (!user) return null;
  await db.dashboardSession.update({ where: { idHash: hashOf(value!) }, data: { revokedAt: now } });
  return user;
}
