// Group robots that misbehave, for the delivery fault suite: one loopback server speaking the
// WeCom group robot webhook (POST /cgi-bin/webhook/send?key=K), where each key is told how to
// behave — answer, hang, fail with an errcode or an HTTP status, rate-limit, or fail for a
// while and then recover. It records every arrival per key.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RobotBehaviour =
  | "ok"
  | "hang"
  | { errcode: number }
  | { status: number }
  /** Fails like `with` until `failUntil` (ms since epoch), then answers. */
  | { failUntil: number; with: { errcode: number } | { status: number } | "hang" }
  /** Fails like `with` for the first `failTimes` requests, then answers. */
  | { failTimes: number; with: { errcode: number } | { status: number } | "hang" };

export interface FaultRobots {
  base: string;
  url(key: string): string;
  behave(key: string, b: RobotBehaviour): void;
  /** Successful deliveries per key, with arrival times. */
  delivered(key: string): { at: number; text: string }[];
  /** Requests per key, whatever the answer. */
  attempts(key: string): number;
  /** Requests over a key's limit (answered 45009). */
  rateLimited(): number;
  close(): Promise<void>;
}

export async function startFaultRobots(opts: { perWindow?: number; windowMs?: number } = {}): Promise<FaultRobots> {
  const behaviour = new Map<string, RobotBehaviour>();
  const delivered = new Map<string, { at: number; text: string }[]>();
  const attempts = new Map<string, number>();
  const hits = new Map<string, number[]>();
  let limited = 0;
  const perWindow = opts.perWindow ?? 20;
  const windowMs = opts.windowMs ?? 60_000;

  const json = (res: ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const key = url.searchParams.get("key") ?? "";
    const at = Date.now();
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    let b = behaviour.get(key);
    if (b === undefined) return json(res, { errcode: 93000, errmsg: "invalid webhook url" });
    if (typeof b === "object" && "failUntil" in b) b = at < b.failUntil ? b.with : "ok";
    else if (typeof b === "object" && "failTimes" in b) b = attempts.get(key)! <= b.failTimes ? b.with : "ok";
    if (b === "hang") return; // never answered; close() drops the socket
    if (typeof b === "object" && "status" in b) return json(res, { error: "scripted" }, b.status);
    if (typeof b === "object" && "errcode" in b) return json(res, { errcode: b.errcode, errmsg: `scripted ${b.errcode}` });
    const recent = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
    if (recent.length >= perWindow) {
      limited++;
      return json(res, { errcode: 45009, errmsg: "api freq out of limit" });
    }
    hits.set(key, [...recent, at]);
    let text = "";
    try {
      text = JSON.parse(Buffer.concat(chunks).toString("utf8"))?.text?.content ?? "";
    } catch {
      // recorded without text
    }
    delivered.set(key, [...(delivered.get(key) ?? []), { at, text }]);
    json(res, { errcode: 0, errmsg: "ok" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (key) => `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    behave: (key, b) => void behaviour.set(key, b),
    delivered: (key) => delivered.get(key) ?? [],
    attempts: (key) => attempts.get(key) ?? 0,
    rateLimited: () => limited,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
