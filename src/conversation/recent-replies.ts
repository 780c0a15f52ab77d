// Replies to recent messages, by (platform, message id), in this process only: a platform's
// redelivery of a read-only message is answered from here without touching the database.
// (Answering it afresh would change nothing either; this only saves the work.) Bounded in
// size and age; the oldest go first.
import type { Reply } from "../platforms/message";

export interface RecentReplies {
  get(platform: string, messageId: string, now: number): Reply | undefined;
  set(platform: string, messageId: string, reply: Reply, now: number): void;
}

export function createRecentReplies(opts: { max: number; maxAgeMs: number }): RecentReplies {
  const entries = new Map<string, { reply: Reply; at: number }>();
  const key = (platform: string, messageId: string) => `${platform}\u0000${messageId}`;
  return {
    get(platform, messageId, now) {
      const e = entries.get(key(platform, messageId));
      if (!e) return undefined;
      if (now - e.at > opts.maxAgeMs) {
        entries.delete(key(platform, messageId));
        return undefined;
      }
      return e.reply;
    },
    set(platform, messageId, reply, now) {
      const k = key(platform, messageId);
      entries.delete(k);
      entries.set(k, { reply, at: now });
      // A Map iterates in insertion order: the first entries are the oldest.
      for (const [old, e] of entries) {
        if (entries.size <= opts.max && now - e.at <= opts.maxAgeMs) break;
        entries.delete(old);
      }
    },
  };
}
