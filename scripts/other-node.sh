#!/usr/bin/env bash
# Runs a command in a clean clone of this checkout's HEAD under another major version of
# Node.js, as a newcomer with that version would: `npm ci` compiles better-sqlite3 for it,
# generates the Prisma clients and builds dist/. Node.js comes from the npm registry (the
# node-linux-<arch> packages: the official binaries with their C headers, which node-gyp needs),
# since that is the one registry these machines reach; kept in a cache between runs.
#
#   scripts/other-node.sh 24 npm test
#   scripts/other-node.sh 22 npm test -- test/platforms
#
# DUBAN_NODE_CACHE: where the binaries are kept (default ~/.cache/duban/node).
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: scripts/other-node.sh <major> <command…>" >&2; exit 2; fi
major=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(node -p process.arch)
cache=${DUBAN_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/duban/node}
mkdir -p "$cache"

# The newest release of that major line.
version=$(npm view "node-linux-$arch@^$major" version --json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const v = [].concat(JSON.parse(s)).map((x) => x.split(".").map(Number));
    v.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    console.log(v.at(-1).join("."));
  });')
nodedir="$cache/node-$version"
if [ ! -x "$nodedir/bin/node" ]; then
  echo "== fetching node-linux-$arch@$version from the npm registry"
  rm -rf "$nodedir.tmp" && mkdir -p "$nodedir.tmp"
  tarball=$(cd "$nodedir.tmp" && npm pack --silent "node-linux-$arch@$version")
  tar xzf "$nodedir.tmp/$tarball" -C "$nodedir.tmp" --strip-components=1
  rm -f "$nodedir.tmp/$tarball"
  rm -rf "$nodedir" && mv "$nodedir.tmp" "$nodedir"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/duban"
cd "$work/duban"
export PATH="$nodedir/bin:$PATH"
# node-gyp builds native modules against these headers instead of downloading them.
export npm_config_nodedir="$nodedir"
echo "== Node.js $(node -v) in $work/duban: npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "== Node.js $(node -v): $*"
"$@"
