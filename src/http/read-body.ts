// Reads a request body into memory, refusing more than `limit` bytes with a 413. Nothing in
// the app parses bodies for us: a vendor callback needs its raw bytes (signatures cover them),
// and its size must be bounded before any of it is trusted. Shared by every platform route.
import type { IncomingMessage } from "node:http";
import { DubanError } from "../errors";

/** 1 MiB: far above any real callback, small enough that a flood cannot exhaust memory. */
export const CALLBACK_BODY_LIMIT = 1024 * 1024;

export function readBoundedBody(req: IncomingMessage, limit = CALLBACK_BODY_LIMIT): Promise<Buffer> {
  const tooLarge = () => new DubanError(`request body over ${limit} bytes`, { status: 413, expose: true, code: "payload_too_large" });
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err?: Error) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    // Over the limit we stop keeping bytes but do not destroy the request: Node discards the
    // rest after the 413 is sent, so the client reads our answer instead of a reset.
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new DubanError("request body could not be read", { status: 400, expose: true, code: "bad_body" }));
    const onAborted = onError;
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}
