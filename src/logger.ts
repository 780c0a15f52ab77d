// Logs: JSON lines on stderr (stdout stays clean for CLI output such as `import --json`), or
// readable lines when stderr is a terminal. No secret reaches either: webhook keys, access
// tokens, signatures and 加签 secrets inside URLs and messages, fields that hold secrets, and
// the configured secrets themselves (app secrets, AES keys, tokens) wherever they appear.
import { pino, type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/** Field names whose values are secrets wherever they occur in a log object. */
const SECRET_FIELDS = ["secret", "token", "accessToken", "access_token", "appSecret", "corpsecret", "encodingAesKey", "webhookUrl", "webhook", "sign", "authorization"];
const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]);
/** Secret query parameters in URLs (webhook keys, DingTalk access_token/sign, gettoken's corpsecret…). */
const SECRET_PARAMS = /\b(key|access_token|accessToken|corpsecret|secret|sign|token|response_code)=([^&\s"'\\]+)/g;
/** DingTalk 加签 secrets and bearer tokens written out in free text. */
const SECRET_WORDS = /\bSEC[0-9a-f]{20,}\b|(Bearer\s+)[^\s"'\\]+/g;

export interface LoggerOptions {
  /** Values never to be written (the configured app secrets, AES keys, tokens). */
  secrets?: (string | undefined)[];
  /** Where lines go (default: stderr). */
  destination?: DestinationStream;
  /** Readable lines instead of JSON (default: when stderr is a terminal). */
  pretty?: boolean;
}

/** The line with every secret masked. Exported for the tests and for text that leaves by other means. */
export function scrubSecrets(line: string, secrets: string[] = []): string {
  let out = line.replace(SECRET_PARAMS, "$1=***").replace(SECRET_WORDS, (m, bearer?: string) => (bearer ? `${bearer}***` : "SEC***"));
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join("***");
  return out;
}

export function createLogger(level: string, name = "duban", opts: LoggerOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => Boolean(s));
  const readable = opts.pretty ?? (opts.destination === undefined && process.stderr.isTTY === true);
  const destination = opts.destination ?? (readable ? pretty({ destination: 2, colorize: true, translateTime: "SYS:HH:MM:ss" }) : pino.destination(2));
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: "***" },
      // The last line of defence: whatever a message or an error text carries.
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    destination,
  );
}
