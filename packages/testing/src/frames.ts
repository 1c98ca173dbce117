/**
 * Decoding the Arrow frames of a DataResponse with `@dsforge/backend/data`'s `decodeFrame`.
 *
 * Decoding is lazy (on first access of `frames`) so a test that only checks status, errors or raw
 * bytes does not depend on the Arrow decoder.
 */
import type { Frame } from '../../backend/src/data/frame';

export type { Frame };

type DecodeFrame = (bytes: Uint8Array) => Frame;

let decoder: DecodeFrame | undefined;

function loadDecoder(): DecodeFrame {
  if (!decoder) {
    // Loaded on demand: the decoder pulls in apache-arrow, which status-only tests never need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('@dsforge/backend/data') as { decodeFrame?: DecodeFrame };
    if (typeof mod.decodeFrame !== 'function') {
      throw new Error('@dsforge/backend/data does not export decodeFrame; use rawFrames instead');
    }
    decoder = mod.decodeFrame;
  }
  return decoder;
}

/** Decodes each Arrow IPC file into a Frame. */
export function decodeFrames(raw: Uint8Array[]): Frame[] {
  const decode = loadDecoder();
  return raw.map((bytes) => decode(bytes));
}
