import type { Command } from "commander";
import { oneOf } from "./option-parsers";
import type { CliContext } from "./context";
import { addMember, LEADER_POSTS, MEMBER_ROLES, PLATFORMS, type LeaderPost, type MemberRole, type Platform } from "../directory/members";
import { bindGroup } from "../directory/groups";
import { loadDirectoryFile } from "../directory/load-directory";
import { cliActor, recordAudit } from "../audit/record-audit";
import { pushChannelNote } from "../directory/push-channel-note";
import type { WebhookBases } from "../directory/webhook-url";
import { groupPushByChatId } from "../platforms/push-channels";
import { loadTemplates } from "../templates";

export function registerDirectoryCommands(program: Command, ctx: () => CliContext): void {
  const member = program.command("member").description("members: who speaks for which unit");
  member
    .command("add")
    .description("register a platform user as a member (or supervisor) of a unit")
    .requiredOption("--platform <platform>", PLATFORMS.join("|"), oneOf(PLATFORMS))
    .requiredOption("--user <id>", "WeCom userid / DingTalk staffId")
    .requiredOption("--unit <name>", "unit name (aliases and short names work)")
    .option("--name <name>", "display name")
    .option("--role <role>", MEMBER_ROLES.join("|"), oneOf(MEMBER_ROLES))
    .option("--post <post>", `with --role leader: ${LEADER_POSTS.join("|")} (分管领导 / 主要负责人)`, oneOf(LEADER_POSTS))
    .option("--deputy <id>", "the liaison's deputy (B角), a user id on the same platform; \"\" clears it")
    .option("--leave-until <date>", "on leave up to and including YYYY-MM-DD (请假); the deputy is reminded instead")
    .action(async (o: { platform: Platform; user: string; unit: string; name?: string; role?: MemberRole; post?: LeaderPost; deputy?: string; leaveUntil?: string }) => {
      const c = ctx();
      const r = await (await c.database()).db.$transaction(async (tx) => {
        const added = await addMember(tx, { platform: o.platform, userId: o.user, unit: o.unit, name: o.name, role: o.role, post: o.post, deputy: o.deputy, leaveUntil: o.leaveUntil });
        await recordAudit(tx, { action: added.created ? "member.added" : "member.updated", actor: cliActor(), unitName: added.unit, detail: { platform: o.platform, userId: o.user, name: o.name, role: o.role, post: o.post, deputy: o.deputy, leaveUntil: o.leaveUntil } });
        return added;
      });
      c.out(`${r.created ? "已添加" : "已更新"}：${o.platform} 用户 ${o.user} → ${r.unit}${o.role === "supervisor" ? "（督查）" : o.role === "leader" ? (o.post === "head" ? "（主要负责人）" : "（分管领导）") : ""}`);
    });

  const group = program.command("group").description("group chats: which unit a chat belongs to");
  group
    .command("bind")
    .description("bind a group chat to a unit, or to the supervision bureau")
    .requiredOption("--platform <platform>", PLATFORMS.join("|"), oneOf(PLATFORMS))
    .requiredOption("--chat <id>", "WeCom chatid / DingTalk openConversationId")
    .option("--unit <name>", "the unit this group belongs to")
    .option("--supervision", "this is the supervision (督查) group")
    .option("--webhook <url>", "group robot webhook URL used to push into the group")
    .option("--secret <secret>", "DingTalk custom robot 加签 secret (SEC…)")
    .action(async (o: { platform: Platform; chat: string; unit?: string; supervision?: boolean; webhook?: string; secret?: string }) => {
      const c = ctx();
      const r = await (await c.database()).db.$transaction(async (tx) => {
        const bound = await bindGroup(tx, { platform: o.platform, chatId: o.chat, unit: o.unit, supervision: o.supervision, webhookUrl: o.webhook, secret: o.secret, webhookBases: webhookBases(c) });
        await recordAudit(tx, { action: "group.bound", actor: cliActor(), unitName: o.unit ? bound.target : undefined, detail: { platform: o.platform, chatId: o.chat, target: bound.target, created: bound.created, webhook: o.webhook !== undefined } });
        return bound;
      });
      c.out(`${r.created ? "已绑定" : "已更新"}：${o.platform} 群 ${o.chat} → ${r.target}`);
      const note = pushChannelNote(o.platform, {
        hasWebhook: r.hasWebhook,
        byChatId: groupPushByChatId(c.config)[o.platform],
        chatId: o.chat,
        target: o.supervision ? "--supervision" : `--unit ${r.target}`,
      });
      const text = loadTemplates().t(note.key, note.vars);
      if (note.missing) c.warn(text);
      else c.out(text);
    });

  program
    .command("directory")
    .description("bulk directory operations")
    .command("load")
    .description("load members and group bindings from a YAML file (all or nothing)")
    .argument("<file>", "YAML with members: and groups: lists")
    .action(async (file: string) => {
      const c = ctx();
      const r = await loadDirectoryFile((await c.database()).db, file, webhookBases(c));
      c.out(`成员：新增 ${r.members.created}、更新 ${r.members.updated}；群：新增 ${r.groups.created}、更新 ${r.groups.updated}`);
    });
}

/** Robot webhooks must live where this deployment's platform APIs live. */
function webhookBases(c: CliContext): WebhookBases {
  return { wecom: c.config.wecom.apiBase, dingtalk: c.config.dingtalk.oapiBase };
}
