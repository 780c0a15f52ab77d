// Summarises a V8 CPU profile (from `npm run bench -- webhook --profile`): self time by
// package (node_modules/<pkg>, duban's src/, node internals, GC, idle) and the top functions,
// counted from the first sample inside a WeCom callback on (start-up is left out).
//   npx tsx bench/profile-summary.ts <file.cpuprofile | the profile directory> [top=25]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [given, topArg] = process.argv.slice(2);
// A directory (--cpu-prof-dir): the server's profile is the largest in it; the others are the
// short-lived start-up child's.
const file = statSync(given!).isDirectory()
  ? readdirSync(given!)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => join(given!, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!
  : given!;
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inCallback = (id: number): boolean => {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    if (f.functionName === "receive" && f.url.includes("src/platforms/wecom/")) return true;
  }
  return false;
};
const first = profile.samples.findIndex(inCallback);
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (i >= first) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

function where(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return url.split("/").slice(0, 3).join("/");
  const s = /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  return s ? s[1]! : url;
}

const packages = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const pkg = where(n.callFrame.url, n.callFrame.functionName);
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  const key = `${n.callFrame.functionName || "(anonymous)"}  ${pkg}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
// Inclusive: each sample counted once for every package on its stack, and once for the
// innermost duban function (src/) it ran under — where library time is spent from.
const inclusive = new Map<string, number>();
const underDuban = new Map<string, number>();
profile.samples.forEach((id, i) => {
  if (i < first) return;
  const us = profile.timeDeltas[i] ?? 0;
  const seen = new Set<string>();
  let duban: string | undefined;
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    const pkg = where(f.url, f.functionName);
    if (!f.url) continue;
    seen.add(pkg);
    const file = /\/(src\/.+)$/.exec(f.url)?.[1];
    if (!duban && file && !f.url.includes("node_modules") && !file.startsWith("src/generated")) duban = `${f.functionName || "(anonymous)"}  ${file}:${f.lineNumber + 1}`;
  }
  for (const pkg of seen) inclusive.set(pkg, (inclusive.get(pkg) ?? 0) + us);
  if (duban) underDuban.set(duban, (underDuban.get(duban) ?? 0) + us);
});

const show = (m: Map<string, number>, top: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join("\n");
console.log(
  `${(total / 1e6).toFixed(1)} s sampled\n\nself time by package:\n${show(packages, 20)}\n\ninclusive by package:\n${show(inclusive, 15)}` +
    `\n\ntop functions (self):\n${show(functions, Number(topArg ?? 25))}\n\nby innermost duban function (self + the libraries it called):\n${show(underDuban, 20)}`,
);
