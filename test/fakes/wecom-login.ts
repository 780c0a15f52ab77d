// A fake of WeCom's web login on loopback, for WECOM_LOGIN_BASE and WECOM_API_BASE in tests:
//   GET /wwlogin/sso/login?login_type=CorpApp&appid&agentid&redirect_uri&state
//        the person "scans and confirms": 302 to redirect_uri?code=…&state=… (as `signInAs`)
//   GET /cgi-bin/gettoken?corpid&corpsecret          → {errcode:0, access_token, expires_in}
//   GET /cgi-bin/auth/getuserinfo?access_token&code  → {errcode:0, userid, user_ticket} for a
//        member, {errcode:0, openid, external_userid} for someone outside the corp; a code
//        works once (then 40029 invalid code), an unknown token is 40014, an expired one 42001.
// https://developer.work.weixin.qq.com/document/path/98152 and /98176
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeWecomLogin {
  base: string;
  /** Who confirms the next logins: a corp member's userid, or { outsider } for a WeChat user. */
  signInAs: string | { outsider: string };
  requests: { path: string; query: Record<string, string> }[];
  /** Every token issued so far now answers 42001 (expired), as WeCom does after expires_in. */
  expireTokens(): void;
  close(): Promise<void>;
}

export async function startFakeWecomLogin(opts: { corpId: string; agentId: number; secret: string }): Promise<FakeWecomLogin> {
  const tokens: string[] = [];
  const expired: string[] = [];
  const codes = new Map<string, string | { outsider: string }>();
  const fake: FakeWecomLogin = { base: "", signInAs: "", requests: [], expireTokens: () => expired.push(...tokens.splice(0)), close: async () => undefined };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const q = Object.fromEntries(url.searchParams);
    fake.requests.push({ path: url.pathname, query: q });
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/wwlogin/sso/login") {
      // WeCom shows an error page for a wrong appid/agentid or a missing redirect_uri.
      if (q.login_type !== "CorpApp" || q.appid !== opts.corpId || q.agentid !== String(opts.agentId) || !q.redirect_uri || !q.state) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("bad login link");
        return;
      }
      const code = randomBytes(12).toString("hex");
      codes.set(code, fake.signInAs);
      const back = new URL(q.redirect_uri);
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.state);
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (url.pathname === "/cgi-bin/gettoken") {
      if (q.corpid !== opts.corpId || q.corpsecret !== opts.secret) return json({ errcode: 40001, errmsg: "invalid credential" });
      const token = randomBytes(16).toString("hex");
      tokens.push(token);
      return json({ errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 });
    }
    if (url.pathname === "/cgi-bin/auth/getuserinfo") {
      if (expired.includes(q.access_token ?? "")) return json({ errcode: 42001, errmsg: "access_token expired" });
      if (!tokens.includes(q.access_token ?? "")) return json({ errcode: 40014, errmsg: "invalid access_token" });
      const who = codes.get(q.code ?? "");
      if (who === undefined) return json({ errcode: 40029, errmsg: "invalid code" });
      codes.delete(q.code!);
      if (typeof who === "object") return json({ errcode: 0, errmsg: "ok", openid: who.outsider, external_userid: `wm${who.outsider}` });
      return json({ errcode: 0, errmsg: "ok", userid: who, user_ticket: "USER_TICKET" });
    }
    res.writeHead(404).end();
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
