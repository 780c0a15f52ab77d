// Entry point of the `duban` command (see src/bin/duban.js).
import "dotenv/config";
import { runCli } from "./run-cli";

const code = await runCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
});
// Exit explicitly: a PostgreSQL pool would otherwise keep the process alive for seconds.
process.exitCode = code;
setImmediate(() => process.exit(code));
