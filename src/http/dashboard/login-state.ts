// The OAuth `state` (against CSRF: a callback must answer a sign-in this server started):
// random, stored with the platform and the page to return to, valid STATE_TTL_MS and taken
// once — the first callback deletes it, so a replayed or forged callback finds nothing.
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";

/** Long enough to scan a QR code and confirm on the phone. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export async function issueState(db: Db, platform: string, next: string, now: Date): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  await db.loginState.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.loginState.create({ data: { state, platform, next, expiresAt: new Date(now.getTime() + STATE_TTL_MS) } });
  return state;
}

/** The page to return to, when `state` was issued for `platform`, is unexpired and not yet taken. */
export async function takeState(db: Db, state: unknown, platform: string, now: Date): Promise<string | null> {
  if (typeof state !== "string" || !/^[A-Za-z0-9_-]{32}$/.test(state)) return null;
  const row = await db.loginState.findUnique({ where: { state } });
  if (!row) return null;
  // deleteMany's count decides who took it when two callbacks race.
  const { count } = await db.loginState.deleteMany({ where: { state } });
  if (count !== 1 || row.platform !== platform || row.expiresAt <= now) return null;
  return row.next;
}
