/**
 * `eachConcurrently`: runs a function for every item with at most `limit` in flight, in item
 * order — the worker pool behind `queryEach` and QueryChunkedData. Hand-written rather than a
 * library: it is eight lines, and both callers need items started in order with no queue object.
 */

/** Runs `run` for every item with at most `limit` (at least 1) in flight. */
export async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
