// The custom group robot (自定义机器人) as a delivery Channel: how scheduled reminders reach a
// group bound with `duban group bind --platform dingtalk --webhook URL --secret SEC…`.
// Scheduled pushes never use a sessionWebhook: that URL expires ~90 minutes after the message
// that carried it, and a reminder has no message to answer.
// https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages
// https://open.dingtalk.com/document/robots/customize-robot-security-settings (加签)
import type { Channel, OutboundMessage, SendResult } from "../../delivery/channel";
import { postRobotMessage, type PostDeps } from "./post-robot-message";
import { renderRobotMessages } from "./render";
import { signWebhookUrl } from "./verify";

export interface CustomRobotChannelDeps extends PostDeps {
  /**
   * The group's 加签 secret (SEC…) for a webhook URL — ChatGroup.secret of the group bound with
   * that webhook — or undefined for a robot secured by keyword or IP only. Looked up per send,
   * so the secret never travels in an outbox row or a log line, and a re-bound group's new
   * secret is used at once.
   */
  secretFor: (webhookUrl: string) => string | undefined | Promise<string | undefined>;
  /** The real clock (the signature's timestamp must be within DingTalk's hour). */
  now?: () => Date;
  /** Webhook URLs must be `<oapiBase>/robot/send?…` (default DingTalk's); anything else is refused. */
  oapiBase?: string;
}

/**
 * `destination` is the webhook URL as bound (https://oapi.dingtalk.com/robot/send?access_token=…).
 * A long text goes as several messages, in order; part i carries msgUuid `${idempotencyKey}`
 * (first) or `${idempotencyKey}#${i}`, so a retry after a partial failure lets DingTalk drop the
 * parts it already has.
 */
export function createCustomRobotChannel(deps: CustomRobotChannelDeps): Channel {
  const now = deps.now ?? (() => new Date());
  return {
    async send(destination: string, message: OutboundMessage): Promise<SendResult> {
      // The URL comes from the database; refusing other hosts keeps a mistyped (or planted)
      // binding from sending chat content and the signed token anywhere else.
      let url: URL;
      try {
        url = new URL(destination);
      } catch {
        return { ok: false, retryable: false, error: "destination is not a webhook URL" };
      }
      const expected = new URL("robot/send", `${(deps.oapiBase ?? "https://oapi.dingtalk.com").replace(/\/?$/, "/")}`);
      if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
        return { ok: false, retryable: false, error: `webhook URL must start with ${expected.origin}${expected.pathname}` };
      }
      let secret: string | undefined;
      try {
        secret = await deps.secretFor(destination);
      } catch (err) {
        // The lookup (the database) failing says nothing about the message: try again later.
        return { ok: false, retryable: true, code: "secret_lookup", error: `could not look up the robot's secret: ${err instanceof Error ? err.message : String(err)}` };
      }
      const bodies = renderRobotMessages(message);
      for (const [i, body] of bodies.entries()) {
        const key = message.idempotencyKey;
        const withUuid = key ? { ...body, msgUuid: i === 0 ? key : `${key}#${i}` } : body;
        // Signed per request: the timestamp must be fresh even when parts or retries come late.
        const result = await postRobotMessage(signWebhookUrl(destination, secret, now()), withUuid, deps);
        if (!result.ok) return bodies.length > 1 ? { ...result, error: `part ${i + 1}/${bodies.length}: ${result.error}` } : result;
      }
      return { ok: true };
    },
  };
}
