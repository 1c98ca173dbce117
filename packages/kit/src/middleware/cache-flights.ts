/**
 * Single-flight for the result cache: while one query's upstream call runs, identical queries
 * wait for it instead of making their own call.
 * @module
 */
import type { QueryContext, QueryResult } from '../types';
import { decodeEntry, encodeEntry, type CacheEntry } from './cache-entry';

/** What the leader of a single-flight group produced. */
export interface Flight {
  result: QueryResult;
  entry?: CacheEntry;
}

/** A leader's call in progress, with the signal and refId of the query that leads it. */
export interface InFlight {
  readonly promise: Promise<Flight>;
  readonly signal: AbortSignal;
  readonly refId: string;
}

/** The calls in flight, by cache key. */
export class Flights {
  readonly #byKey = new Map<string, InFlight>();

  /** The call in flight for `key`, if any. */
  get(key: string): InFlight | undefined {
    return this.#byKey.get(key);
  }

  /** Makes `flight` the call identical queries join until it settles. */
  add(key: string, flight: InFlight): void {
    this.#byKey.set(key, flight);
    // Whatever the outcome, the next identical query starts a new flight.
    const done = () => {
      if (this.#byKey.get(key) === flight) this.#byKey.delete(key);
    };
    flight.promise.then(done, done);
  }
}

/** Waits for `p`, or rejects with the signal's reason when it aborts first (the work is someone else's). */
function waitFor<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Answers the query `refId` from `flight`: its own copy of the frames, `meta.custom.cache =
 * {hit: true, ageMs: 0, coalesced: true}`, no cache notice (the data is fresh). Throws the
 * leader's error — or this query's abort reason when its own signal ends the wait — and returns
 * undefined when the leader was cancelled or timed out, which says nothing about this query: the
 * caller then runs it itself.
 */
export async function joinFlight(
  flight: InFlight,
  key: string,
  refId: string,
  ctx: Pick<QueryContext<unknown>, 'signal' | 'clock'>,
): Promise<QueryResult | undefined> {
  try {
    const { result, entry: stored } = await waitFor(flight.promise, ctx.signal);
    // Never hand two queries the same Frame objects: the pipeline sets refIds and notices on them.
    const e = stored ?? encodeEntry(result, flight.refId, key, ctx.clock.now());
    if (!e) return result;
    const frames = decodeEntry(e, refId, { hit: true, ageMs: 0, coalesced: true });
    return { frames, notices: [...e.notices] };
  } catch (err) {
    if (!flight.signal.aborted || ctx.signal.aborted) throw err;
    return undefined;
  }
}
