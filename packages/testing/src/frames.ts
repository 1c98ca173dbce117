/**
 * Decoding the Arrow frames of a DataResponse with `@dsforge/backend/data`'s `decodeFrame`.
 * Results decode on first access of `frames`, so status-only checks never pay for (or depend on)
 * Arrow decoding.
 */
import { decodeFrame, type Frame } from '@dsforge/backend/data';

export type { Frame };

/** Decodes each Arrow IPC file into a Frame. */
export function decodeFrames(raw: Uint8Array[]): Frame[] {
  return raw.map((bytes) => decodeFrame(bytes));
}
