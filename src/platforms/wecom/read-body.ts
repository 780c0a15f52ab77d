// Reads a callback body as text with a hard size limit. No body-parser is installed, and a
// callback needs the raw text anyway: the signature covers the ciphertext inside it.
import type { IncomingMessage } from "node:http";
import { WecomRequestError } from "./errors";

export const MAX_CALLBACK_BODY_BYTES = 1024 * 1024;

export function readRawBody(req: IncomingMessage, limitBytes = MAX_CALLBACK_BODY_BYTES): Promise<string> {
  const tooLarge = () => new WecomRequestError("body_too_large", `request body over ${limitBytes} bytes`);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      // Keep draining without buffering rather than destroying the socket, so the sender
      // still reads the 413 instead of a connection reset.
      req.removeListener("data", onData);
      req.resume();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) fail(tooLarge());
      else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.once("aborted", () => fail(new WecomRequestError("malformed_body", "request aborted")));
    req.once("error", (err) => fail(new WecomRequestError("malformed_body", "request body unreadable", err)));
  });
}
