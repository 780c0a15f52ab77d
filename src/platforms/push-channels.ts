// The one place that knows which vendor channel pushes into a bound group chat (used by the
// delivery worker through src/delivery/group-destination.ts):
// - a group bound with a robot webhook: WeCom group robot / DingTalk custom robot (加签);
// - otherwise, by chat id: the WeCom AI bot's long connection, or DingTalk's internal-app
//   robot (groupMessages/send to the openConversationId), when those are configured.
import type { Config } from "../config";
import type { Channel } from "../delivery/channel";
import type { Db } from "../db/client";
import type { ResolvedDestination } from "../delivery/delivery-worker";
import { groupDestinationResolver, withDirectChannels, type GroupChannels } from "../delivery/group-destination";
import { createDingtalkApiClient } from "./dingtalk/api-client";
import { createAppRobotChannel } from "./dingtalk/app-robot-channel";
import { createCustomRobotChannel } from "./dingtalk/custom-robot";
import { createWecomApiClient } from "./wecom/api-client";
import { appMessageChannel } from "./wecom/app-channels";
import { responseUrlChannel } from "./wecom/late-reply-outbox";
import { robotWebhookChannel } from "./wecom/robot-webhook";

/**
 * The AI bot's long connection lives in the server process only; a CLI run (`duban remind`)
 * leaves such messages for the server instead of failing them.
 */
const elsewhere: Channel = {
  send: async () => ({ ok: false, retryable: true, error: "the WeCom AI bot long connection is held by the server process", retryAfterMs: 30_000 }),
};

export function createGroupChannels(config: Config, live: { wecomBot?: Channel } = {}): GroupChannels {
  const wecomRobot = robotWebhookChannel({ apiBase: config.wecom.apiBase });
  const robot = config.dingtalk.robot;
  // Cards only where their clicks are heard: the Stream connection (issue 22).
  const dingtalkApp = robot
    ? createAppRobotChannel(createDingtalkApiClient({ apiBase: config.dingtalk.apiBase, appKey: robot.appKey, appSecret: robot.appSecret, robotCode: robot.robotCode }), robot.cardTemplateId && robot.mode === "stream" ? { cardTemplateId: robot.cardTemplateId } : {})
    : undefined;
  return {
    webhook: {
      wecom: () => wecomRobot,
      dingtalk: (group) => createCustomRobotChannel({ secretFor: () => group.secret ?? undefined, oapiBase: config.dingtalk.oapiBase }),
    },
    byChatId: {
      wecom: live.wecomBot ?? (config.wecom.botWs ? elsewhere : undefined),
      dingtalk: dingtalkApp && { send: (chatId, message) => dingtalkApp.send(`group:${chatId}`, message) },
    },
  };
}

/**
 * Per platform: can duban push into a group by its chat id alone, with no robot webhook bound?
 * (WeCom: only through the AI bot's long connection; DingTalk: through the app's robot, which
 * is in every group that talks to duban.) Said at bind time, so a group is never bound
 * "successfully" with no way for reminders to reach it.
 */
export function groupPushByChatId(config: Config): Record<"wecom" | "dingtalk", boolean> {
  const byChatId = createGroupChannels(config).byChatId;
  return { wecom: Boolean(byChatId.wecom), dingtalk: Boolean(byChatId.dingtalk) };
}

/** The internal app's robot API client, when DingTalk is configured (personal messages, read state). */
export function dingtalkRobotClient(config: Config) {
  const robot = config.dingtalk.robot;
  return robot ? createDingtalkApiClient({ apiBase: config.dingtalk.apiBase, appKey: robot.appKey, appSecret: robot.appSecret, robotCode: robot.robotCode }) : undefined;
}

/**
 * Channels addressed directly by an outbox destination "<kind>:<target>": late replies, and the
 * personal nudges of the escalation ladder (issue 23) — "wecom-user:<userid>" through the
 * self-built app's message/send, "dingtalk-user:<staffId>" through the robot's 1:1 batchSend.
 * Each person is their own rate-limit key (the worker's per-robot window), so a nudge to one
 * liaison never waits behind another's, and no person gets more than the window allows.
 */
export function createDirectChannels(config: Config, live: { wecomBot?: Channel } = {}): Record<string, Channel | undefined> {
  const app = config.wecom.app;
  const dingtalk = dingtalkRobotClient(config);
  const dingtalkApp = dingtalk && createAppRobotChannel(dingtalk);
  return {
    "dingtalk-user": dingtalkApp && { send: (staffId, message) => dingtalkApp.send(`user:${staffId}`, message) },
    "wecom-bot": live.wecomBot ?? (config.wecom.botWs ? elsewhere : undefined),
    "wecom-user":
      app?.secret && app.agentId !== undefined
        ? appMessageChannel(createWecomApiClient({ apiBase: config.wecom.apiBase, corpId: app.corpId, secret: app.secret }), app.agentId)
        : undefined,
    "wecom-response": responseUrlChannel,
  };
}

/** Every outbox destination this process can reach: bound groups, then direct channels. */
export function createDestinationResolver(db: Db, config: Config, live: { wecomBot?: Channel } = {}): (destination: string) => Promise<ResolvedDestination> {
  return withDirectChannels(groupDestinationResolver(db, createGroupChannels(config, live)), createDirectChannels(config, live));
}
