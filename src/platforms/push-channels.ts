// The one place that knows which vendor channel pushes into a bound group chat (used by the
// delivery worker through src/delivery/group-destination.ts):
// - a group bound with a robot webhook: WeCom group robot / DingTalk custom robot (加签);
// - otherwise, by chat id: the WeCom AI bot's long connection, or DingTalk's internal-app
//   robot (groupMessages/send to the openConversationId), when those are configured.
import type { Config } from "../config";
import type { Channel } from "../delivery/channel";
import type { GroupChannels } from "../delivery/group-destination";
import { createDingtalkApiClient } from "./dingtalk/api-client";
import { createAppRobotChannel } from "./dingtalk/app-robot-channel";
import { createCustomRobotChannel } from "./dingtalk/custom-robot";
import { createWecomApiClient } from "./wecom/api-client";
import { appMessageChannel } from "./wecom/app-channels";
import { responseUrlChannel } from "./wecom/late-reply-outbox";
import { robotWebhookChannel } from "./wecom/robot-webhook";

export function createGroupChannels(config: Config, live: { wecomBot?: Channel } = {}): GroupChannels {
  const wecomRobot = robotWebhookChannel({ apiBase: config.wecom.apiBase });
  const robot = config.dingtalk.robot;
  const dingtalkApp = robot
    ? createAppRobotChannel(createDingtalkApiClient({ apiBase: config.dingtalk.apiBase, appKey: robot.appKey, appSecret: robot.appSecret, robotCode: robot.robotCode }))
    : undefined;
  return {
    webhook: {
      wecom: () => wecomRobot,
      dingtalk: (group) => createCustomRobotChannel({ secretFor: () => group.secret ?? undefined }),
    },
    byChatId: {
      wecom: live.wecomBot,
      dingtalk: dingtalkApp && { send: (chatId, message) => dingtalkApp.send(`group:${chatId}`, message) },
    },
  };
}

/** Channels addressed directly by an outbox destination "<kind>:<target>" (late replies). */
export function createDirectChannels(config: Config): Record<string, Channel | undefined> {
  const app = config.wecom.app;
  return {
    "wecom-user":
      app?.secret && app.agentId !== undefined
        ? appMessageChannel(createWecomApiClient({ apiBase: config.wecom.apiBase, corpId: app.corpId, secret: app.secret }), app.agentId)
        : undefined,
    "wecom-response": responseUrlChannel,
  };
}
