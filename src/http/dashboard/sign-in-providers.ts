// The messengers a supervisor can sign in with, from the configuration: each gives the
// vendor's authorize link and turns the code its callback brings into a platform userid.
// Vendor formats stay in src/platforms/<vendor>/web-login.ts.
import type { SignInConfig } from "../../config";
import type { Platform } from "../../directory/members";
import { createWecomApiClient } from "../../platforms/wecom/api-client";
import { wecomLoginUrl, wecomUserIdFromCode } from "../../platforms/wecom/web-login";
import { createDingtalkLogin } from "../../platforms/dingtalk/web-login";

export type Identity = { ok: true; userId: string } | { ok: false; outsider: boolean; error: string };

export interface SignInProvider {
  platform: Platform;
  authorizeUrl(redirectUri: string, state: string): string;
  /** The one-time code in the callback's query (WeCom: code; DingTalk: authCode). */
  codeOf(query: Record<string, unknown>): string | undefined;
  identify(code: string): Promise<Identity>;
}

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

export function signInProviders(config: SignInConfig | undefined, opts: { fetch?: typeof fetch } = {}): SignInProvider[] {
  const providers: SignInProvider[] = [];
  const w = config?.wecom;
  if (w) {
    const client = createWecomApiClient({ apiBase: w.apiBase, corpId: w.corpId, secret: w.secret, fetch: opts.fetch });
    providers.push({
      platform: "wecom",
      authorizeUrl: (redirectUri, state) => wecomLoginUrl(w, redirectUri, state),
      codeOf: (q) => str(q.code),
      identify: (code) => wecomUserIdFromCode(client, code),
    });
  }
  const d = config?.dingtalk;
  if (d) {
    const login = createDingtalkLogin({ ...d, fetch: opts.fetch });
    providers.push({
      platform: "dingtalk",
      authorizeUrl: (redirectUri, state) => login.authorizeUrl(redirectUri, state),
      // DingTalk's new login page sends authCode; older documentation names it code.
      codeOf: (q) => str(q.authCode) ?? str(q.code),
      identify: (code) => login.identify(code),
    });
  }
  return providers;
}
