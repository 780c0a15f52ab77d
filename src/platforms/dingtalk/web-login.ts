// DingTalk's OAuth2 sign-in (钉钉登录第三方网站) for the bureau's dashboard: the authorize link,
// and the person's userid behind the `authCode` it sends back. Three steps, because the
// personal token only tells who the person is across DingTalk (unionId), not who they are in
// the organisation (userid, what the directory stores):
//   authCode → user access token → /contact/users/me (unionId) → getbyunionid (userid)
// Someone outside the organisation has no userid there (or is an external contact): refused.
import { tokenCache, type TokenAnswer } from "../token-cache";
import { DEFAULT_TIMEOUT_MS } from "./post-robot-message";

export interface DingtalkLoginDeps {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  oapiBase: string;
  loginBase: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export type DingtalkIdentity = { ok: true; userId: string; unionId: string; nick?: string } | { ok: false; outsider: boolean; error: string };

export interface DingtalkLogin {
  /**
   * The authorize page; after consent DingTalk redirects to `redirectUri?authCode=…&state=…`.
   * redirect_uri must be registered under the app's 登录与分享 → 回调域名.
   * https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
   */
  authorizeUrl(redirectUri: string, state: string): string;
  identify(authCode: string): Promise<DingtalkIdentity>;
}

type Answer = { status: number; json: Record<string, unknown> } | { error: string };

export function createDingtalkLogin(deps: DingtalkLoginDeps): DingtalkLogin {
  const doFetch = deps.fetch ?? fetch;
  const api = deps.apiBase.replace(/\/+$/, "");
  const oapi = deps.oapiBase.replace(/\/+$/, "");
  const timeout = () => AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  async function call(url: string, init: RequestInit): Promise<Answer> {
    try {
      const res = await doFetch(url, { ...init, signal: timeout() });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
      } catch {
        return { error: `HTTP ${res.status}: answer is not JSON` };
      }
      return { status: res.status, json };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }
  const v1Error = (step: string, a: { status: number; json: Record<string, unknown> }) =>
    `${step}: HTTP ${a.status} ${typeof a.json.code === "string" ? a.json.code : ""} ${typeof a.json.message === "string" ? a.json.message : ""}`.trim();

  // The app's own token for the old (oapi) API, cached.
  // https://open.dingtalk.com/document/orgapp/obtain-orgapp-token
  const appTokens = tokenCache<{ ok: false; error: string }>(
    async (): Promise<TokenAnswer<{ ok: false; error: string }>> => {
      const a = await call(`${oapi}/gettoken?${new URLSearchParams({ appkey: deps.clientId, appsecret: deps.clientSecret }).toString()}`, { method: "GET" });
      if ("error" in a) return { ok: false, error: `gettoken: ${a.error}` };
      const token = a.json.access_token;
      if (a.json.errcode !== 0 || typeof token !== "string") return { ok: false, error: `gettoken: errcode ${String(a.json.errcode)} ${String(a.json.errmsg ?? "")}` };
      return { ok: true, token, expiresInMs: (typeof a.json.expires_in === "number" ? a.json.expires_in : 7200) * 1000 };
    },
    { marginMs: 5 * 60 * 1000, now: deps.now ?? Date.now },
  );

  return {
    authorizeUrl(redirectUri, state) {
      const q = new URLSearchParams({ redirect_uri: redirectUri, response_type: "code", client_id: deps.clientId, scope: "openid", state, prompt: "consent" });
      return `${deps.loginBase.replace(/\/+$/, "")}/oauth2/auth?${q.toString()}`;
    },

    async identify(authCode) {
      // https://open.dingtalk.com/document/orgapp/obtain-user-token
      const tok = await call(`${api}/v1.0/oauth2/userAccessToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ clientId: deps.clientId, clientSecret: deps.clientSecret, code: authCode, grantType: "authorization_code" }),
      });
      if ("error" in tok) return { ok: false, outsider: false, error: `userAccessToken: ${tok.error}` };
      const userToken = tok.json.accessToken;
      if (tok.status !== 200 || typeof userToken !== "string") return { ok: false, outsider: false, error: v1Error("userAccessToken", tok) };

      // https://open.dingtalk.com/document/orgapp/dingtalk-retrieve-user-information (unionId "me")
      const me = await call(`${api}/v1.0/contact/users/me`, { method: "GET", headers: { "x-acs-dingtalk-access-token": userToken } });
      if ("error" in me) return { ok: false, outsider: false, error: `users/me: ${me.error}` };
      const unionId = me.json.unionId;
      if (me.status !== 200 || typeof unionId !== "string" || !unionId) return { ok: false, outsider: false, error: v1Error("users/me", me) };
      const nick = typeof me.json.nick === "string" ? me.json.nick : undefined;

      // https://open.dingtalk.com/document/orgapp/query-a-user-by-the-union-id
      for (let attempt = 0; ; attempt++) {
        const app = await appTokens.get();
        if (!app.ok) return { ok: false, outsider: false, error: app.error };
        const u = await call(`${oapi}/topapi/user/getbyunionid?access_token=${encodeURIComponent(app.token)}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ unionid: unionId }),
        });
        if ("error" in u) return { ok: false, outsider: false, error: `getbyunionid: ${u.error}` };
        // 40014 / 42001: the cached app token is no longer good; fetch one and ask once more.
        if ((u.json.errcode === 40014 || u.json.errcode === 42001) && attempt === 0) {
          appTokens.invalidate(app.token);
          continue;
        }
        const result = (u.json.result ?? {}) as Record<string, unknown>;
        // 60121: no such user in this organisation. contact_type 1: an external contact.
        if (u.json.errcode === 60121 || (u.json.errcode === 0 && result.contact_type !== undefined && result.contact_type !== 0)) {
          return { ok: false, outsider: true, error: `getbyunionid: not a member of the organisation (unionId ${unionId})` };
        }
        if (u.json.errcode !== 0 || typeof result.userid !== "string" || !result.userid) {
          return { ok: false, outsider: false, error: `getbyunionid: errcode ${String(u.json.errcode)} ${String(u.json.errmsg ?? "")}` };
        }
        return { ok: true, userId: result.userid, unionId, ...(nick ? { nick } : {}) };
      }
    },
  };
}
