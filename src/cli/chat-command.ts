// `duban chat`: talk to duban from a terminal or a script, through exactly the same pipeline
// and database as the server: each stdin line is one message, each reply is printed.
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { clockStartingAt, systemClock } from "../clock";
import { createConversation } from "../conversation/create-conversation";
import { PLATFORMS, type Platform } from "../directory/members";
import { loadReminderSettings } from "../reminders/load-reminder-settings";
import { groupPushByChatId } from "../platforms/push-channels";
import { loadTemplates } from "../templates";
import type { CliContext } from "./context";
import { oneOf } from "./option-parsers";

export function registerChatCommand(program: Command, ctx: () => CliContext, input: () => NodeJS.ReadableStream): void {
  program
    .command("chat")
    .description("chat with duban on stdin/stdout, as a platform user (one message per line)")
    .option("--platform <platform>", PLATFORMS.join("|"), oneOf(PLATFORMS), "wecom")
    .requiredOption("--user <id>", "the sender's platform user id")
    .option("--name <name>", "the sender's display name")
    .option("--chat <id>", "the chat id (default: a 1:1 chat with the user)")
    .option("--group", "the chat is a group chat")
    .option("--quote <text>", "the first message quotes this text (a reminder being replied to)")
    .action(async (o: { platform: Platform; user: string; name?: string; chat?: string; group?: boolean; quote?: string }) => {
      const c = ctx();
      const { db } = await c.database();
      const handle = createConversation({
        db,
        templates: loadTemplates(),
        clock: c.config.now ? clockStartingAt(c.config.now) : systemClock,
        log: c.log,
        reminders: loadReminderSettings(c.config),
        pushByChatId: groupPushByChatId(c.config),
      });
      const interactive = Boolean((input() as NodeJS.ReadStream).isTTY);
      if (interactive) c.out(`duban chat — ${o.platform} 用户 ${o.user}${o.group ? `，群 ${o.chat ?? o.user}` : ""}；输入「帮助」，Ctrl-D 退出`);
      const session = `console-${Date.now().toString(36)}`;
      let n = 0;
      for await (const line of createInterface({ input: input(), terminal: false })) {
        if (!line.trim()) continue;
        n++;
        const r = await handle({
          platform: o.platform,
          messageId: `${session}-${n}`,
          chatId: o.chat ?? o.user,
          chatType: o.group ? "group" : "single",
          senderId: o.user,
          senderName: o.name,
          // A literal "\n" in a line stands for a line break: several reports in one message.
          text: line.replace(/\\n/g, "\n"),
          quotedText: n === 1 ? o.quote : undefined,
        });
        const mentions = r.mentions?.length ? `${r.mentions.map((m) => `@${m}`).join(" ")} ` : "";
        c.out(`${mentions}${r.text}`);
        if (interactive) c.out("");
      }
    });
}
