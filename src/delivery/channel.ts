// What the delivery layer (the outbox worker, issue 6) needs from a platform: send one
// message to one destination and say how it went. Each adapter implements this for its
// push channels and classifies its vendor's error codes as retryable or permanent.

import type { Card } from "../cards/card";

export interface OutboundMessage {
  /** Markdown-light text; the adapter renders it as text or markdown. */
  text: string;
  format: "text" | "markdown";
  /** Platform user ids to @-mention. */
  mentions?: string[];
  /** A stable key for this message, passed to the vendor where it supports one (DingTalk msgUuid). */
  idempotencyKey?: string;
  /**
   * The same message as an interactive card (issue 22), for channels that can send one (WeCom
   * AI bot and app, DingTalk app robot); robot webhooks send `text` (they have no clickable cards).
   */
  card?: Card;
}

export type SendResult =
  /** receipt: what the vendor gave to find the message again (DingTalk 1:1: processQueryKey), for its read state. */
  | { ok: true; receipt?: string }
  | {
      ok: false;
      /** true for network errors, timeouts, 5xx and the vendor's busy/rate-limit codes. */
      retryable: boolean;
      /** The vendor's errcode, or the HTTP status, when there is one. */
      code?: string | number;
      error: string;
      /** The least wait the vendor asks for before a retry (e.g. a rate-limit window). */
      retryAfterMs?: number;
    };

export interface Channel {
  send(destination: string, message: OutboundMessage): Promise<SendResult>;
}
