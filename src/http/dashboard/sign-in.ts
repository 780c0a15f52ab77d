// After the vendor has said who someone is: only a directory member with the supervisor role
// on that platform gets a session; everyone else is refused with the reason. Every sign-in,
// refusal and sign-out goes into the audit trail (留痕), with the address it came from.
import { fileURLToPath } from "node:url";
import { recordAudit, type AuditAction } from "../../audit/record-audit";
import type { Db } from "../../db/client";
import type { Platform } from "../../directory/members";
import { loadTemplates, type Templates } from "../../templates";

export const SIGNIN_TEMPLATES = fileURLToPath(new URL("../../../templates/signin.zh-CN.yaml", import.meta.url));
let templates: Templates | undefined;
export const signInTemplates = (): Templates => (templates ??= loadTemplates(SIGNIN_TEMPLATES));

export type Refusal = "not_member" | "not_supervisor" | "outsider" | "bad_state" | "no_code" | "vendor_error";

export type Verdict = { ok: true; name: string | null } | { ok: false; reason: "not_member" | "not_supervisor"; units: string[] };

/** Whether `userId` on `platform` is a supervisor in the directory (of any unit). */
export async function supervisorVerdict(db: Db, platform: Platform, userId: string): Promise<Verdict> {
  const rows = await db.member.findMany({ where: { platform, userId }, include: { unit: { select: { name: true } } }, orderBy: { id: "asc" } });
  const supervisor = rows.find((r) => r.role === "supervisor");
  if (supervisor) return { ok: true, name: supervisor.name ?? rows.find((r) => r.name)?.name ?? null };
  return { ok: false, reason: rows.length ? "not_supervisor" : "not_member", units: rows.map((r) => r.unit.name) };
}

/** The sentence a refused person reads. */
export function refusalMessage(reason: Refusal, platform: Platform, userId?: string, units: string[] = []): string {
  const t = signInTemplates();
  return t.t(`refused.${reason}`, { platform: t.t(`platform.${platform}`), platformId: platform, userId: userId ?? "", units: units.join("、") });
}

export async function auditSignIn(
  db: Db,
  action: Extract<AuditAction, "dashboard.signed_in" | "dashboard.signed_out" | "dashboard.sign_in_refused">,
  who: { platform: string; userId?: string; name?: string | null },
  detail: Record<string, unknown>,
): Promise<void> {
  // A refusal before the vendor named anyone (bad state, no code) has no user id: "-".
  await recordAudit(db, { action, actor: { platform: who.platform, id: who.userId ?? "-", name: who.name ?? null }, detail });
}
