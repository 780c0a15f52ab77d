// One POST of a robot message body to an oapi robot URL (a custom robot's /robot/send, or a
// conversation's sessionWebhook /robot/sendBySession), and what its answer means for a retry.
// https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages (errcode answers)
import type { SendResult } from "../../delivery/channel";
import { networkFailure } from "../network-failure";

export { networkFailure };

/** Worth retrying later: DingTalk busy (-1) and its throttles (130101: 20/min then 10 min off). */
const RETRYABLE_ERRCODES = new Set([-1, 130101]);
/** Over 20 messages a minute a custom robot is blocked for 10 minutes: retrying sooner only fails. */
export const ROBOT_THROTTLE_MS = 10 * 60 * 1000;

export const DEFAULT_TIMEOUT_MS = 10_000;

export type SendFailure = Extract<SendResult, { ok: false }>;

export interface PostDeps {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function postRobotMessage(url: string, body: unknown, deps: PostDeps = {}): Promise<SendResult> {
  const doFetch = deps.fetch ?? fetch;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    return networkFailure(err);
  }
  return classifyRobotAnswer(res.status, text, retryAfterMs(res.headers.get("retry-after")));
}

/** HTTP status first (5xx/429 retry, other non-2xx do not), then DingTalk's errcode. */
export function classifyRobotAnswer(status: number, text: string, retryAfter?: number): SendResult {
  if (status >= 500 || status === 429) {
    return { ok: false, retryable: true, code: status, error: `HTTP ${status}`, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
  }
  if (status < 200 || status >= 300) return { ok: false, retryable: false, code: status, error: `HTTP ${status}: ${text.slice(0, 200)}` };
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return { ok: false, retryable: true, code: status, error: "answer is not JSON" };
  }
  const errcode = typeof answer.errcode === "number" ? answer.errcode : Number(answer.errcode ?? 0);
  if (errcode === 0) return { ok: true };
  // 310000 (sign, keyword or IP check failed), 300001 (no such robot), 400013 (group gone),
  // 4301xx (content refused), 460101 (too long): sending the same again cannot help.
  return {
    ok: false,
    retryable: RETRYABLE_ERRCODES.has(errcode),
    code: errcode,
    error: String(answer.errmsg ?? "DingTalk error"),
    ...(errcode === 130101 ? { retryAfterMs: ROBOT_THROTTLE_MS } : {}),
  };
}

/** An HTTP Retry-After header (seconds, or a date) in milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** fetch throws only for timeouts and transport failures: both may succeed later. */
