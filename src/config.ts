// Configuration, parsed once from an injectable env (main.ts passes process.env; tests pass
// their own object). A wrong value stops start-up with a message naming the variable.
import { z } from "zod";

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s ? s : undefined));

const encodingAesKey = z
  .string()
  .regex(/^[A-Za-z0-9]{43}$/, "must be the 43-character EncodingAESKey from the admin console");

const isoInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)) && /T/.test(s), "must be an ISO instant such as 2020-03-24T09:00:00+08:00")
  .transform((s) => new Date(s));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default("file:./data/duban.db")
    .refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), "must start with file: (SQLite) or postgresql:// (PostgreSQL)"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Business clock override (periods, deadlines, reminders); never used for protocol clocks. */
  DUBAN_NOW: isoInstant.optional(),
  DUBAN_SEED_PLAN: z.string().default("seeds/xuchang-2020-key-tasks.txt"),
  DUBAN_UNITS_FILE: z.string().default("seeds/units.yaml"),
  DUBAN_AUTO_IMPORT: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  DUBAN_SCHEDULE_FILE: z.string().default("seeds/schedule.yaml"),
  DUBAN_HOLIDAYS_FILE: z.string().default("seeds/holidays.yaml"),
  /** "false" turns the in-server scheduler off (e.g. on all but one of several web instances). */
  DUBAN_SCHEDULER: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** The bureau's dashboard and API (too short or unset: the dashboard does not start), and the
   *  bearer token for the operator endpoints (/metrics; without it they answer localhost only). */
  ADMIN_TOKEN: optionalString,

  WECOM_CORP_ID: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: encodingAesKey.optional(),
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_SECRET: optionalString,
  WECOM_BOT_TOKEN: optionalString,
  WECOM_BOT_ENCODING_AES_KEY: encodingAesKey.optional(),
  WECOM_API_BASE: z.url().default("https://qyapi.weixin.qq.com"),
  /** AI bot transport: "callback" (public URL /wecom/bot) or "ws" (long connection, outbound only). */
  WECOM_BOT_MODE: z.enum(["callback", "ws"]).default("callback"),
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_BOT_WS_URL: z.string().regex(/^wss?:\/\//, "must be a ws:// or wss:// URL").default("wss://openws.work.weixin.qq.com"),

  DINGTALK_APP_KEY: optionalString,
  DINGTALK_APP_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_MODE: z.enum(["http", "stream"]).default("http"),
  DINGTALK_API_BASE: z.url().default("https://api.dingtalk.com"),
  DINGTALK_OAPI_BASE: z.url().default("https://oapi.dingtalk.com"),

  /** Dashboard sign-in with WeCom / DingTalk: the pages' public address (the redirect_uri the
   *  consoles must trust); without it, the address the request came to. */
  DUBAN_PUBLIC_URL: z.url().optional(),
  /** How many reverse proxies stand before duban: 0 (default) reads the client address from the
   *  socket; N takes the N-th X-Forwarded-For entry from the right (the one a proxy added). */
  DUBAN_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  WECOM_LOGIN_BASE: z.url().default("https://login.work.weixin.qq.com"),
  DINGTALK_LOGIN_BASE: z.url().default("https://login.dingtalk.com"),
});

export interface WecomAppConfig {
  corpId: string;
  token: string;
  encodingAesKey: string;
  agentId?: number;
  secret?: string;
}

export interface WecomBotConfig {
  token: string;
  encodingAesKey: string;
}

export interface WecomBotWsConfig {
  botId: string;
  secret: string;
  wsUrl: string;
}

export interface DingtalkConfig {
  appKey: string;
  appSecret: string;
  robotCode?: string;
  mode: "http" | "stream";
}

/** Dashboard sign-in through WeCom's web login (企业微信扫码登录): the self-built app's credentials. */
export interface WecomSignInConfig {
  corpId: string;
  agentId: number;
  secret: string;
  apiBase: string;
  loginBase: string;
}

/** Dashboard sign-in through DingTalk's OAuth2 (钉钉登录): the internal app's Client ID/Secret (= AppKey/AppSecret). */
export interface DingtalkSignInConfig {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  oapiBase: string;
  loginBase: string;
}

export interface SignInConfig {
  publicUrl?: string;
  trustProxy: number;
  wecom?: WecomSignInConfig;
  dingtalk?: DingtalkSignInConfig;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  now?: Date;
  seedPlanFile: string;
  unitsFile: string;
  autoImport: boolean;
  scheduleFile: string;
  holidaysFile: string;
  scheduler: boolean;
  adminToken?: string;
  wecom: {
    app?: WecomAppConfig;
    bot?: WecomBotConfig;
    /** Set when WECOM_BOT_MODE=ws. */
    botWs?: WecomBotWsConfig;
    apiBase: string;
  };
  dingtalk: {
    robot?: DingtalkConfig;
    apiBase: string;
    oapiBase: string;
  };
  signIn: SignInConfig;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment. Throws ConfigError listing every bad variable by name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset" (a blank line in .env), not an invalid value.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const partial = (names: string[]) => {
    const set = names.filter((n) => cleaned[n] !== undefined);
    if (set.length > 0 && set.length < names.length) {
      const missing = names.filter((n) => cleaned[n] === undefined);
      throw new ConfigError(`invalid configuration:\n  ${missing.join(", ")}: required when ${set.join(", ")} is set`);
    }
    return set.length === names.length;
  };
  const hasWecomApp = partial(["WECOM_CORP_ID", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY"]);
  const hasWecomBot = partial(["WECOM_BOT_TOKEN", "WECOM_BOT_ENCODING_AES_KEY"]);
  const hasDingtalk = partial(["DINGTALK_APP_KEY", "DINGTALK_APP_SECRET"]);
  if (e.WECOM_BOT_MODE === "ws" && !(e.WECOM_BOT_ID && e.WECOM_BOT_SECRET)) {
    throw new ConfigError("invalid configuration:\n  WECOM_BOT_ID, WECOM_BOT_SECRET: required when WECOM_BOT_MODE=ws");
  }

  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    now: e.DUBAN_NOW,
    seedPlanFile: e.DUBAN_SEED_PLAN,
    unitsFile: e.DUBAN_UNITS_FILE,
    autoImport: e.DUBAN_AUTO_IMPORT,
    scheduleFile: e.DUBAN_SCHEDULE_FILE,
    holidaysFile: e.DUBAN_HOLIDAYS_FILE,
    scheduler: e.DUBAN_SCHEDULER,
    adminToken: e.ADMIN_TOKEN,
    wecom: {
      app: hasWecomApp
        ? {
            corpId: e.WECOM_CORP_ID!,
            token: e.WECOM_TOKEN!,
            encodingAesKey: e.WECOM_ENCODING_AES_KEY!,
            agentId: e.WECOM_AGENT_ID,
            secret: e.WECOM_SECRET,
          }
        : undefined,
      bot: hasWecomBot ? { token: e.WECOM_BOT_TOKEN!, encodingAesKey: e.WECOM_BOT_ENCODING_AES_KEY! } : undefined,
      botWs: e.WECOM_BOT_MODE === "ws" ? { botId: e.WECOM_BOT_ID!, secret: e.WECOM_BOT_SECRET!, wsUrl: e.WECOM_BOT_WS_URL } : undefined,
      apiBase: e.WECOM_API_BASE,
    },
    dingtalk: {
      robot: hasDingtalk
        ? { appKey: e.DINGTALK_APP_KEY!, appSecret: e.DINGTALK_APP_SECRET!, robotCode: e.DINGTALK_ROBOT_CODE, mode: e.DINGTALK_MODE }
        : undefined,
      apiBase: e.DINGTALK_API_BASE,
      oapiBase: e.DINGTALK_OAPI_BASE,
    },
    signIn: {
      publicUrl: e.DUBAN_PUBLIC_URL,
      trustProxy: e.DUBAN_TRUST_PROXY,
      // WeCom's web login needs the app's AgentID and Secret besides the CorpID (no callback token).
      wecom:
        e.WECOM_CORP_ID && e.WECOM_AGENT_ID && e.WECOM_SECRET
          ? { corpId: e.WECOM_CORP_ID, agentId: e.WECOM_AGENT_ID, secret: e.WECOM_SECRET, apiBase: e.WECOM_API_BASE, loginBase: e.WECOM_LOGIN_BASE }
          : undefined,
      dingtalk: hasDingtalk
        ? { clientId: e.DINGTALK_APP_KEY!, clientSecret: e.DINGTALK_APP_SECRET!, apiBase: e.DINGTALK_API_BASE, oapiBase: e.DINGTALK_OAPI_BASE, loginBase: e.DINGTALK_LOGIN_BASE }
        : undefined,
    },
  };
}

/** Which platforms are configured, for the start-up log and /healthz. */
export function platformStatus(config: Config): Record<string, boolean> {
  return {
    "wecom-app": Boolean(config.wecom.app),
    "wecom-bot": Boolean(config.wecom.bot || config.wecom.botWs),
    dingtalk: Boolean(config.dingtalk.robot),
  };
}

/** Every configured secret, so the logger can mask it wherever it appears. */
export function configSecrets(config: Config): string[] {
  const w = config.wecom;
  const d = config.dingtalk.robot;
  return [w.app?.secret, w.app?.token, w.app?.encodingAesKey, w.bot?.token, w.bot?.encodingAesKey, w.botWs?.secret, d?.appSecret, config.adminToken].filter(
    (s): s is string => Boolean(s),
  );
}
