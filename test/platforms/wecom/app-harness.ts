// The real app (createApp) with the WeCom routes mounted, listening on loopback, plus a
// recording message handler.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "../../../src/db/client";
import { createApp } from "../../../src/http/create-app";
import { createLogger } from "../../../src/logger";
import type { InboundMessage, MessageHandler, Reply } from "../../../src/platforms/message";
import { wecomRoutes, type WecomRouteDeps } from "../../../src/platforms/wecom/routes";

export async function startWecomApp(db: Db, deps: Omit<WecomRouteDeps, "log">): Promise<{ base: string; close(): Promise<void> }> {
  const log = createLogger("silent");
  const app = createApp({ db, provider: "sqlite", log, platforms: {}, routes: [wecomRoutes({ ...deps, log })] });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RecordingHandler {
  calls: InboundMessage[];
  handle: MessageHandler;
  /** While set, the handler waits for it before answering. */
  gate?: Promise<void>;
  fail?: boolean;
}

export function recordingHandler(): RecordingHandler {
  const h: RecordingHandler = {
    calls: [],
    handle: async (m): Promise<Reply> => {
      h.calls.push(m);
      if (h.gate) await h.gate;
      if (h.fail) throw new Error("database is down");
      return { text: `已收到：${m.text}` };
    },
  };
  return h;
}

export function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
