// fetch threw (DNS, refused connection, reset, or our own timeout): the request may or may not
// have reached the vendor, and the same request may well succeed later. Every vendor client
// reports it the same way.
import type { SendResult } from "../delivery/channel";

export function networkFailure(err: unknown): Extract<SendResult, { ok: false }> {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return { ok: false, retryable: true, code: "timeout", error: "request timed out" };
  return { ok: false, retryable: true, code: e?.cause?.code ?? "network", error: `request failed: ${e?.cause?.message ?? e?.message ?? String(err)}` };
}
