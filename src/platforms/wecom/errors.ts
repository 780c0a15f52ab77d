// Why a WeCom callback was refused. Every refusal is a 4xx with a short reason the operator can
// act on (errorMiddleware shows `expose`d messages), never a 500: forged and malformed input is
// the caller's fault, and WeCom's own retries must not be provoked by it.
import { DubanError } from "../../errors";

export type WecomRejection =
  | "missing_params"
  | "bad_signature"
  | "stale_timestamp"
  | "undecryptable"
  | "wrong_receiver"
  | "malformed_body"
  | "not_configured";

const statusOf: Record<WecomRejection, number> = {
  missing_params: 400,
  bad_signature: 401,
  stale_timestamp: 401,
  undecryptable: 400,
  wrong_receiver: 403,
  malformed_body: 400,
  not_configured: 404,
};

export class WecomRequestError extends DubanError {
  constructor(code: WecomRejection, message: string, cause?: unknown) {
    super(message, { status: statusOf[code], expose: true, code, cause });
  }
}
