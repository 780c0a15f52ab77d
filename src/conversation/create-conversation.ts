// The conversation layer: one neutral message in, one reply out. It knows no vendor. A message
// that changes something is handled in one short transaction together with its InboundEvent
// row, so a redelivery (same platform message id) finds the stored reply and nothing is
// processed twice. A read-only message (我的任务, 任务 N, 未报, …) writes nothing: it is
// answered from the in-memory read model, and a redelivery is simply answered again.
import type { Clock } from "../clock";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import type { InboundMessage, MessageHandler, Reply } from "../platforms/message";
import { MESSAGE_MAX_BYTES } from "../platforms/limits";
import { byteLength } from "../platforms/split-bytes";
import type { ModelMember } from "../read-model/directory-model";
import { DOMAINS, type Domain } from "../read-model/model-version";
import { createReadModel, type ReadModel, type ReadModelSnapshot } from "../read-model/read-model";
import { DEFAULT_SCHEDULE, type ScheduleConfig } from "../reminders/schedule-config";
import { createWorkCalendar, type WorkCalendar } from "../reminders/work-calendar";
import type { Templates } from "../templates";
import { route } from "./dispatch";
import { prepareText } from "./prepare-text";
import { createRecentReplies } from "./recent-replies";
import type { Turn } from "./turn";

/** Each counter's part of the snapshot. */
const PART: Record<Domain, keyof ReadModelSnapshot> = { directory: "directory", plan: "plan", reports: "reported", questions: "questions" };

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
  /** Shared with other readers in the process (the dashboard); made here when not given. */
  readModel?: ReadModel;
}

export function createConversation(deps: ConversationDeps): MessageHandler {
  const { db, templates, clock, log } = deps;
  const reminders = deps.reminders ?? { schedule: DEFAULT_SCHEDULE, calendar: createWorkCalendar() };
  const readModel = deps.readModel ?? createReadModel(db);
  // Wall time, not the business clock (DUBAN_NOW may stand still): ages of redeliveries.
  const recent = createRecentReplies({ max: 10_000, maxAgeMs: 60 * 60_000 });

  // A redelivery that arrives while the first delivery is still being handled here waits for
  // its reply rather than racing it to the database.
  const inFlight = new Map<string, Promise<Reply>>();

  return async function handle(message: InboundMessage): Promise<Reply> {
    const id = `${message.platform}\u0000${message.messageId}`;
    const running = inFlight.get(id);
    if (running) return running;
    const reply = handleOnce(message);
    inFlight.set(id, reply);
    try {
      return await reply;
    } finally {
      inFlight.delete(id);
    }
  };

  async function handleOnce(message: InboundMessage): Promise<Reply> {
    const key = { platform: message.platform, messageId: message.messageId };
    const already = recent.get(key.platform, key.messageId, Date.now());
    if (already) return already;

    const model = await readModel.current();
    const members = model.directory.membersOf(message.platform, message.senderId);
    if (!members.length) {
      // Not registered: say how to be added, and store nothing (not even the event).
      return { text: templates.t("not_member", { userId: message.senderId, platform: message.platform }) };
    }
    const base = buildTurn(model, message, members);
    const chosen = route(base);
    if (!chosen.writes) {
      const reply = fit(await chosen.run({ ...base, tx: db }), templates);
      recent.set(key.platform, key.messageId, reply, Date.now());
      return reply;
    }

    // A message that changes something: the durable guard. A redelivery after the first
    // delivery committed finds the stored reply.
    const seen = await storedReply(db, key);
    if (seen) return remember(seen);
    try {
      const reply = await db.$transaction(
        async (tx) => {
          // SQLite begins transactions DEFERRED: one that reads first cannot become a writer
          // once another connection (the CLI) has committed meanwhile, and fails with
          // SQLITE_BUSY instead of waiting. Writing the counter row takes the write lock now,
          // waiting its turn; on PostgreSQL it locks that row, which every write to the
          // model's tables bumps (triggers), so no such write commits until this one does.
          await tx.$executeRaw`UPDATE "ModelVersion" SET "id" = "id" WHERE "id" = 1`;
          // The model was read before waiting for that lock: whatever committed meanwhile (an
          // import, an unassign, a member removed, another message's bind) must decide this
          // run, not the model as it was.
          const fresh = await readModel.current(tx);
          let turn = { ...base, tx };
          let run = chosen;
          if (DOMAINS.some((d) => fresh[PART[d]] !== model[PART[d]])) {
            const now = fresh.directory.membersOf(message.platform, message.senderId);
            if (!now.length) return { text: templates.t("not_member", { userId: message.senderId, platform: message.platform }) };
            const again = buildTurn(fresh, message, now);
            turn = { ...again, tx };
            run = route(again);
          }
          const r = fit(await run.run(turn), templates);
          // Last, and one statement: the row is written only with its reply, and a concurrent
          // redelivery that got here first makes this insert fail and the whole run roll back.
          await tx.inboundEvent.create({ data: { ...key, reply: JSON.stringify(r) } });
          return r;
        },
        { timeout: 20_000, maxWait: 10_000 },
      );
      return remember(reply);
    } catch (e) {
      readModel.invalidate();
      // A redelivery that raced the first delivery: the first one's transaction committed
      // the event while ours ran; answer with its reply.
      if ((e as { code?: string }).code === "P2002") {
        const again = await storedReply(db, key);
        if (again) return remember(again);
      }
      log.error({ err: e, platform: message.platform, messageId: message.messageId }, "message handling failed");
      throw e;
    }

    function remember(reply: Reply): Reply {
      recent.set(key.platform, key.messageId, reply, Date.now());
      return reply;
    }
  }

  function buildTurn(model: ReadModelSnapshot, inbound: InboundMessage, members: ModelMember[]): Omit<Turn, "tx"> {
    // WeCom's app callback and the console carry no display name: the directory's name for the
    // member is what a report, the dashboard and the audit trail should show, not the user id.
    const known = inbound.senderName ?? members.find((m) => m.name)?.name;
    const message: InboundMessage = known ? { ...inbound, senderName: known } : inbound;
    const now = clock();
    const memberUnits = members.map((m) => m.unit);
    const group = message.chatType === "group" ? model.directory.group(message.platform, message.chatId) : null;
    const groupUnit = group?.unit && memberUnits.find((u) => u.id === group.unit!.id);
    return {
      model,
      templates: deps.templates,
      now,
      message,
      ...prepareText(message.text),
      memberUnits,
      actingUnits: groupUnit ? [groupUnit] : memberUnits,
      isSupervisor: members.some((m) => m.role === "supervisor"),
      groupPushByChatId: Boolean(deps.pushByChatId?.[message.platform]),
      group,
      plan: model.plan.planInForce(now, reminders.schedule),
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
