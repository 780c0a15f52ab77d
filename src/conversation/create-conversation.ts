// The conversation layer: one neutral message in, one reply out. It knows no vendor. Each
// message is handled in one transaction together with its InboundEvent row, so a redelivery
// (same platform message id) finds the stored reply and nothing is processed twice.
import type { Clock } from "../clock";
import type { Db, Tx } from "../db/client";
import type { Logger } from "../logger";
import type { InboundMessage, MessageHandler, Reply } from "../platforms/message";
import { MESSAGE_MAX_BYTES } from "../platforms/limits";
import { byteLength } from "../platforms/split-bytes";
import { planInForce } from "../reporting/plan-status";
import { DEFAULT_SCHEDULE, type ScheduleConfig } from "../reminders/schedule-config";
import { createWorkCalendar, type WorkCalendar } from "../reminders/work-calendar";
import type { Templates } from "../templates";
import { dispatch } from "./dispatch";
import { prepareText } from "./prepare-text";
import type { Turn } from "./turn";

/** Every reply fits every platform in one message. */
export const REPLY_MAX_BYTES = MESSAGE_MAX_BYTES;

export interface ConversationDeps {
  db: Db;
  templates: Templates;
  clock: Clock;
  log: Logger;
  /** The reminder schedule and calendar: they decide how long a late report goes to the previous quarter. */
  reminders?: { schedule: ScheduleConfig; calendar: WorkCalendar };
  /** Platforms that push into a group by chat id, without a robot webhook (src/platforms/push-channels.ts). */
  pushByChatId?: Partial<Record<InboundMessage["platform"], boolean>>;
}

export function createConversation(deps: ConversationDeps): MessageHandler {
  const { db, templates, clock, log } = deps;
  const reminders = deps.reminders ?? { schedule: DEFAULT_SCHEDULE, calendar: createWorkCalendar() };

  return async function handle(message: InboundMessage): Promise<Reply> {
    const key = { platform: message.platform, messageId: message.messageId };
    const seen = await storedReply(db, key);
    if (seen) return seen;

    const members = await db.member.findMany({
      where: { platform: message.platform, userId: message.senderId },
      include: { unit: { select: { id: true, name: true } } },
      orderBy: { id: "asc" },
    });
    if (!members.length) {
      // Not registered: say how to be added, and store nothing (not even the event).
      return { text: templates.t("not_member", { userId: message.senderId, platform: message.platform }) };
    }

    try {
      return await db.$transaction(
        async (tx) => {
          await tx.inboundEvent.create({ data: key });
          const turn = await buildTurn(tx, deps, message, members);
          const reply = fit(await dispatch(turn), templates);
          await tx.inboundEvent.update({ where: { platform_messageId: key }, data: { reply: JSON.stringify(reply) } });
          return reply;
        },
        { timeout: 20_000, maxWait: 10_000 },
      );
    } catch (e) {
      // A redelivery that raced the first delivery: the first one's transaction committed
      // the event while ours waited; answer with its reply.
      if ((e as { code?: string }).code === "P2002") {
        const again = await storedReply(db, key);
        if (again) return again;
      }
      log.error({ err: e, platform: message.platform, messageId: message.messageId }, "message handling failed");
      throw e;
    }
  };

  async function buildTurn(tx: Tx, deps: ConversationDeps, inbound: InboundMessage, members: { role: string; name: string | null; unit: { id: number; name: string } }[]): Promise<Turn> {
    // WeCom's app callback and the console carry no display name: the directory's name for the
    // member is what a report, the dashboard and the audit trail should show, not the user id.
    const known = inbound.senderName ?? members.find((m) => m.name)?.name;
    const message: InboundMessage = known ? { ...inbound, senderName: known } : inbound;
    const now = clock();
    const memberUnits = members.map((m) => m.unit);
    const group =
      message.chatType === "group"
        ? await tx.chatGroup.findUnique({
            where: { platform_chatId: { platform: message.platform, chatId: message.chatId } },
            include: { unit: { select: { id: true, name: true } } },
          })
        : null;
    const groupUnit = group?.unit && memberUnits.find((u) => u.id === group.unit!.id);
    return {
      tx,
      templates: deps.templates,
      now,
      message,
      ...prepareText(message.text),
      memberUnits,
      actingUnits: groupUnit ? [groupUnit] : memberUnits,
      isSupervisor: members.some((m) => m.role === "supervisor"),
      groupPushByChatId: Boolean(deps.pushByChatId?.[message.platform]),
      group,
      plan: await planInForce(tx, now, reminders.schedule),
      reminders,
    };
  }
}

async function storedReply(db: Db, key: { platform: string; messageId: string }): Promise<Reply | null> {
  const event = await db.inboundEvent.findUnique({ where: { platform_messageId: key } });
  return event?.reply ? (JSON.parse(event.reply) as Reply) : null;
}

/** Replies are designed to fit; this is the guard that keeps a surprise within the limit. */
function fit(reply: Reply, templates: Templates): Reply {
  if (byteLength(reply.text) <= REPLY_MAX_BYTES) return reply;
  const tail = `\n${templates.t("truncated")}`;
  let text = "";
  for (const line of reply.text.split("\n")) {
    if (byteLength(`${text}\n${line}${tail}`) > REPLY_MAX_BYTES) break;
    text = text ? `${text}\n${line}` : line;
  }
  return { ...reply, text: text + tail };
}
