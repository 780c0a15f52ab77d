// A fake WeCom server API on loopback, speaking WeCom's formats: gettoken, message/send,
// appchat/send, the group robot webhook and the AI bot's response_url. It records what it
// receives, checks tokens and content limits as WeCom does, and can be scripted to answer given
// errcodes, HTTP statuses, or not at all (for timeouts).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  /** Arrival time (ms since epoch). */
  at: number;
}

export type ScriptedAnswer = { errcode: number; errmsg?: string } | { status: number } | "hang";

export interface FakeWecomApi {
  base: string;
  requests: RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  /** The next calls to `path` get these answers, in order, before normal behaviour resumes. */
  script(path: string, ...answers: ScriptedAnswer[]): void;
  /** Every token issued so far now answers 42001, as WeCom does after expires_in. */
  expireTokens(): void;
  tokensIssued(): number;
  webhookUrl(key: string): string;
  /** Webhook (or message/send, with userLimit) requests WeCom would have refused with 45009 (over the rate). */
  rateLimited(): number;
  /** Requests received and not yet answered. */
  inFlight(): number;
  responseUrl(code: string): string;
  /** Resolves once `count` requests to `path` have been recorded. */
  waitFor(path: string, count?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export interface FakeWecomApiOptions {
  corpId: string;
  secret: string;
  expiresIn?: number;
  webhookKeys?: string[];
  /** Userids message/send reports back in invaliduser. */
  unknownUsers?: string[];
  /** A group robot takes this many messages per window, as WeCom's 20 a minute; over it, 45009. */
  robotLimit?: { perWindow: number; windowMs: number };
  /** App messages (message/send) one member takes per window, as WeCom's 30 a minute; over it, 45009. */
  userLimit?: { perWindow: number; windowMs: number };
  /** Delay before answering webhook sends (to have requests in flight). */
  webhookLatencyMs?: number;
}

const bytes = (s: unknown) => Buffer.byteLength(typeof s === "string" ? s : "", "utf8");

/**
 * WeCom's checks of a button_interaction template_card (90236): task_id of [A-Za-z0-9_-@], at
 * most 128 bytes; a main title; 1 to 6 buttons, each with text and a key of at most 1024 bytes.
 */
export function templateCardError(card: any): { errcode: number; errmsg: string } | undefined {
  if (!card || card.card_type !== "button_interaction") return { errcode: 40008, errmsg: "invalid card_type" };
  if (typeof card.task_id !== "string" || !/^[A-Za-z0-9_\-@]{1,128}$/.test(card.task_id)) return { errcode: 40058, errmsg: "invalid task_id" };
  if (!card.main_title?.title) return { errcode: 40058, errmsg: "main_title.title required" };
  const buttons = card.button_list;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) return { errcode: 40058, errmsg: "button_list must have 1 to 6 buttons" };
  for (const b of buttons) if (!b.text || typeof b.key !== "string" || bytes(b.key) > 1024) return { errcode: 40058, errmsg: "invalid button" };
  return undefined;
}

export async function startFakeWecomApi(opts: FakeWecomApiOptions): Promise<FakeWecomApi> {
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const tokens = new Map<string, "valid" | "expired">();
  const waiters: (() => void)[] = [];
  const webhookKeys = new Set(opts.webhookKeys ?? []);
  const unknownUsers = new Set(opts.unknownUsers ?? []);
  const usedResponseCodes = new Set<string>();
  const robotHits = new Map<string, number[]>();
  const userHits = new Map<string, number[]>();
  let limited = 0;
  let inFlight = 0;

  const json = (res: ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  function tokenError(query: Record<string, string>): { errcode: number; errmsg: string } | undefined {
    const state = tokens.get(query.access_token ?? "");
    if (state === "valid") return undefined;
    return state === "expired" ? { errcode: 42001, errmsg: "access_token expired" } : { errcode: 40014, errmsg: "invalid access_token" };
  }

  function answer(req: RecordedRequest): { errcode: number; errmsg: string; [k: string]: unknown } {
    switch (req.path) {
      case "/cgi-bin/gettoken": {
        if (req.query.corpid !== opts.corpId) return { errcode: 40013, errmsg: "invalid corpid" };
        if (req.query.corpsecret !== opts.secret) return { errcode: 40001, errmsg: "invalid credential" };
        const token = `tok${tokens.size + 1}`;
        tokens.set(token, "valid");
        return { errcode: 0, errmsg: "ok", access_token: token, expires_in: opts.expiresIn ?? 7200 };
      }
      case "/cgi-bin/message/send": {
        const bad = tokenError(req.query);
        if (bad) return bad;
        const b = req.body;
        if (!b?.touser || typeof b.agentid !== "number" || !b.msgtype) return { errcode: 40008, errmsg: "invalid message type" };
        if (b.msgtype === "template_card") {
          const bad = templateCardError(b.template_card);
          if (bad) return bad;
          // A callback card's send answers with the response_code of its first update.
          return { errcode: 0, errmsg: "ok", invaliduser: "", msgid: `msg${requests.length}`, response_code: `rc-send-${requests.length}` };
        }
        if (bytes(b[b.msgtype]?.content) > 2048) return { errcode: 40058, errmsg: "content exceed max length 2048" };
        if (opts.userLimit) {
          const limit = opts.userLimit;
          for (const u of String(b.touser).split("|")) {
            const recent = (userHits.get(u) ?? []).filter((t) => t > req.at - limit.windowMs);
            if (recent.length >= limit.perWindow) {
              limited++;
              return { errcode: 45009, errmsg: "api freq out of limit" };
            }
            userHits.set(u, [...recent, req.at]);
          }
        }
        const invalid = String(b.touser).split("|").filter((u) => unknownUsers.has(u));
        return { errcode: 0, errmsg: "ok", invaliduser: invalid.join("|"), msgid: `msg${requests.length}` };
      }
      case "/cgi-bin/appchat/send": {
        const bad = tokenError(req.query);
        if (bad) return bad;
        if (!req.body?.chatid) return { errcode: 86003, errmsg: "chat not exist" };
        return { errcode: 0, errmsg: "ok" };
      }
      case "/cgi-bin/webhook/send": {
        if (!webhookKeys.has(req.query.key ?? "")) return { errcode: 93000, errmsg: "invalid webhook url" };
        const limit = opts.robotLimit ?? { perWindow: 20, windowMs: 60_000 };
        const recent = (robotHits.get(req.query.key!) ?? []).filter((t) => t > req.at - limit.windowMs);
        if (recent.length >= limit.perWindow) {
          limited++;
          return { errcode: 45009, errmsg: "api freq out of limit" };
        }
        robotHits.set(req.query.key!, [...recent, req.at]);
        const b = req.body;
        if (b?.msgtype === "text" && bytes(b.text?.content) > 2048) return { errcode: 40058, errmsg: "text.content exceed max length 2048" };
        if (b?.msgtype === "markdown" && bytes(b.markdown?.content) > 4096) return { errcode: 40058, errmsg: "markdown.content exceed max length 4096" };
        return { errcode: 0, errmsg: "ok" };
      }
      case "/cgi-bin/message/update_template_card": {
        // https://developer.work.weixin.qq.com/document/path/94888: a response_code works once.
        const bad = tokenError(req.query);
        if (bad) return bad;
        const b = req.body;
        if (typeof b?.agentid !== "number" || !b.response_code) return { errcode: 40001, errmsg: "invalid response_code" };
        if (usedResponseCodes.has(b.response_code)) return { errcode: 40001, errmsg: "response_code used" };
        usedResponseCodes.add(b.response_code);
        if (!b.button?.replace_name && !b.template_card) return { errcode: 40008, errmsg: "nothing to update" };
        if (b.template_card) return templateCardError(b.template_card) ?? { errcode: 0, errmsg: "ok" };
        return { errcode: 0, errmsg: "ok" };
      }
      case "/cgi-bin/aibot/response":
        return req.query.response_code ? { errcode: 0, errmsg: "ok" } : { errcode: 40001, errmsg: "invalid response_code" };
      default:
        return { errcode: 404, errmsg: `no such fake endpoint ${req.path}` };
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), body, at: Date.now() };
    requests.push(recorded);
    for (const w of waiters.splice(0)) w();
    const scripted = scripts.get(url.pathname)?.shift();
    if (scripted === "hang") return; // never answered; close() drops the socket
    if (scripted && "status" in scripted) return json(res, { error: "scripted" }, scripted.status);
    if (scripted) return json(res, { errmsg: `scripted ${scripted.errcode}`, ...scripted });
    const answered = answer(recorded);
    if (opts.webhookLatencyMs && url.pathname === "/cgi-bin/webhook/send") {
      inFlight++;
      await new Promise((r) => setTimeout(r, opts.webhookLatencyMs));
      inFlight--;
    }
    json(res, answered);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    script(path, ...answers) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...answers]);
    },
    expireTokens() {
      for (const t of tokens.keys()) tokens.set(t, "expired");
    },
    tokensIssued: () => tokens.size,
    webhookUrl: (key) => `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    rateLimited: () => limited,
    inFlight: () => inFlight,
    responseUrl: (code) => `${base}/cgi-bin/aibot/response?response_code=${encodeURIComponent(code)}`,
    waitFor(path, count = 1) {
      return new Promise((resolve) => {
        const check = () => {
          const hits = requests.filter((r) => r.path === path);
          if (hits.length >= count) resolve(hits);
          else waiters.push(check);
        };
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
