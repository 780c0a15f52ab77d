// How long a PostgreSQL connection may take to open. node-postgres waits for ever by default:
// a database host that accepts the TCP connection and never answers (a half-configured proxy
// or load balancer, a wrong port on a busy host) left `duban` starting — and every request
// that needed a connection — hanging with nothing in the log. libpq's `connect_timeout` URL
// parameter (seconds) sets it, as for psql; node-postgres itself ignores that parameter.
export const DEFAULT_PG_CONNECT_TIMEOUT_MS = 10_000;

export function pgConnectTimeoutMs(url: string): number {
  let given: string | null = null;
  try {
    given = new URL(url).searchParams.get("connect_timeout");
  } catch {
    return DEFAULT_PG_CONNECT_TIMEOUT_MS;
  }
  // libpq: 0 or negative means wait indefinitely; it is never what a server wants, so the default.
  const seconds = given !== null && /^\d+$/.test(given) ? Number(given) : 0;
  return seconds > 0 ? seconds * 1000 : DEFAULT_PG_CONNECT_TIMEOUT_MS;
}
