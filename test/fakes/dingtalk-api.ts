// A fake DingTalk on 127.0.0.1 (port 0) speaking DingTalk's formats, for DINGTALK_API_BASE and
// DINGTALK_OAPI_BASE in tests:
//   POST /v1.0/oauth2/accessToken            {appKey, appSecret} → {accessToken, expireIn}
//   POST /v1.0/robot/groupMessages/send      x-acs-dingtalk-access-token → {processQueryKey}
//   POST /v1.0/robot/oToMessages/batchSend   (≤ 20 userIds) → {processQueryKey, invalidStaffIdList, flowControlledStaffIdList}
//   POST /robot/send?access_token&timestamp&sign   custom robot; checks 加签 like DingTalk (310000)
//   POST /robot/sendBySession?session=…      a conversation's sessionWebhook
//   POST /v1.0/card/instances/createAndDeliver  an interactive card instance, delivered to a group or 1:1
//   PUT  /v1.0/card/instances                 update a card instance's data (by outTrackId)
//   GET  /v1.0/robot/oToMessages/readStatus?robotCode&processQueryKey → {sendStatus, messageReadInfoList}
//   POST /v1.0/todo/users/{unionId}/tasks    {subject, dueTime, executorIds, detailUrl} → {id, …}
//   PUT  /v1.0/todo/users/{unionId}/tasks/{id}  {done} → {result: true};  DELETE → {result: true}
//   POST /topapi/v2/user/get?access_token    {userid} → {errcode: 0, result: {unionid: "union-<userid>"}}
// It records every request, and can be told to fail the next call to a route.
import { EventEmitter } from "node:events";
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = "token" | "group" | "batch" | "robot" | "session" | "cardCreate" | "cardUpdate" | "readStatus" | "todo" | "userGet" | "unknown";

/** An errcode answer (oapi routes), an HTTP status with a body, or no answer at all. */
export type Failure = { errcode: number; errmsg?: string } | { status: number; body?: unknown; headers?: Record<string, string> } | "hang";

export interface RecordedRequest {
  route: Route;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  bytes: number;
}

export interface FakeDingtalkOptions {
  appKey?: string;
  appSecret?: string;
  robotCode?: string;
  /** Custom robots by access_token → their 加签 secret (undefined: a robot without 加签). */
  robots?: Record<string, string | undefined>;
  tokenExpiresIn?: number;
  now?: () => Date;
}

export interface FakeDingtalk {
  base: string;
  requests: RecordedRequest[];
  requestsTo(route: Route): RecordedRequest[];
  /** A sessionWebhook URL on this fake, as DingTalk would put on a message. */
  sessionWebhook(session?: string): string;
  /** The custom robot webhook URL for an access_token, as the group owner copies it. */
  robotWebhook(accessToken: string): string;
  failNext(route: Route, failure: Failure, times?: number): void;
  /** Every issued token stops working (as after expiry or a secret reset). */
  revokeTokens(): void;
  tokensIssued: number;
  invalidUsers: Set<string>;
  flowControlledUsers: Set<string>;
  /** Card instances by outTrackId: their shared cardParamMap and each user's private one, as last updated. */
  cards: Map<string, { openSpaceId: string; params: Record<string, string>; privateParams: Record<string, Record<string, string>> }>;
  /** A person reads every 1:1 robot message sent to them so far (the read-state query says so). */
  markRead(userId: string, at?: Date): void;
  /** 1:1 messages per person DingTalk accepts in a window; over it the person is flow-controlled. */
  userLimit?: { perWindow: number; windowMs: number };
  /** Users over userLimit, counted per refused user. */
  flowControlled: number;
  /** 待办 by id: what DingTalk holds for each. */
  todos: Map<string, { unionId: string; body: Record<string, unknown>; done: boolean; deleted: boolean }>;
  waitFor(route: Route, count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

const API_MSG_PARAM_MAX_BYTES = 15_000;
const WEBHOOK_BODY_MAX_BYTES = 20_000;

export async function startFakeDingtalk(opts: FakeDingtalkOptions = {}): Promise<FakeDingtalk> {
  const appKey = opts.appKey ?? "dingappkey";
  const appSecret = opts.appSecret ?? "app-secret";
  const robotCode = opts.robotCode ?? appKey;
  const robots = opts.robots ?? {};
  const now = opts.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  const failures = new Map<Route, Failure[]>();
  const validTokens = new Set<string>();
  const events = new EventEmitter();
  const hanging: ServerResponse[] = [];
  let queryKeys = 0;
  /** processQueryKey → the users of that batchSend. */
  const sentTo = new Map<string, string[]>();
  const readAt = new Map<string, Date>();
  const userHits = new Map<string, number[]>();
  let todoIds = 0;

  const fake: FakeDingtalk = {
    base: "",
    requests,
    requestsTo: (route) => requests.filter((r) => r.route === route),
    sessionWebhook: (session = "s1") => `${fake.base}/robot/sendBySession?session=${encodeURIComponent(session)}`,
    robotWebhook: (token) => `${fake.base}/robot/send?access_token=${encodeURIComponent(token)}`,
    failNext(route, failure, times = 1) {
      const list = failures.get(route) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(route, list);
    },
    revokeTokens: () => validTokens.clear(),
    tokensIssued: 0,
    invalidUsers: new Set(),
    flowControlledUsers: new Set(),
    cards: new Map(),
    markRead: (userId, at = new Date()) => void readAt.set(userId, at),
    flowControlled: 0,
    todos: new Map(),
    waitFor(route, count, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const got = fake.requestsTo(route);
          if (got.length < count) return false;
          clearTimeout(timer);
          events.off("request", check);
          resolve(got);
          return true;
        };
        const timer = setTimeout(() => {
          events.off("request", check);
          reject(new Error(`fake DingTalk: expected ${count} ${route} request(s), got ${fake.requestsTo(route).length}`));
        }, timeoutMs);
        if (!check()) events.on("request", check);
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://fake");
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
    } catch {
      body = raw.toString("utf8");
    }
    const route = routeOf(req.method ?? "GET", url.pathname);
    requests.push({ route, method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, bytes: raw.length });
    events.emit("request");

    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json;charset=utf-8", ...headers });
      res.end(JSON.stringify(json));
    };
    const failure = failures.get(route)?.shift();
    if (failure === "hang") {
      hanging.push(res);
      return;
    }
    if (failure) {
      if ("errcode" in failure) return send(200, { errcode: failure.errcode, errmsg: failure.errmsg ?? "injected failure" });
      return send(failure.status, failure.body ?? { code: "ServiceUnavailable", message: "injected failure" }, failure.headers);
    }
    const b = (body ?? {}) as Record<string, unknown>;

    switch (route) {
      case "token": {
        if (b.appKey !== appKey || b.appSecret !== appSecret) {
          return send(400, { code: "invalidClientIdOrSecret", message: "无效的clientId或者clientSecret", requestid: "fake" });
        }
        fake.tokensIssued += 1;
        const token = `token-${fake.tokensIssued}`;
        validTokens.add(token);
        return send(200, { accessToken: token, expireIn: opts.tokenExpiresIn ?? 7200 });
      }
      case "group":
      case "batch": {
        const token = req.headers["x-acs-dingtalk-access-token"];
        if (typeof token !== "string" || !validTokens.has(token)) {
          return send(400, { code: "InvalidAuthentication", message: "不合法的access_token", requestid: "fake" });
        }
        if (b.robotCode !== robotCode) return send(400, { code: "invalidParameter.robotCode.invalid", message: "无效的robotCode" });
        if (typeof b.msgKey !== "string" || typeof b.msgParam !== "string" || !isJson(b.msgParam)) {
          return send(400, { code: "invalidParameter.msgParam.invalid", message: "msgParam must be JSON" });
        }
        if (Buffer.byteLength(b.msgParam) > API_MSG_PARAM_MAX_BYTES) return send(400, { code: "invalidParameter.msgParam.invalid", message: "msgParam too long" });
        queryKeys += 1;
        if (route === "group") {
          if (typeof b.openConversationId !== "string" || !b.openConversationId) return send(400, { code: "invalid.openConversationId", message: "无效的openConversationId" });
          return send(200, { processQueryKey: `pqk-${queryKeys}` });
        }
        const users = Array.isArray(b.userIds) ? (b.userIds as string[]) : [];
        if (users.length === 0) return send(400, { code: "invalidParameter.userIds.empty", message: "userIds is empty" });
        if (users.length > 20) return send(400, { code: "invalidParameter.userIds.overMax", message: "userIds over 20" });
        const t = Date.now();
        const overLimit = users.filter((u) => {
          if (!fake.userLimit) return false;
          const recent = (userHits.get(u) ?? []).filter((x) => x > t - fake.userLimit!.windowMs);
          if (recent.length >= fake.userLimit.perWindow) return true;
          userHits.set(u, [...recent, t]);
          return false;
        });
        fake.flowControlled += overLimit.length;
        sentTo.set(`pqk-${queryKeys}`, users);
        return send(200, {
          processQueryKey: `pqk-${queryKeys}`,
          invalidStaffIdList: users.filter((u) => fake.invalidUsers.has(u)),
          flowControlledStaffIdList: users.filter((u) => fake.flowControlledUsers.has(u) || overLimit.includes(u)),
        });
      }
      case "readStatus": {
        const token = req.headers["x-acs-dingtalk-access-token"];
        if (typeof token !== "string" || !validTokens.has(token)) return send(400, { code: "InvalidAuthentication", message: "不合法的access_token", requestid: "fake" });
        if (url.searchParams.get("robotCode") !== robotCode) return send(400, { code: "invalidParameter.robotCode.invalid", message: "无效的robotCode" });
        const users = sentTo.get(url.searchParams.get("processQueryKey") ?? "");
        if (!users) return send(400, { code: "invalidParameter.processQueryKey", message: "processQueryKey不存在" });
        return send(200, {
          sendStatus: "SUCCESS",
          messageReadInfoList: users.map((u) => ({ name: u, userId: u, readStatus: readAt.has(u) ? "READ" : "UNREAD", readTimestamp: readAt.get(u)?.getTime() ?? 0 })),
        });
      }
      case "userGet": {
        if (!validTokens.has(url.searchParams.get("access_token") ?? "")) return send(200, { errcode: 40014, errmsg: "不合法的access_token" });
        if (typeof b.userid !== "string" || fake.invalidUsers.has(b.userid)) return send(200, { errcode: 60121, errmsg: "找不到该用户" });
        return send(200, { errcode: 0, errmsg: "ok", result: { userid: b.userid, unionid: `union-${b.userid}`, name: b.userid } });
      }
      case "todo": {
        const token = req.headers["x-acs-dingtalk-access-token"];
        if (typeof token !== "string" || !validTokens.has(token)) return send(400, { code: "InvalidAuthentication", message: "不合法的access_token", requestid: "fake" });
        const m = /^\/v1\.0\/todo\/users\/([^/]+)\/tasks(?:\/([^/]+))?$/.exec(url.pathname)!;
        const unionId = decodeURIComponent(m[1]!);
        if (req.method === "POST" && !m[2]) {
          if (typeof b.subject !== "string" || !b.subject) return send(400, { code: "invalidParameter.subject", message: "subject is empty" });
          todoIds += 1;
          const id = `todo-${todoIds}`;
          fake.todos.set(id, { unionId, body: b, done: false, deleted: false });
          return send(200, { id, subject: b.subject, dueTime: b.dueTime, done: false, createdTime: Date.now() });
        }
        const todo = fake.todos.get(decodeURIComponent(m[2] ?? ""));
        if (!todo || todo.deleted || todo.unionId !== unionId) return send(400, { code: "todo.task.notExist", message: "待办不存在" });
        if (req.method === "PUT") {
          if (typeof b.done === "boolean") todo.done = b.done;
          return send(200, { result: true });
        }
        if (req.method === "DELETE") {
          todo.deleted = true;
          return send(200, { result: true });
        }
        return send(404, { code: "NotFound", message: "no such method" });
      }
      case "robot": {
        const token = url.searchParams.get("access_token") ?? "";
        if (!(token in robots)) return send(200, { errcode: 300001, errmsg: "token is not exist" });
        const secret = robots[token];
        if (secret) {
          const timestamp = url.searchParams.get("timestamp") ?? "";
          const sign = url.searchParams.get("sign") ?? "";
          const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
          const fresh = /^\d+$/.test(timestamp) && Math.abs(now().getTime() - Number(timestamp)) <= 60 * 60 * 1000;
          if (!fresh || sign !== expected) return send(200, { errcode: 310000, errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]" });
        }
        return robotMessage(raw.length, b, send);
      }
      case "cardCreate":
      case "cardUpdate": {
        const token = req.headers["x-acs-dingtalk-access-token"];
        if (typeof token !== "string" || !validTokens.has(token)) return send(400, { code: "InvalidAuthentication", message: "不合法的access_token", requestid: "fake" });
        const outTrackId = b.outTrackId;
        if (typeof outTrackId !== "string" || !outTrackId) return send(400, { code: "invalidParameter.outTrackId", message: "outTrackId is required" });
        const params = (b.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap;
        // cardParamMap values are strings only: a list or object goes in as JSON text.
        const strings = (m: unknown) => !!m && typeof m === "object" && Object.values(m).every((v) => typeof v === "string");
        if (params !== undefined && !strings(params)) return send(400, { code: "invalidParameter.cardParamMap", message: "cardParamMap values must be strings" });
        if (route === "cardCreate") {
          if (typeof b.cardTemplateId !== "string" || !b.cardTemplateId) return send(400, { code: "invalidParameter.cardTemplateId", message: "cardTemplateId is required" });
          if (fake.cards.has(outTrackId)) return send(400, { code: "cardInstance.exist", message: "outTrackId already used" });
          const space = typeof b.openSpaceId === "string" ? /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT)\.(.+)$/.exec(b.openSpaceId) : null;
          if (!space) return send(400, { code: "invalidParameter.openSpaceId", message: "openSpaceId must be dtv1.card//IM_GROUP.<cid> or dtv1.card//IM_ROBOT.<userId>" });
          const deliver = (space[1] === "IM_GROUP" ? b.imGroupOpenDeliverModel : b.imRobotOpenDeliverModel) as { robotCode?: string } | undefined;
          if (deliver?.robotCode !== robotCode) return send(400, { code: "invalidParameter.robotCode.invalid", message: "无效的robotCode" });
          fake.cards.set(outTrackId, { openSpaceId: b.openSpaceId as string, params: { ...(params as Record<string, string>) }, privateParams: {} });
          return send(200, { success: true, result: { outTrackId, deliverResults: [{ spaceType: space[1], spaceId: space[2], success: true }] } });
        }
        const card = fake.cards.get(outTrackId);
        if (!card) return send(400, { code: "cardInstance.notExist", message: "卡片实例不存在" });
        if (params) Object.assign(card.params, params);
        for (const [user, data] of Object.entries((b.privateData ?? {}) as Record<string, { cardParamMap?: Record<string, string> }>)) {
          if (!strings(data.cardParamMap)) return send(400, { code: "invalidParameter.privateData", message: "cardParamMap values must be strings" });
          card.privateParams[user] = { ...card.privateParams[user], ...data.cardParamMap };
        }
        return send(200, { success: true, result: true });
      }
      case "session":
        if (!url.searchParams.get("session")) return send(200, { errcode: 300001, errmsg: "session is not exist" });
        return robotMessage(raw.length, b, send);
      default:
        return send(404, { code: "NotFound", message: `no route ${req.method} ${url.pathname}` });
    }
  });

  function robotMessage(bytes: number, b: Record<string, unknown>, send: (status: number, json: unknown) => void) {
    if (bytes > WEBHOOK_BODY_MAX_BYTES) return send(200, { errcode: 460101, errmsg: "body 大小不合法;解决方案:请保持大小在 20000bytes 以内" });
    const ok =
      (b.msgtype === "text" && typeof (b.text as { content?: unknown })?.content === "string") ||
      (b.msgtype === "markdown" && typeof (b.markdown as { text?: unknown })?.text === "string" && typeof (b.markdown as { title?: unknown })?.title === "string");
    if (!ok) return send(200, { errcode: 40035, errmsg: "缺少参数 json" });
    return send(200, { errcode: 0, errmsg: "ok" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function routeOf(method: string, path: string): Route {
  if (method === "PUT" && path === "/v1.0/card/instances") return "cardUpdate";
  if (/^\/v1\.0\/todo\/users\/[^/]+\/tasks(\/[^/]+)?$/.test(path)) return "todo";
  if (method === "GET" && path === "/v1.0/robot/oToMessages/readStatus") return "readStatus";
  if (method !== "POST") return "unknown";
  if (path === "/v1.0/card/instances/createAndDeliver") return "cardCreate";
  switch (path) {
    case "/v1.0/oauth2/accessToken":
      return "token";
    case "/v1.0/robot/groupMessages/send":
      return "group";
    case "/v1.0/robot/oToMessages/batchSend":
      return "batch";
    case "/robot/send":
      return "robot";
    case "/robot/sendBySession":
      return "session";
    case "/topapi/v2/user/get":
      return "userGet";
    default:
      return "unknown";
  }
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** A card click as DingTalk sends it to /v1.0/card/instances/callback (Stream data, or the HTTP body). */
export function cardCallback(o: { outTrackId: string; userId: string; key: string; spaceType?: "IM_GROUP" | "IM_ROBOT"; spaceId?: string }): Record<string, unknown> {
  return {
    extension: "{}",
    corpId: "dingcorp",
    type: "actionCallback",
    userId: o.userId,
    content: JSON.stringify({ cardPrivateData: { actionIds: ["button"], params: { key: o.key } } }),
    outTrackId: o.outTrackId,
    spaceType: o.spaceType ?? "IM_GROUP",
    spaceId: o.spaceId ?? "cidGROUP",
  };
}
