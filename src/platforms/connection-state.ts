// What each long connection is doing right now — connecting, open, backing off (how many
// failed attempts in a row, the last error) or stopped — kept in one board per server, so
// /readyz, /metrics and the status row `duban doctor` reads (connection-status-writer.ts) all
// tell the same story. The transports report into it; nothing here touches a socket.

/** The lastError of a WeCom connection another one took over (it is not retried). */
export const REPLACED = "replaced by another connection to this AI bot";

export type ConnectionPlatform = "wecom" | "dingtalk";
export type ConnectionPhase = "connecting" | "open" | "backing-off" | "stopped";

export interface ConnectionState {
  platform: ConnectionPlatform;
  state: ConnectionPhase;
  /** Failed attempts in a row; 0 once a connection is open. */
  attempt: number;
  lastError?: string;
  /** When it entered this state. */
  since: Date;
  /** Attempts made after the first (a reconnect after a drop or a failure). */
  reconnects: number;
}

export interface ConnectionTracker {
  connecting(): void;
  open(): void;
  backingOff(attempt: number, error: string): void;
  stopped(error?: string): void;
  current(): ConnectionState;
}

export interface ConnectionBoard {
  track(platform: ConnectionPlatform): ConnectionTracker;
  all(): ConnectionState[];
  /** Called after every change, with the new state. */
  onChange(listener: (s: ConnectionState) => void): void;
}

export function createConnectionBoard(now: () => Date = () => new Date()): ConnectionBoard {
  const states = new Map<ConnectionPlatform, ConnectionState>();
  const listeners: ((s: ConnectionState) => void)[] = [];
  const set = (platform: ConnectionPlatform, change: Partial<ConnectionState>) => {
    const prev = states.get(platform)!;
    const next: ConnectionState = { ...prev, ...change, since: change.state && change.state !== prev.state ? now() : prev.since };
    states.set(platform, next);
    for (const l of listeners) l(next);
  };
  return {
    track(platform) {
      states.set(platform, { platform, state: "connecting", attempt: 0, since: now(), reconnects: 0 });
      let attempts = 0;
      return {
        connecting() {
          attempts += 1;
          const prev = states.get(platform)!;
          set(platform, { state: "connecting", reconnects: attempts > 1 ? prev.reconnects + 1 : prev.reconnects });
        },
        open: () => set(platform, { state: "open", attempt: 0, lastError: undefined }),
        backingOff: (attempt, error) => set(platform, { state: "backing-off", attempt, lastError: error }),
        stopped: (error) => set(platform, { state: "stopped", ...(error !== undefined && { lastError: error }) }),
        current: () => states.get(platform)!,
      };
    },
    all: () => [...states.values()],
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
