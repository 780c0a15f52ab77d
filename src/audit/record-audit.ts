// 留痕: the one writer of the audit trail. Callers pass the transaction that made the change,
// so the trail row commits or rolls back with it — a report is never stored without its
// trail, nor a trail without its report. Rows are only ever created here.
import { userInfo } from "node:os";
import type { Db, Tx } from "../db/client";
import type { InboundMessage } from "../platforms/message";

export const AUDIT_ACTIONS = ["report.created", "report.superseded", "report.supplemented", "report.amended", "report.withdrawn", "group.bound", "member.added", "member.updated", "tongbao.published", "taskplan.set", "taskplan.replaced", "milestone.closed", "milestone.reopened", "task.closure_requested", "task.closed", "task.returned", "unit.urged", "dashboard.signed_in", "dashboard.signed_out", "dashboard.sign_in_refused", "extension.requested", "extension.approved", "extension.refused", "objection.raised", "objection.answered"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditActor {
  platform: string;
  id: string;
  name?: string | null;
  messageId?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  actor: AuditActor;
  at?: Date;
  taskId?: number;
  taskNo?: number;
  unitId?: number;
  unitName?: string;
  period?: string;
  detail?: Record<string, unknown>;
}

/** Who sent a chat message. */
export function messageActor(m: InboundMessage): AuditActor {
  return { platform: m.platform, id: m.senderId, name: m.senderName ?? null, messageId: m.messageId };
}

/** The operator at the command line: the operating-system account. */
export function cliActor(): AuditActor {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return { platform: "cli", id: name };
}

export async function recordAudit(tx: Db | Tx, e: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      action: e.action,
      ...(e.at ? { at: e.at } : {}),
      actorPlatform: e.actor.platform,
      actorId: e.actor.id,
      actorName: e.actor.name ?? null,
      messageId: e.actor.messageId ?? null,
      taskId: e.taskId ?? null,
      taskNo: e.taskNo ?? null,
      unitId: e.unitId ?? null,
      unitName: e.unitName ?? null,
      period: e.period ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    },
  });
}
