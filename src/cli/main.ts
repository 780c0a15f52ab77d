// Entry point of the `duban` command (see src/bin/duban.js).
import "dotenv/config";
import { setFlagsFromString } from "node:v8";
import { drainStdio } from "./drain-stdio";
import { runCli } from "./run-cli";

// As in the server (src/main.ts): Prisma's wasm query compiler stays on V8's baseline tier.
setFlagsFromString("--liftoff-only");

// `duban … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const code = await runCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
});
// Exit explicitly: a PostgreSQL pool would otherwise keep the process alive for seconds —
// but only once the output has drained, or a slow reader gets it cut short.
process.exitCode = code;
await drainStdio();
process.exit(code);
