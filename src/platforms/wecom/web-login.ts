// WeCom's web login (企业微信 Web 登录, 扫码登录) for the bureau's dashboard: the link that shows
// the QR code / desktop-client confirmation, and the userid behind the `code` it sends back.
// WeCom puts the person's userid in the answer only when they belong to the corp; someone
// outside it gets an openid, which is no directory member.
import type { WecomApiClient } from "./api-client";

export interface WecomLoginLink {
  loginBase: string;
  corpId: string;
  agentId: number;
}

/**
 * The login page WeCom shows; after confirming, it redirects to `redirectUri?code=…&state=…`.
 * redirect_uri's domain must be the app's 可信域名 (or Web 网页授权回调域名).
 * https://developer.work.weixin.qq.com/document/path/98152
 */
export function wecomLoginUrl(link: WecomLoginLink, redirectUri: string, state: string): string {
  const q = new URLSearchParams({ login_type: "CorpApp", appid: link.corpId, agentid: String(link.agentId), redirect_uri: redirectUri, state });
  return `${link.loginBase.replace(/\/+$/, "")}/wwlogin/sso/login?${q.toString()}`;
}

export type WecomIdentity = { ok: true; userId: string } | { ok: false; outsider: boolean; error: string };

/**
 * The code (valid once, five minutes) → the member's userid, with the app's access token.
 * https://developer.work.weixin.qq.com/document/path/98176
 */
export async function wecomUserIdFromCode(client: WecomApiClient, code: string): Promise<WecomIdentity> {
  const r = await client.get("/cgi-bin/auth/getuserinfo", { code });
  if (!r.ok) return { ok: false, outsider: false, error: `getuserinfo: ${r.error}` };
  const userId = r.data.userid;
  if (typeof userId === "string" && userId) return { ok: true, userId };
  // {openid, external_userid}: a WeChat user or someone outside the corp.
  return { ok: false, outsider: true, error: "getuserinfo: not a member of the corp (no userid)" };
}
