// POST /dingtalk/callback: the enterprise internal robot's HTTP mode (消息接收地址). DingTalk
// calls it when someone @-mentions the robot in a group or writes to it 1:1.
// https://open.dingtalk.com/document/orgapp/receive-message
// Order matters: configuration, then the signed headers (a forger is turned away before we read
// a byte of body), then the bounded body, JSON and shape. Every refusal is a 4xx with a short
// reason and the handler is never called; the 200 is sent before the handler runs.
import type Router from "@koa/router";
import type { Config } from "../../config";
import { DubanError, InputError } from "../../errors";
import type { Logger } from "../../logger";
import type { MessageHandler } from "../message";
import { decodeRobotMessage } from "./decode";
import { cardDelivery } from "./interactive-card";
import { createInboundProcessor } from "./inbound";
import { readBoundedBody } from "../../http/read-body";
import { dingtalkOrigins, replyBySession } from "./session-reply";
import { verifyCallbackSignature } from "./verify";

export interface DingtalkRoutesDeps {
  config: Config["dingtalk"];
  handle: MessageHandler;
  log: Logger;
  /** The real clock (signature window, sessionWebhook expiry); tests pass their own. */
  now?: () => Date;
}

/** Registers the callback route; `idle()` resolves once the messages accepted so far are answered. */
export type DingtalkRoutes = ((router: Router) => void) & { idle(): Promise<void> };

export function dingtalkRoutes(deps: DingtalkRoutesDeps): DingtalkRoutes {
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child({ platform: "dingtalk", transport: "http" });
  const processor = createInboundProcessor({
    handle: deps.handle,
    log,
    now,
    reply: (decoded, reply) => replyBySession(decoded, reply, { allowedOrigins: dingtalkOrigins(deps.config.oapiBase, deps.config.apiBase), now }),
    ...cardDelivery(deps.config),
  });

  // DingTalk has its 200 before the handler runs: on shutdown, wait for those (see main.ts).
  const register = (router: Router) => {
    router.post("/dingtalk/callback", async (ctx) => {
      const robot = deps.config.robot;
      if (!robot) {
        // Set directly: a thrown 5xx would be masked as "internal error", and the operator
        // looking at this answer needs to know what to configure.
        ctx.status = 503;
        ctx.body = { ok: false, error: "dingtalk_not_configured", message: "DingTalk is not configured: set DINGTALK_APP_KEY and DINGTALK_APP_SECRET" };
        return;
      }
      const check = verifyCallbackSignature(
        { timestamp: ctx.req.headers.timestamp, sign: ctx.req.headers.sign },
        robot.appSecret,
        now(),
      );
      if (!check.ok) throw new DubanError(check.reason, { status: 401, expose: true, code: "bad_signature" });

      const raw = await readBoundedBody(ctx.req);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new InputError("body is not JSON", "malformed_json");
      }
      const decoded = decodeRobotMessage(body);
      if (!decoded.ok) throw new InputError(decoded.reason, "bad_message");

      const outcome = processor.accept(decoded.value);
      if (outcome === "duplicate") log.info({ msgId: decoded.value.message.messageId }, "redelivered message dropped");
      ctx.status = 200;
      ctx.body = {};
    });
  };
  return Object.assign(register, { idle: () => processor.idle() });
}
