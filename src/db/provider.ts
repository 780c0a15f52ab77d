// Which database a URL names. One definition for the client, the migrator and the tools.

export type Provider = "sqlite" | "postgresql";

export function providerForUrl(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`unsupported database URL ${redactUrl(url)}: expected file:… or postgresql://…`);
}

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}
