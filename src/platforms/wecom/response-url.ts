// The AI bot's late answer: one POST of markdown to the response_url the callback carried
// (usable once, for an hour, no token needed).
// https://developer.work.weixin.qq.com/document/path/101138
import type { SendResult } from "../../delivery/channel";
import { byteLength, splitByBytes } from "../split-bytes";
import { postWecomJson } from "./send-result";

/** WeCom's markdown limit; the URL works once, so a longer text cannot be split over calls. */
export const RESPONSE_URL_MARKDOWN_BYTES = 4096;

export async function postToResponseUrl(
  responseUrl: string,
  text: string,
  opts: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<SendResult & { truncated?: boolean }> {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return { ok: false, retryable: false, error: "response_url is not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, retryable: false, error: "response_url is not http(s)" };
  const content = byteLength(text) > RESPONSE_URL_MARKDOWN_BYTES ? splitByBytes(text, RESPONSE_URL_MARKDOWN_BYTES)[0]! : text;
  // https://developer.work.weixin.qq.com/document/path/101138
  const { result } = await postWecomJson(url, { msgtype: "markdown", markdown: { content } }, { fetch: opts.fetch, timeoutMs: opts.timeoutMs ?? 10_000 });
  return content === text ? result : { ...result, truncated: true };
}
