import { pino, type Logger } from "pino";

export type { Logger };

/** JSON logs to stderr (stdout stays clean for CLI output such as `import --json`). */
export function createLogger(level: string, name = "duban"): Logger {
  return pino({ name, level }, pino.destination(2));
}
