// How a WeCom answer maps onto the delivery layer's retryable/permanent split.
// https://developer.work.weixin.qq.com/document/path/90313 (global error codes)
import type { SendResult } from "../../delivery/channel";
import { networkFailure } from "../network-failure";

/** -1 system busy, 45009 frequency limit: the same request may succeed later. */
const RETRYABLE_ERRCODES = new Set([-1, 45009]);
/** WeCom's limits are per minute (a group robot: 20 a minute), so retrying sooner only fails again. */
const RATE_LIMIT_WINDOW_MS = 60_000;

export type Failure = Extract<SendResult, { ok: false }>;

/** A non-zero errcode. errmsg ends with "hint: [...] from ip: ..." — useful in a log, no secrets. */
export function errcodeFailure(errcode: number, errmsg: string | undefined): Failure {
  return {
    ok: false,
    retryable: RETRYABLE_ERRCODES.has(errcode),
    code: errcode,
    error: errmsg || `errcode ${errcode}`,
    ...(errcode === 45009 && { retryAfterMs: RATE_LIMIT_WINDOW_MS }),
  };
}

export function fromErrcode(errcode: number, errmsg: string | undefined): SendResult {
  return errcode === 0 ? { ok: true } : errcodeFailure(errcode, errmsg);
}

export function fromHttpStatus(status: number): Failure {
  return { ok: false, retryable: status >= 500 || status === 429 || status === 408, code: status, error: `HTTP ${status}` };
}

/** fetch threw: see ../network-failure.ts. */
export const fromFetchError = networkFailure;

/** Reads a WeCom JSON answer ({errcode, errmsg, …}) from a fetch Response. */
export async function readWecomAnswer(res: Response): Promise<{ result: SendResult; data?: Record<string, unknown> }> {
  if (!res.ok) return { result: fromHttpStatus(res.status) };
  let data: Record<string, unknown>;
  try {
    data = (await res.json()) as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page, most likely: transient as far as we can tell.
    return { result: { ok: false, retryable: true, code: res.status, error: "answer is not JSON" } };
  }
  const errcode = typeof data.errcode === "number" ? data.errcode : 0;
  return { result: fromErrcode(errcode, typeof data.errmsg === "string" ? data.errmsg : undefined), data };
}

/** POSTs a JSON body to a WeCom URL and reads its answer; a fetch that throws is a network failure. */
export async function postWecomJson(
  url: string | URL,
  body: unknown,
  opts: { fetch?: typeof fetch; timeoutMs: number },
): Promise<{ result: SendResult; data?: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    return { result: fromFetchError(err) };
  }
  return readWecomAnswer(res);
}
