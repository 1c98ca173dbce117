/** What {@link lastResponse} needs of an rxjs `Observable`, so this package does not import rxjs. */
export interface Subscribable<T> {
  subscribe(observer: { next: (value: T) => void; error: (err: unknown) => void; complete: () => void }): {
    unsubscribe(): void;
  };
}

/**
 * The last value a query's observable emits before it completes (a streaming query emits several
 * partial responses; the last one is complete). Rejects with the observable's error, and resolves
 * `undefined` when it completes without a value.
 */
export function lastResponse<T>(source: Subscribable<T>): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let last: T | undefined;
    source.subscribe({
      next: (value) => {
        last = value;
      },
      error: reject,
      complete: () => resolve(last),
    });
  });
}
