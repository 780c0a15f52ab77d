// Registers WeCom's callback URLs on the app's router: /wecom/callback (self-built app) and
// /wecom/bot (AI bot). A URL whose platform is not configured answers 404 with the reason, so
// a misdirected console check fails visibly instead of looking like a broken server.
import type { Router, RouterMiddleware } from "@koa/router";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import type { MessageHandler, Reply } from "../message";
import type { Freshness } from "./crypto";
import { appCallback, type AppCallbackDeps } from "./app-callback";
import { appMessageChannel } from "./app-channels";
import { botCallback } from "./bot-callback";
import { WecomRequestError } from "./errors";
import { defaultSendLater, type SendLater } from "./late-reply";
import { CALLBACK_BODY_LIMIT as MAX_CALLBACK_BODY_BYTES } from "../../http/read-body";
import { createRecentMessages } from "./recent-messages";
import { createWecomApiClient } from "./api-client";
import { updateAppCardButton } from "./template-card";

export interface WecomRouteDeps {
  config: Config["wecom"];
  handle: MessageHandler;
  log: Logger;
  /** Protocol clock (never DUBAN_NOW): timestamp freshness and reply timestamps. */
  now?: () => Date;
  /** Largest accepted |now − request timestamp|; default 5 minutes, Infinity turns it off. */
  maxClockSkewMs?: number;
  /** How long a callback waits for the handler before answering empty; default 3000 (WeCom allows 5 s). */
  replyBudgetMs?: number;
  bodyLimitBytes?: number;
  /** How slow replies go out; default: message/send (app) and response_url (AI bot), directly. */
  sendLater?: SendLater;
}

function notConfigured(message: string): RouterMiddleware {
  return () => {
    throw new WecomRequestError("not_configured", message);
  };
}

export function wecomRoutes(deps: WecomRouteDeps): (router: Router) => void {
  const log = deps.log.child({ platform: "wecom" });
  const freshness: Freshness = { now: deps.now ?? (() => new Date()), maxSkewMs: deps.maxClockSkewMs ?? 5 * 60_000 };
  const common = {
    handle: deps.handle,
    replyBudgetMs: deps.replyBudgetMs ?? 3000,
    sendLater: deps.sendLater ?? defaultSendLater({ config: deps.config, log }),
    freshness,
    bodyLimitBytes: deps.bodyLimitBytes ?? MAX_CALLBACK_BODY_BYTES,
  };
  const app = deps.config.app
    ? appCallback({ ...common, app: deps.config.app, log: log.child({ via: "app" }), recent: createRecentMessages<Reply>(), ...appCardUpdates(deps.config, log) })
    : undefined;
  const bot = deps.config.bot
    ? botCallback({ ...common, bot: deps.config.bot, log: log.child({ via: "bot" }), recent: createRecentMessages<Reply>() })
    : undefined;
  const noApp = "WeCom app not configured";
  const noBot = deps.config.botWs ? "WeCom AI bot callback not configured (WECOM_BOT_MODE=ws: the bot uses the long connection)" : "WeCom AI bot not configured";
  return (router) => {
    router.get("/wecom/callback", app?.verify ?? notConfigured(noApp));
    router.post("/wecom/callback", app?.receive ?? notConfigured(noApp));
    router.get("/wecom/bot", bot?.verify ?? notConfigured(noBot));
    router.post("/wecom/bot", bot?.receive ?? notConfigured(noBot));
  };
}

/** Card updates through the app's API, when the app has the secret to call it (issue 22). */
function appCardUpdates(config: Config["wecom"], log: Logger): Pick<AppCallbackDeps, "updateCard" | "sendCard"> {
  const app = config.app;
  if (!app?.secret || app.agentId === undefined) return {};
  const client = createWecomApiClient({ apiBase: config.apiBase, corpId: app.corpId, secret: app.secret });
  const agentId = app.agentId;
  const channel = appMessageChannel(client, agentId);
  return {
    async sendCard(userId, card) {
      const result = await channel.send(userId, { text: "", format: "text", card });
      if (!result.ok) log.warn({ code: result.code, error: result.error }, "WeCom card not sent");
    },
    async updateCard(u) {
      const result = await updateAppCardButton(client, agentId, u);
      if (!result.ok) log.warn({ code: result.code, error: result.error }, "WeCom update_template_card refused");
    },
  };
}
