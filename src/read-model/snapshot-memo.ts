// Answers computed from one snapshot of the read model, kept for as long as that snapshot is the
// current one. A snapshot's parts are replaced whenever their change counter moves (a report,
// an import, a member added, by this process or any other), so an entry can never outlive the
// data it was computed from: it is dropped with the first part that changes. What it may not
// capture is the clock — callers put the time their answer depends on into the key.
//
// Why: 我的任务 is what most liaisons send, all at once after a reminder, and its answer for
// a unit changes only when its data or the minute does; rebuilding a county's ~110 rows and
// lights for each of them was the largest share of a read's time (README, Performance).
import type { ReadModelSnapshot } from "./read-model";

interface Entry {
  directory: ReadModelSnapshot["directory"];
  plan: ReadModelSnapshot["plan"];
  questions: ReadModelSnapshot["questions"];
  values: Map<string, Promise<unknown>>;
}

/** Enough for every unit's every page and then some; past it the table starts over. */
const MAX_ENTRIES = 5_000;

// Keyed by the reports part, the one that changes most often; the other parts are compared.
const bySnapshot = new WeakMap<ReadModelSnapshot["reported"], Entry>();

export function memoOnSnapshot<T>(snapshot: ReadModelSnapshot, key: string, compute: () => Promise<T>): Promise<T> {
  let entry = bySnapshot.get(snapshot.reported);
  if (!entry || entry.directory !== snapshot.directory || entry.plan !== snapshot.plan || entry.questions !== snapshot.questions) {
    entry = { directory: snapshot.directory, plan: snapshot.plan, questions: snapshot.questions, values: new Map() };
    bySnapshot.set(snapshot.reported, entry);
  }
  const have = entry.values.get(key);
  if (have) return have as Promise<T>;
  if (entry.values.size >= MAX_ENTRIES) entry.values.clear();
  const value = compute();
  const values = entry.values;
  values.set(key, value);
  // A failed computation (the database was busy loading a report set) is not kept.
  value.catch(() => {
    if (values.get(key) === value) values.delete(key);
  });
  return value;
}
