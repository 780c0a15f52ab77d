// The fake WeCom API in a process of its own, so that in `npm run bench` the fake's work does
// not share duban's event loop (a real WeCom is on another machine). Prints its base URL and
// a stats URL on stdout; GET <stats> answers {perMessage: {n: arrivals}, rateLimited}.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startFakeWecomApi } from "../test/fakes/wecom-api";

const [robots, perWindow, windowMs] = process.argv.slice(2).map(Number) as [number, number, number];
const fake = await startFakeWecomApi({
  corpId: "c",
  secret: "s",
  webhookKeys: Array.from({ length: robots }, (_, i) => `robot${i}`),
  robotLimit: { perWindow, windowMs },
});
const stats = createServer((_req, res) => {
  const perMessage: Record<number, number> = {};
  for (const r of fake.requestsTo("/cgi-bin/webhook/send")) {
    const m = /#(\d+)#/.exec(r.body?.text?.content ?? "");
    if (m) perMessage[Number(m[1])] = (perMessage[Number(m[1])] ?? 0) + 1;
  }
  res.end(JSON.stringify({ perMessage, rateLimited: fake.rateLimited() }));
});
stats.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${fake.base} http://127.0.0.1:${(stats.address() as AddressInfo).port}\n`);
});
