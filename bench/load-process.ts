// The load generator for the webhook benches, in a process of its own: on this 2-core machine,
// building, encrypting and checking callbacks in the server's event loop would slow the server
// by exactly the work it measures. It plays WeCom: every request is a fresh app callback (new
// MsgId, fresh timestamp, signed and AES-encrypted with @wecom/crypto via test/fakes), sent over
// keep-alive connections (node:http Agent); replies are checked, not just counted.
//
// Reads a JSON LoadSpec on stdin; one JSON LoadResult is written to stdout when done.
import { Agent, request } from "node:http";
import { APP, appKeys } from "../test/platforms/wecom/keys";
import { appBody, openAppReply, signedCallback } from "../test/fakes/wecom-callback";

export interface LoadSpec {
  url: string;
  /** closed: `concurrency` callers each sending the next request on a reply; open: `rate` per
   *  second on a fixed schedule whatever the replies; burst: `concurrency` requests at once. */
  mode: "closed" | "open" | "burst";
  concurrency?: number;
  rate?: number;
  durationMs?: number;
  /** Closed loop only: run this long first without counting (JIT, caches, connections). */
  warmupMs?: number;
  /** Cycled through in order: who sends what. `{seq}` in text is replaced by a counter. */
  messages: { user: string; text: string }[];
  /** A reply counts as right when its decrypted Content matches (a RegExp source). */
  expect: string;
  /** Check one reply in this many (1: every reply). */
  checkEvery?: number;
  /** A prefix for MsgIds, so several runs on one database never collide. */
  msgIdPrefix: string;
  /** Give up on a request this long after it was due (default 10 s: WeCom itself gives up
   *  after 5 s and retries); it counts as an error with this latency. Bounds the run's time. */
  timeoutMs?: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  /** Non-200, connection errors, or a checked reply that did not decrypt to the expected text. */
  errors: number;
  /** 200 with an empty body: the server gave up on the reply budget (the answer goes later). */
  empty: number;
  checked: number;
  wrongText: number;
  firstError?: string;
  /** Errors by kind (HTTP status, socket error code, wrong reply). */
  errorKinds: Record<string, number>;
  elapsedMs: number;
  /** Latencies in ms of the requests answered right, and of those timed out (as the timeout),
   *  sorted; open loop measures from the scheduled send. */
  latencies: number[];
  /** Every MsgId sent while counting, answered or not. */
  /** Every MsgId sent while counting, answered or not. */
  msgIds: string[];
}

const input: Buffer[] = [];
for await (const c of process.stdin) input.push(c as Buffer);
const spec = JSON.parse(Buffer.concat(input).toString("utf8")) as LoadSpec;
const target = new URL(spec.url);
const agent = new Agent({ keepAlive: true, maxSockets: spec.mode === "closed" ? spec.concurrency : Infinity });
const expect = new RegExp(spec.expect);
const checkEvery = spec.checkEvery ?? 1;

let seq = 0;
let counting = spec.mode !== "closed" || !spec.warmupMs;
const result: LoadResult = { sent: 0, ok: 0, errors: 0, empty: 0, checked: 0, wrongText: 0, errorKinds: {}, elapsedMs: 0, latencies: [], msgIds: [] };

function fail(why: string, kind: string): void {
  result.errors++;
  result.errorKinds[kind] = (result.errorKinds[kind] ?? 0) + 1;
  result.firstError ??= why;
}

function nextCallback(): { path: string; body: string; msgId: string } {
  const n = seq++;
  const m = spec.messages[n % spec.messages.length]!;
  // MsgId is WeCom's 64-bit id, digits only.
  const msgId = `${spec.msgIdPrefix}${String(n).padStart(7, "0")}`;
  const text = m.text.replace("{seq}", String(n));
  const plaintext =
    `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${m.user}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
  const cb = signedCallback(appKeys, plaintext);
  return { path: `${target.pathname}?${cb.query}`, body: appBody(cb.ciphertext), msgId };
}

/** Sends one callback; `from` is when it should have been sent (open loop) or was sent. */
function send(from = performance.now()): Promise<void> {
  const cb = nextCallback();
  if (counting) result.msgIds.push(cb.msgId);
  const check = seq % checkEvery === 0;
  const timeoutMs = spec.timeoutMs ?? 10_000;
  let counted = counting;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (counted) {
        result.sent++;
        result.latencies.push(timeoutMs);
        fail(`no reply within ${timeoutMs} ms`, "timeout");
      }
      counted = false;
      req.destroy();
      resolve();
    }, Math.max(0, from + timeoutMs - performance.now()));
    const req = request(
      { host: target.hostname, port: target.port, path: cb.path, method: "POST", agent, headers: { "content-type": "text/xml", "content-length": Buffer.byteLength(cb.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          const ms = performance.now() - from;
          if (counted) {
            result.sent++;
            const body = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode !== 200) fail(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`, `HTTP ${res.statusCode}`);
            else if (!body) {
              result.empty++;
              result.ok++;
              result.latencies.push(ms);
            } else {
              let good = true;
              if (check) {
                result.checked++;
                try {
                  const content = String(openAppReply(appKeys, body).Content);
                  if (!expect.test(content)) {
                    good = false;
                    result.wrongText++;
                    fail(`unexpected reply: ${content.slice(0, 200)}`, "wrong reply");
                  }
                } catch (e) {
                  good = false;
                  fail(`reply does not open: ${(e as Error).message}`, "reply does not open");
                }
              }
              if (good) {
                result.ok++;
                result.latencies.push(ms);
              }
            }
          }
          resolve();
        });
        res.on("error", (e) => {
          clearTimeout(timer);
          if (counted) fail(e.message, (e as NodeJS.ErrnoException).code ?? "response error");
          resolve();
        });
      },
    );
    req.on("error", (e) => {
      clearTimeout(timer);
      if (counted) {
        result.sent++;
        fail(e.message, (e as NodeJS.ErrnoException).code ?? "request error");
      }
      resolve();
    });
    req.end(cb.body);
  });
}

async function closed(): Promise<void> {
  const c = spec.concurrency ?? 50;
  let stop = false;
  const worker = async () => {
    while (!stop) await send();
  };
  const workers = Array.from({ length: c }, worker);
  if (spec.warmupMs) {
    await sleep(spec.warmupMs);
    counting = true;
  }
  const t = performance.now();
  await sleep(spec.durationMs ?? 4000);
  stop = true;
  result.elapsedMs = performance.now() - t;
  await Promise.all(workers);
}

async function open(): Promise<void> {
  const rate = spec.rate ?? 200;
  const total = Math.round((rate * (spec.durationMs ?? 10_000)) / 1000);
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    // Latency from the scheduled time: a server that stalls is charged for the requests that
    // queued behind the stall (no coordinated omission).
    inFlight.push(send(due));
  }
  result.elapsedMs = performance.now() - t0;
  await Promise.all(inFlight);
}

async function burst(): Promise<void> {
  const n = spec.concurrency ?? 200;
  // n connections at once, as WeCom's servers would open them.
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => send(t0)));
  result.elapsedMs = performance.now() - t0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await (spec.mode === "closed" ? closed() : spec.mode === "open" ? open() : burst());
result.latencies.sort((a, b) => a - b);
agent.destroy();
process.stdout.write(JSON.stringify(result));
