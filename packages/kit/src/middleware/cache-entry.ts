/**
 * What the result cache stores: results encoded as Arrow IPC, so an entry's size is exact (what
 * Grafana would receive) and every hit decodes fresh Frame objects that no caller can use to
 * change the cached copy.
 * @module
 */
import { decodeFrame, encodeFrame, type Frame, type Notice } from '@dsforge/backend';

import type { QueryResult } from '../types';

/** One cached result. */
export interface CacheEntry {
  frames: Uint8Array[];
  notices: Notice[];
  refId: string;
  storedAt: number;
  bytes: number;
}

/**
 * The default `cacheable`: not when a notice (on the result or a frame) is an error or a
 * partial-result warning, or a frame carries a `dsforgeError`.
 */
export function defaultCacheable(result: QueryResult): boolean {
  const bad = (n: Notice) => n.severity === 'error' || n.text.startsWith('Partial result');
  if (result.notices?.some(bad)) return false;
  return result.frames.every(
    (f) => !f.meta?.notices?.some(bad) && f.meta?.custom?.dsforgeError === undefined,
  );
}

/** The entry for `result`, or undefined when a frame cannot be encoded. */
export function encodeEntry(
  result: QueryResult,
  refId: string,
  key: string,
  now: number,
): CacheEntry | undefined {
  try {
    const frames = result.frames.map((f) => encodeFrame(f));
    const notices = result.notices ?? [];
    // Key and notices are small but not free; count them so tiny results still have a size.
    const bytes =
      frames.reduce((n, b) => n + b.byteLength, 0) + key.length * 2 + JSON.stringify(notices).length * 2 + 64;
    return { frames, notices, refId, storedAt: now, bytes };
  } catch {
    return undefined; // an invalid frame fails later in the pipeline with a clear error; just don't cache it
  }
}

/** Fresh frames for `refId` from `entry`, each marked with `meta.custom.cache = custom`. */
export function decodeEntry(entry: CacheEntry, refId: string, custom: Record<string, unknown>): Frame[] {
  return entry.frames.map((bytes) => {
    const frame = decodeFrame(bytes);
    // The entry may come from an identical query with another refId (panels sharing a query).
    if (frame.refId === entry.refId) frame.refId = refId;
    frame.meta = { ...frame.meta, custom: { ...frame.meta?.custom, cache: custom } };
    return frame;
  });
}
