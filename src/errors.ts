// Typed errors. `expose` says whether the message may be shown to the caller (HTTP client,
// CLI user, chat member); the HTTP error middleware maps `status` and hides the rest.

export class DubanError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly code: string;

  constructor(message: string, opts: { status?: number; expose?: boolean; code?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.status = opts.status ?? 500;
    this.expose = opts.expose ?? this.status < 500;
    this.code = opts.code ?? "internal";
  }
}

/** Bad input from a person or a document: shown to them as is. */
export class InputError extends DubanError {
  constructor(message: string, code = "bad_input") {
    super(message, { status: 400, expose: true, code });
  }
}

export class NotFoundError extends DubanError {
  constructor(message: string, code = "not_found") {
    super(message, { status: 404, expose: true, code });
  }
}

/** A unit name that matches nothing in the directory; carries the closest names. */
export class UnknownUnitError extends DubanError {
  readonly suggestions: string[];
  constructor(name: string, suggestions: string[]) {
    const hint = suggestions.length ? `；您是否要找：${suggestions.join("、")}` : "";
    super(`未知单位"${name}"${hint}`, { status: 400, expose: true, code: "unknown_unit" });
    this.suggestions = suggestions;
  }
}
