// `我的任务` and `任务 N` in process, through the conversation handler (no HTTP, no crypto):
// the database work of a read, on the seed alone and with three years of history
// (bench/history.ts, ~350k reports). Goal: p99 < 5 ms, and flat — the 3-year p99 within 1.5×
// of the empty one, since what a unit sees does not grow with the years behind it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fixedClock } from "../src/clock";
import { openDatabase } from "../src/db/client";
import { createConversation } from "../src/conversation/create-conversation";
import { createLogger } from "../src/logger";
import { loadTemplates } from "../src/templates";
import { addHistory } from "./history";
import { BENCH_NOW } from "./server-process";
import type { Row } from "./table";
import { prepareDatabase } from "./webhook-bench";

const RUNS = 400;
/** Message ids unique across every measurement on a database: a repeated id would be answered
 *  from the redelivery guard's stored reply, not by the command. */
let messageSeq = 0;

/** The seed with the liaisons, in `dir`; made once per bench run. */
export async function seedDatabase(dir: string): Promise<{ url: string; pairs: { user: string; no: number }[] }> {
  const url = `file:${join(dir, "query-0y.db")}`;
  return { url, ...(await prepareDatabase(url)) };
}

/** The same plus three years of history (2018–2020), made once per bench run. */
export async function historyDatabase(dir: string): Promise<{ url: string; reports: number }> {
  const url = `file:${join(dir, "query-3y.db")}`;
  if (existsSync(url.slice(5))) return { url, reports: -1 };
  await prepareDatabase(url);
  const database = await openDatabase(url);
  try {
    return { url, reports: await addHistory(database) };
  } finally {
    await database.close();
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

async function measure(url: string, messages: { user: string; text: string }[], expect: RegExp): Promise<number[]> {
  const database = await openDatabase(url);
  try {
    const handle = createConversation({ db: database.db, templates: loadTemplates(), clock: fixedClock(BENCH_NOW), log: createLogger("silent") });
    let n = 0;
    const one = async () => {
      const m = messages[n % messages.length]!;
      n++;
      messageSeq++;
      const t = performance.now();
      const reply = await handle({ platform: "wecom", messageId: `q-${process.pid}-${messageSeq}`, chatId: m.user, chatType: "single", senderId: m.user, text: m.text });
      const ms = performance.now() - t;
      if (!expect.test(reply.text)) throw new Error(`query bench: unexpected reply to ${m.text}: ${reply.text.slice(0, 200)}`);
      return ms;
    };
    for (let i = 0; i < 50; i++) await one(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await one());
    return samples.sort((a, b) => a - b);
  } finally {
    await database.close();
  }
}

function busiest(pairs: { user: string; no: number }[]): { user: string; no: number }[] {
  const counts = new Map<string, number>();
  for (const p of pairs) counts.set(p.user, (counts.get(p.user) ?? 0) + 1);
  const user = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  return pairs.filter((p) => p.user === user);
}

export async function benchQuery(dir: string): Promise<Row[]> {
  const empty = await seedDatabase(dir);
  const history = await historyDatabase(dir);
  const users = [...new Set(empty.pairs.map((p) => p.user))];
  const cases = [
    { name: "我的任务", messages: users.map((user) => ({ user, text: "我的任务" })), expect: /共\d+项：已报\d+/ },
    // The liaison of the unit with the most tasks asks about each of its tasks in turn.
    { name: "任务 N", messages: busiest(empty.pairs).map((p) => ({ user: p.user, text: `任务 ${p.no}` })), expect: /^第\d+项｜/ },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const zero = await measure(empty.url, c.messages, c.expect);
    const three = await measure(history.url, c.messages, c.expect);
    const p99z = pct(zero, 99);
    const p99h = pct(three, 99);
    rows.push({ group: "query", name: `${c.name} p99 0 years`, value: p99z, unit: "ms", goal: "< 5 ms", ok: p99z < 5, note: `p50 ${pct(zero, 50).toFixed(2)} ms; ${RUNS} messages in process` });
    rows.push({
      group: "query",
      name: `${c.name} p99 3 years`,
      value: p99h,
      unit: "ms",
      baseline: p99z,
      ratio: p99h / p99z,
      goal: "< 5 ms, ≤ 1.5× 0 years",
      ok: p99h < 5 && p99h / p99z <= 1.5,
      note: `p50 ${pct(three, 50).toFixed(2)} ms (${(pct(three, 50) / pct(zero, 50)).toFixed(2)}× 0 years); p99 ratio against 0 years${history.reports > 0 ? `; ${history.reports} reports over 2018–2020` : ""}`,
    });
  }
  return rows;
}
