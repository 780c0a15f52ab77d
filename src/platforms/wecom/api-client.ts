// The self-built app's server API: an access token cached per app and refreshed when WeCom
// says it is invalid or expired, and token-authenticated POSTs. Every URL starts at apiBase so
// tests (and private deployments) can point it elsewhere.
import { tokenCache, type TokenAnswer } from "../token-cache";
import { errcodeFailure, fromFetchError, postWecomJson, readWecomAnswer, type Failure } from "./send-result";

export interface WecomApiClientOptions {
  apiBase: string;
  corpId: string;
  secret: string;
  /** Per request; WeCom normally answers in well under a second. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export type ApiResult = Failure | { ok: true; data: Record<string, unknown> };

export interface WecomApiClient {
  /** POST JSON to `path?access_token=…`; on 40014/42001 fetches a new token and tries once more. */
  post(path: string, body: unknown): Promise<ApiResult>;
  /** GET `path?access_token=…&<query>`, with the same token renewal. */
  get(path: string, query: Record<string, string>): Promise<ApiResult>;
}

/** 40014 invalid access_token, 42001 expired access_token. */
const STALE_TOKEN = new Set([40014, 42001]);
/** Renew this long before WeCom's stated expiry, so a token never dies in flight. */
const EXPIRY_MARGIN_S = 300;

export function createWecomApiClient(opts: WecomApiClientOptions): WecomApiClient {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const base = opts.apiBase.replace(/\/+$/, "");
  // https://developer.work.weixin.qq.com/document/path/91039
  async function fetchToken(): Promise<TokenAnswer<Failure>> {
    const url = `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(opts.corpId)}&corpsecret=${encodeURIComponent(opts.secret)}`;
    let res: Response;
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      return fromFetchError(err);
    }
    const { result, data } = await readWecomAnswer(res);
    if (!result.ok) return { ...result, error: `gettoken: ${result.error}` };
    const token = data?.access_token;
    const expiresIn = typeof data?.expires_in === "number" ? data.expires_in : 7200;
    if (typeof token !== "string" || !token) return { ok: false, retryable: true, error: "gettoken: no access_token in answer" };
    return { ok: true, token, expiresInMs: expiresIn * 1000 };
  }

  const tokens = tokenCache<Failure>(fetchToken, { marginMs: EXPIRY_MARGIN_S * 1000, now });
  const token = () => tokens.get();

  async function postOnce(path: string, body: unknown, accessToken: string): Promise<ApiResult> {
    const url = `${base}${path}?access_token=${encodeURIComponent(accessToken)}`;
    const { result, data } = await postWecomJson(url, body, { fetch: doFetch, timeoutMs });
    return result.ok ? { ok: true, data: data ?? {} } : result;
  }

  async function getOnce(path: string, query: Record<string, string>, accessToken: string): Promise<ApiResult> {
    const url = `${base}${path}?${new URLSearchParams({ access_token: accessToken, ...query }).toString()}`;
    let res: Response;
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      return fromFetchError(err);
    }
    const { result, data } = await readWecomAnswer(res);
    return result.ok ? { ok: true, data: data ?? {} } : result;
  }

  async function withToken(call: (accessToken: string) => Promise<ApiResult>): Promise<ApiResult> {
    const first = await token();
    if (!first.ok) return first;
    const result = await call(first.token);
    if (result.ok || typeof result.code !== "number" || !STALE_TOKEN.has(result.code)) return result;
    // Only drop the cache if no one has refreshed it meanwhile.
    tokens.invalidate(first.token);
    const second = await token();
    if (!second.ok) return second;
    const retried = await call(second.token);
    // Still refused with a fresh token: the secret or app is wrong, not the token's age.
    return !retried.ok && retried.code === result.code ? errcodeFailure(result.code, `${retried.error} (after token refresh)`) : retried;
  }

  return {
    post: (path, body) => withToken((t) => postOnce(path, body, t)),
    get: (path, query) => withToken((t) => getOnce(path, query, t)),
  };
}
