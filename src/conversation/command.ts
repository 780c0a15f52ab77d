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
  parse(text: string, original: string, context?: ParseContext): A | null;
  /** "supervisor": only members with the supervisor role. */
  access: "member" | "supervisor";
  /** What the reply calls this action when access is refused. */
  actionName?: string;
  /**
   * Whether running it may change anything: then the message gets a durable redelivery guard
   * (InboundEvent) and runs in one transaction. Read-only commands run on the plain client
   * with no write at all; a redelivery is answered again, which changes nothing. A function
   * when it depends on the arguments (通报 发布). Default true: the safe side.
   */
  writes?: boolean | ((args: A, original: string) => boolean);
  run(turn: Turn, args: A): Promise<Reply>;
}

/** When the message is read: month words and "上季度" date a report only with the day it is sent. */
export interface ParseContext {
  now: Date;
  /** The year of the plan in force, when there is one. */
  planYear?: number;
}

export function command<A>(c: Command<A>): Command<unknown> {
  return c as Command<unknown>;
}

/** Whether a command run with these arguments may write. */
export function commandWrites(c: Command<unknown>, args: unknown, original: string): boolean {
  if (c.writes === undefined) return true;
  return typeof c.writes === "function" ? c.writes(args, original) : c.writes;
}
