// Builds the server and the CLI once, at `npm install` (postinstall), into dist/: esbuild bundles
// src/main.ts and src/cli/main.ts (with the generated Prisma clients) into plain ES modules that
// `node` runs directly — no TypeScript loader and no second process at run time. Dependencies
// stay in node_modules (not bundled); modules loaded on first use stay separate chunks.
//
//   node scripts/build.js             build
//   node scripts/build.js --if-stale  build only when a source file is newer than the build
//                                     (`npm start` runs this first, so a `git pull` is never
//                                     served from an old build)
//
// Code that finds files next to itself (templates/, prisma/, node_modules via createRequire)
// uses import.meta.url; in a bundle that would be dist/'s, so each source file's import.meta.url
// is rewritten to that file's own location under src/, and such paths resolve as from source.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".built");
/** What the build reads: a change to any of these makes the build stale. */
const INPUTS = ["src", "package.json", "package-lock.json", "tsconfig.json", "scripts/build.js"];

function newestMtime(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function isStale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return INPUTS.some((p) => newestMtime(join(ROOT, p)) > built);
}

const ownImportMetaUrl = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      // Chunks and entries all land in dist/ itself, so one relative path fits every output file.
      const fromDist = relative(DIST, args.path).split("\\").join("/");
      const contents = source.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`);
      return { contents, loader: "ts" };
    });
  },
};

export async function build() {
  const esbuild = await import("esbuild");
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: "src/main.ts", cli: "src/cli/main.ts", "seed-import-worker": "src/seed-import-worker.ts" },
    outdir: DIST,
    bundle: true,
    splitting: true,
    chunkNames: "chunk-[hash]",
    format: "esm",
    platform: "node",
    target: "node20.12",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [ownImportMetaUrl],
    metafile: true,
  });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  // Chunks of earlier builds go after a day: a server started from one of them may still load
  // a chunk on first use (an export), so they are not deleted at once.
  const current = new Set(Object.keys(result.metafile.outputs).map((o) => join(ROOT, o)));
  for (const name of readdirSync(DIST)) {
    const file = join(DIST, name);
    if (name.startsWith("chunk-") && !current.has(file) && statSync(file).mtimeMs < started - 86400_000) rmSync(file, { force: true });
  }
  return Date.now() - started;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--if-stale") && !isStale()) process.exit(0);
  const ms = await build();
  process.stderr.write(`duban: built dist/ in ${ms} ms\n`);
}
