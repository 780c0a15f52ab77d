// Why the database did not answer, in a form an operator can act on. Prisma's errors put the
// reason on their last line (the first is empty) and, through the driver adapter, a kind:
// unreachable (host, port), access denied, no such database.
export interface DbProblem {
  kind: "unreachable" | "denied" | "no_database" | "other";
  /** The driver's own words (or host:port for "unreachable"), never empty. */
  detail: string;
}

interface AdapterCause {
  kind?: string;
  host?: string;
  port?: number;
  originalMessage?: string;
  originalCode?: string;
}

export function describeDbError(e: unknown): DbProblem {
  const err = e as { message?: string; code?: string; meta?: { driverAdapterError?: { cause?: AdapterCause } }; cause?: unknown };
  const cause = err?.meta?.driverAdapterError?.cause;
  const words = lastLine(err?.message) ?? (err?.cause ? lastLine((err.cause as Error).message) : undefined) ?? err?.code ?? String(e);
  switch (cause?.kind) {
    case "DatabaseNotReachable":
      return { kind: "unreachable", detail: cause.host ? `${cause.host}${cause.port ? `:${cause.port}` : ""}` : words };
    case "DatabaseAccessDenied":
    case "AuthenticationFailed":
      return { kind: "denied", detail: cause.originalMessage ?? words };
    case "DatabaseDoesNotExist":
      return { kind: "no_database", detail: cause.originalMessage ?? words };
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|Can't reach database server/i.test(words)) return { kind: "unreachable", detail: words };
  return { kind: "other", detail: words };
}

/** The message's last non-empty line, without Prisma's "Message: `…`" wrapping. */
function lastLine(message: string | undefined): string | undefined {
  const line = message?.split("\n").map((l) => l.trim()).filter(Boolean).pop();
  if (!line) return undefined;
  return line.match(/Message: `(.*)`$/)?.[1] ?? line;
}
