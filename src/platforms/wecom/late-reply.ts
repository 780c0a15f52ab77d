// Replies that were not ready within the callback's budget go out separately: the app's through
// message/send to the member, the AI bot's through the callback's response_url. This direct
// sender is the routes' default (tests, tools); the server passes outboxSendLater
// (late-reply-outbox.ts) so late replies get the outbox's retries and delivery log.
import type { Config } from "../../config";
import type { Channel } from "../../delivery/channel";
import type { Logger } from "../../logger";
import type { Reply } from "../message";
import { createWecomApiClient } from "./api-client";
import { appMessageChannel } from "./app-channels";
import { postToResponseUrl } from "./response-url";

export type LateReply = { via: "app"; userId: string; reply: Reply } | { via: "bot"; responseUrl?: string; reply: Reply };

export type SendLater = (late: LateReply) => Promise<void>;

export function defaultSendLater(deps: {
  config: Config["wecom"];
  log: Logger;
  /** The app's message/send channel, to share its token cache; built from config when absent. */
  appChannel?: Channel;
  fetch?: typeof fetch;
}): SendLater {
  const app = deps.config.app;
  const appChannel =
    deps.appChannel ??
    (app?.agentId !== undefined && app.secret
      ? appMessageChannel(createWecomApiClient({ apiBase: deps.config.apiBase, corpId: app.corpId, secret: app.secret, fetch: deps.fetch }), app.agentId)
      : undefined);
  return async (late) => {
    if (late.via === "app") {
      if (!appChannel) {
        deps.log.warn({ userId: late.userId }, "late WeCom app reply dropped: set WECOM_AGENT_ID and WECOM_SECRET so slow answers can be sent");
        return;
      }
      const result = await appChannel.send(late.userId, { text: late.reply.text, format: "text" });
      if (!result.ok) deps.log.error({ userId: late.userId, code: result.code, retryable: result.retryable, error: result.error }, "late WeCom app reply failed");
      return;
    }
    if (!late.responseUrl) {
      deps.log.warn("late WeCom AI bot reply dropped: the callback carried no response_url");
      return;
    }
    const result = await postToResponseUrl(late.responseUrl, late.reply.text, { fetch: deps.fetch });
    if (!result.ok) deps.log.error({ code: result.code, retryable: result.retryable, error: result.error }, "late WeCom AI bot reply failed");
    else if (result.truncated) deps.log.warn("late WeCom AI bot reply truncated to the markdown limit");
  };
}
