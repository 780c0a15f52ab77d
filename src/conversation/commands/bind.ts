import { messageActor, recordAudit } from "../../audit/record-audit";
import { bindGroup } from "../../directory/groups";
import { UnknownUnitError } from "../../errors";
import { command } from "../command";
import { pushChannelNote } from "../../directory/push-channel-note";
import { reply, say, unknownUnitText } from "../turn";

export const bind = command({
  name: "bind",
  access: "supervisor",
  actionName: "绑定群",
  parse: (text) => {
    const m = /^绑定\s*(.*)$/s.exec(text);
    return m ? { target: m[1]!.trim() } : null;
  },
  async run(turn, { target }: { target: string }) {
    if (turn.message.chatType !== "group") return reply(say(turn, "bind.only_in_group"));
    if (!target) return reply(say(turn, "bind.needs_unit"));
    const supervision = /^(督查|督查群|督查局群)$/.test(target);
    try {
      const r = await bindGroup(turn.tx, { platform: turn.message.platform, chatId: turn.message.chatId, unit: supervision ? undefined : target, supervision });
      await recordAudit(turn.tx, { action: "group.bound", actor: messageActor(turn.message), at: turn.now, unitName: supervision ? undefined : r.target, detail: { platform: turn.message.platform, chatId: turn.message.chatId, target: r.target, created: r.created } });
      const done = supervision ? say(turn, "bind.supervision_done") : say(turn, "bind.done", { unit: r.target });
      const push = pushChannelNote(turn.message.platform, {
        hasWebhook: r.hasWebhook,
        byChatId: Boolean(turn.groupPushByChatId),
        chatId: turn.message.chatId,
        target: supervision ? "--supervision" : `--unit ${r.target}`,
      });
      return reply(`${done}\n${say(turn, push.key, push.vars)}`);
    } catch (e) {
      if (!(e instanceof UnknownUnitError)) throw e;
      return reply(unknownUnitText(turn, target, e.suggestions));
    }
  },
});
