// The `duban` command line. runCli() returns an exit code instead of exiting, so tests run
// it in-process with their own env and capture its output.
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config";
import { DocumentParseError } from "../plan/parse-document";
import { createCliContext, type CliContext } from "./context";
import { registerAuditCommand } from "./audit-command";
import { registerBackupCommands } from "./backup-command";
import { registerAssignCommands } from "./assign-command";
import { IncompleteRun } from "./exit-code";
import { registerChatCommand } from "./chat-command";
import { registerDirectoryCommands } from "./directory-commands";
import { registerDoctorCommand } from "./doctor-command";
import { registerImportCommand } from "./import-command";
import { registerOutboxCommand } from "./outbox-command";
import { registerRemindCommand } from "./remind-command";
import { registerReportCommand } from "./report-command";
import { registerTasksCommand } from "./tasks-command";
import { registerUnitsCommand } from "./units-command";

export interface CliIo {
  out: (line: string) => void;
  err: (text: string) => void;
  /** Standard input, for `duban chat` (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Raw bytes to stdout, and whether it is a terminal (`duban report`; default: process.stdout). */
  stdout?: { write(data: Buffer): void; isTTY: boolean };
}

export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let ctx: CliContext | undefined;
  const getCtx = () => (ctx ??= createCliContext(env, io));
  const program = new Command("duban")
    .description("duban 督办 — key-task supervision on WeCom and DingTalk")
    .exitOverride()
    // Options belong to the (sub)command they follow: `outbox resend --status failed`.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, "")), writeErr: io.err });
  registerImportCommand(program, getCtx);
  registerUnitsCommand(program, getCtx);
  registerTasksCommand(program, getCtx);
  registerAssignCommands(program, getCtx);
  registerDirectoryCommands(program, getCtx);
  registerChatCommand(program, getCtx, () => io.stdin ?? process.stdin);
  registerRemindCommand(program, getCtx);
  registerOutboxCommand(program, getCtx);
  registerAuditCommand(program, getCtx);
  registerReportCommand(program, getCtx, () => io.stdout ?? { write: (d) => void process.stdout.write(d), isTTY: Boolean(process.stdout.isTTY) });
  registerDoctorCommand(program, getCtx);
  registerBackupCommands(program, getCtx);

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander already printed why
    if (e instanceof IncompleteRun) return e.exitCode; // the command printed what is left
    if (e instanceof ConfigError) {
      io.err(`duban: ${e.message}\n`);
      return 78;
    }
    if (e instanceof DocumentParseError) {
      io.err(`duban: ${e.message}\n未写入任何内容。\n`);
      return 65;
    }
    // Typed errors carry a message meant for the operator; anything else is shown as is too,
    // since the CLI's reader is the operator.
    io.err(`duban: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await ctx?.close();
  }
}
