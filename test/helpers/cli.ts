// The `duban` CLI run in-process, as the CLI tests drive it: exit code, stdout lines joined,
// stderr text.
import { runCli } from "../../src/cli/run-cli";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runDuban(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  let err = "";
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (t) => (err += t) });
  return { code, out: out.join("\n"), err };
}
