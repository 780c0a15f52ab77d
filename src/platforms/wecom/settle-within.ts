// Waits for a promise, but no longer than a budget: WeCom gives a callback 5 s, so the reply is
// written into the response only when the handler is quick, and sent separately otherwise.

export type Settled<T> = { done: true; value: T } | { done: false };

/** Resolves with the value if `promise` settles within `ms`; rethrows its error if it fails in time. */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value): Settled<T> => ({ done: true, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
