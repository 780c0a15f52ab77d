// A fake of DingTalk's OAuth2 sign-in on loopback, for DINGTALK_LOGIN_BASE, DINGTALK_API_BASE
// and DINGTALK_OAPI_BASE in tests:
//   GET  /oauth2/auth?redirect_uri&response_type=code&client_id&scope=openid&state&prompt=consent
//        the person consents: 302 to redirect_uri?authCode=…&state=… (as `signInAs`)
//   POST /v1.0/oauth2/userAccessToken {clientId, clientSecret, code, grantType: authorization_code}
//        → {accessToken, refreshToken, expireIn, corpId}; a code works once
//   GET  /v1.0/contact/users/me  (x-acs-dingtalk-access-token: the user token) → {nick, unionId, openId}
//   GET  /gettoken?appkey&appsecret → {errcode:0, access_token, expires_in}
//   POST /topapi/user/getbyunionid?access_token {unionid} → {errcode:0, result:{contact_type, userid}},
//        60121 for a unionId outside the organisation
// https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeDingtalkUser {
  unionId: string;
  nick?: string;
  /** The userid in the organisation; absent: not in it (60121). */
  userId?: string;
}

export interface FakeDingtalkLogin {
  base: string;
  signInAs: FakeDingtalkUser;
  requests: { method: string; path: string; query: Record<string, string>; headers: IncomingHttpHeaders; body: any }[];
  /** App tokens issued so far stop working (40014), as after a secret reset. */
  revokeAppTokens(): void;
  close(): Promise<void>;
}

export async function startFakeDingtalkLogin(opts: { clientId: string; clientSecret: string }): Promise<FakeDingtalkLogin> {
  const codes = new Map<string, FakeDingtalkUser>();
  const userTokens = new Map<string, FakeDingtalkUser>();
  const appTokens = new Set<string>();
  const fake: FakeDingtalkLogin = { base: "", signInAs: { unionId: "" }, requests: [], revokeAppTokens: () => appTokens.clear(), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const q = Object.fromEntries(url.searchParams);
      let body: any = undefined;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
      } catch {
        body = Buffer.concat(chunks).toString("utf8");
      }
      fake.requests.push({ method: req.method ?? "", path: url.pathname, query: q, headers: req.headers, body });
      const json = (status: number, answer: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer));
      };
      const route = `${req.method} ${url.pathname}`;
      if (route === "GET /oauth2/auth") {
        if (q.client_id !== opts.clientId || q.response_type !== "code" || q.scope !== "openid" || !q.redirect_uri || !q.state) return json(400, { error: "bad authorize link" });
        const code = randomBytes(12).toString("hex");
        codes.set(code, fake.signInAs);
        const back = new URL(q.redirect_uri);
        back.searchParams.set("authCode", code);
        back.searchParams.set("state", q.state);
        res.writeHead(302, { location: back.toString() });
        res.end();
        return;
      }
      if (route === "POST /v1.0/oauth2/userAccessToken") {
        if (body?.clientId !== opts.clientId || body?.clientSecret !== opts.clientSecret || body?.grantType !== "authorization_code") return json(400, { code: "invalidClientIdOrSecret", message: "无效的clientId或者clientSecret" });
        const who = codes.get(body?.code);
        if (!who) return json(400, { code: "invalidAuthCode", message: "不合法的临时授权码" });
        codes.delete(body.code);
        const token = randomBytes(16).toString("hex");
        userTokens.set(token, who);
        return json(200, { accessToken: token, refreshToken: "REFRESH", expireIn: 7200, corpId: "dingcorp" });
      }
      if (route === "GET /v1.0/contact/users/me") {
        const who = userTokens.get(String(req.headers["x-acs-dingtalk-access-token"] ?? ""));
        if (!who) return json(401, { code: "InvalidAuthentication", message: "不合法的access_token" });
        return json(200, { nick: who.nick ?? "", unionId: who.unionId, openId: `open-${who.unionId}`, stateCode: "86" });
      }
      if (route === "GET /gettoken") {
        if (q.appkey !== opts.clientId || q.appsecret !== opts.clientSecret) return json(200, { errcode: 40089, errmsg: "不合法的corpid或corpsecret" });
        const token = randomBytes(16).toString("hex");
        appTokens.add(token);
        return json(200, { errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 });
      }
      if (route === "POST /topapi/user/getbyunionid") {
        if (!appTokens.has(q.access_token ?? "")) return json(200, { errcode: 40014, errmsg: "不合法的access_token" });
        const userId = [fake.signInAs, ...userTokens.values()].find((u) => u.unionId === body?.unionid)?.userId;
        if (!userId) return json(200, { errcode: 60121, errmsg: "找不到该用户", request_id: "r1" });
        return json(200, { errcode: 0, errmsg: "ok", result: { contact_type: 0, userid: userId }, request_id: "r1" });
      }
      res.writeHead(404).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return fake;
}
