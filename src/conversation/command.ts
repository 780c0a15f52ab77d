import type { Reply } from "../platforms/message";
import type { Turn } from "./turn";

/**
 * A chat command, declared once: how to recognise it in the prepared text, who may use it,
 * and what it does. src/conversation/commands/index.ts lists them; dispatch.ts runs them.
 */
export interface Command<A = unknown> {
  name: string;
  /**
   * The command's arguments when the message is this command, else null. Must never throw.
   * `text` is the prepared (half-width) text; `original` the message as typed.
   */
  parse(text: string, original: string): A | null;
  /** "supervisor": only members with the supervisor role. */
  access: "member" | "supervisor";
  /** What the reply calls this action when access is refused. */
  actionName?: string;
  run(turn: Turn, args: A): Promise<Reply>;
}

export function command<A>(c: Command<A>): Command<unknown> {
  return c as Command<unknown>;
}
