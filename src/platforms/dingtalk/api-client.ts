// The internal app's robot API (api.dingtalk.com v1.0): its access token, group messages to an
// openConversationId and 1:1 messages to people. Every call answers a SendResult-style value,
// never throws: the delivery layer needs "retry later" or "give up", not a stack trace.
import { tokenCache, type TokenAnswer } from "../token-cache";
import { DEFAULT_TIMEOUT_MS, networkFailure, retryAfterMs, type SendFailure } from "./post-robot-message";

/** Refresh this long before DingTalk's expiry, so no request leaves with a dying token. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** DingTalk's per-call limit for oToMessages/batchSend. */
export const BATCH_SEND_MAX_USERS = 20;

export interface DingtalkApiDeps {
  apiBase: string;
  appKey: string;
  appSecret: string;
  /** The robot's code; for an internal app's robot the console shows the AppKey here. */
  robotCode?: string;
  /** The real clock, for token expiry. */
  now?: () => Date;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type Failure = SendFailure;
export type ApiResult<T> = { ok: true; data: T } | Failure;

export interface MarkdownMessage {
  title: string;
  text: string;
}

export interface BatchSendResult {
  /** User ids DingTalk does not know (permanent for them). */
  invalidUserIds: string[];
  /** User ids DingTalk throttled (worth retrying for them). */
  flowControlledUserIds: string[];
  /** One per call: the key of the read-state query (readStatus). */
  processQueryKeys: string[];
}

/** Who of a 1:1 send has read it, and when. */
export interface ReadInfo {
  userId: string;
  read: boolean;
  readAt?: Date;
}

export interface DingtalkApiClient {
  accessToken(): Promise<ApiResult<string>>;
  sendGroupMarkdown(openConversationId: string, message: MarkdownMessage): Promise<ApiResult<{ processQueryKey?: string }>>;
  /** Any number of users: sent in calls of at most 20, in order. */
  sendUsersMarkdown(userIds: readonly string[], message: MarkdownMessage): Promise<ApiResult<BatchSendResult>>;
  /** The interactive card API (issue 22): POST createAndDeliver, PUT an instance's data; see interactive-card.ts. */
  cardCall(method: "POST" | "PUT", path: string, body: unknown): Promise<ApiResult<Record<string, unknown>>>;
  robotCode: string;
  /** Any v1.0 call with the token (refreshed once when refused): the answer's JSON, or why not. */
  request(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<ApiResult<Record<string, unknown>>>;
  /** The read state of one 1:1 send, by the processQueryKey batchSend answered. */
  readStatus(processQueryKey: string): Promise<ApiResult<ReadInfo[]>>;
}

export function createDingtalkApiClient(deps: DingtalkApiDeps): DingtalkApiClient {
  const now = deps.now ?? (() => new Date());
  const robotCode = deps.robotCode ?? deps.appKey;
  // Appended, not resolved: a base behind a proxy may carry a path prefix.
  const base = deps.apiBase.replace(/\/+$/, "");

  type Answer = { status: number; json: Record<string, unknown>; retryAfter?: number };

  async function call(path: string, body: unknown, token?: string, method: "GET" | "POST" | "PUT" | "DELETE" = "POST"): Promise<Answer | Failure> {
    try {
      const res = await (deps.fetch ?? fetch)(`${base}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { "x-acs-dingtalk-access-token": token } : {}) },
        ...(method === "GET" || method === "DELETE" ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
      } catch {
        if (res.ok) return { ok: false, retryable: true, code: res.status, error: "answer is not JSON" };
      }
      const retryAfter = retryAfterMs(res.headers.get("retry-after"));
      return { status: res.status, json, ...(retryAfter !== undefined ? { retryAfter } : {}) };
    } catch (err) {
      return networkFailure(err);
    }
  }

  // https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
  async function fetchToken(): Promise<TokenAnswer<Failure>> {
    const r = await call("/v1.0/oauth2/accessToken", { appKey: deps.appKey, appSecret: deps.appSecret });
    if ("ok" in r) return r;
    if (r.status !== 200 || typeof r.json.accessToken !== "string") return failureOf(r, "no accessToken in answer");
    return { ok: true, token: r.json.accessToken, expiresInMs: (typeof r.json.expireIn === "number" ? r.json.expireIn : 7200) * 1000 };
  }

  /** Cached; concurrent callers share one token request (DingTalk rate-limits it). */
  const tokens = tokenCache<Failure>(fetchToken, { marginMs: TOKEN_REFRESH_MARGIN_MS, now: () => now().getTime() });
  async function accessToken(): Promise<ApiResult<string>> {
    const t = await tokens.get();
    return t.ok ? { ok: true, data: t.token } : t;
  }

  /** A call with the token; a token DingTalk no longer accepts is dropped and the call made once more. */
  async function authed(path: string, body: unknown, method: "GET" | "POST" | "PUT" | "DELETE" = "POST"): Promise<Answer | Failure> {
    for (let attempt = 0; ; attempt++) {
      const token = await accessToken();
      if (!token.ok) return token;
      const r = await call(path, body, token.data, method);
      if ("ok" in r || !isAuthError(r.status, r.json) || attempt > 0) return r;
      tokens.invalidate(token.data);
    }
  }

  return {
    accessToken,
    robotCode,

    async cardCall(method, path, body) {
      const r = await authed(path, body, method);
      if ("ok" in r) return r;
      // v1.0 card answers: HTTP 200 {success: true, result}; a refusal is a 4xx with {code, message}.
      if (r.status !== 200 || r.json.success === false) return failureOf(r);
      return { ok: true, data: r.json };
    },

    async request(method, path, body) {
      const r = await authed(path, body, method);
      if ("ok" in r) return r;
      if (r.status !== 200) return failureOf(r);
      return { ok: true, data: r.json };
    },

    // https://open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message
    async sendGroupMarkdown(openConversationId, message) {
      const r = await authed("/v1.0/robot/groupMessages/send", {
        robotCode,
        openConversationId,
        msgKey: "sampleMarkdown",
        msgParam: JSON.stringify(message),
      });
      if ("ok" in r) return r;
      if (r.status !== 200) return failureOf(r);
      return { ok: true, data: typeof r.json.processQueryKey === "string" ? { processQueryKey: r.json.processQueryKey } : {} };
    },

    // https://open.dingtalk.com/document/orgapp/chatbots-send-one-on-one-chat-messages-in-batches
    async sendUsersMarkdown(userIds, message) {
      const result: BatchSendResult = { invalidUserIds: [], flowControlledUserIds: [], processQueryKeys: [] };
      for (let i = 0; i < userIds.length; i += BATCH_SEND_MAX_USERS) {
        const r = await authed("/v1.0/robot/oToMessages/batchSend", {
          robotCode,
          userIds: userIds.slice(i, i + BATCH_SEND_MAX_USERS),
          msgKey: "sampleMarkdown",
          msgParam: JSON.stringify(message),
        });
        if ("ok" in r) return r;
        if (r.status !== 200) return failureOf(r);
        result.invalidUserIds.push(...stringList(r.json.invalidStaffIdList));
        result.flowControlledUserIds.push(...stringList(r.json.flowControlledStaffIdList));
        if (typeof r.json.processQueryKey === "string") result.processQueryKeys.push(r.json.processQueryKey);
      }
      return { ok: true, data: result };
    },

    // https://open.dingtalk.com/document/orgapp/chatbot-batch-query-the-read-status-of-messages
    // (BatchOTOQuery: GET with robotCode and processQueryKey in the query string)
    async readStatus(processQueryKey) {
      const q = new URLSearchParams({ robotCode, processQueryKey });
      const r = await authed(`/v1.0/robot/oToMessages/readStatus?${q}`, undefined, "GET");
      if ("ok" in r) return r;
      if (r.status !== 200) return failureOf(r);
      const list = Array.isArray(r.json.messageReadInfoList) ? (r.json.messageReadInfoList as Record<string, unknown>[]) : [];
      return {
        ok: true,
        data: list
          .filter((x) => typeof x.userId === "string")
          .map((x) => ({
            userId: x.userId as string,
            read: String(x.readStatus ?? "").toUpperCase() === "READ",
            ...(typeof x.readTimestamp === "number" && x.readTimestamp > 0 ? { readAt: new Date(x.readTimestamp) } : {}),
          })),
      };
    },
  };
}

/**
 * v1.0 errors are HTTP 4xx/5xx with {code, message, requestid}. An expired or revoked token is
 * code InvalidAuthentication ("不合法的access_token", HTTP 400 in the field) or HTTP 401.
 */
function isAuthError(status: number, json: Record<string, unknown>): boolean {
  return status === 401 || json.code === "InvalidAuthentication";
}

/** 5xx, 429 and DingTalk's QPS throttles may pass later; other 4xx (bad ids, no permission) will not. */
function failureOf(answer: { status: number; json: Record<string, unknown>; retryAfter?: number }, fallback = "DingTalk error"): Failure {
  const { status, json, retryAfter } = answer;
  const code = typeof json.code === "string" ? json.code : status;
  const message = typeof json.message === "string" ? json.message : fallback;
  const throttled = typeof json.code === "string" && /QpsLimit|Throttl|FlowControl/i.test(json.code);
  const retryable = status >= 500 || status === 429 || throttled;
  return { ok: false, retryable, code, error: `HTTP ${status}: ${message}`, ...(retryable && retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
