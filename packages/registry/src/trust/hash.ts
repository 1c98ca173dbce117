import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Lowercase hex SHA-256 of a buffer or string (UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Lowercase hex SHA-256 of a stream, consumed chunk by chunk.
 * Plugin binaries are 100+ MB each, so nothing here ever buffers a whole file.
 */
export async function hashStream(stream: Readable | NodeJS.ReadableStream): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as AsyncIterable<Buffer | string>) hash.update(chunk);
  return hash.digest('hex');
}

/** Lowercase hex SHA-256 of a file, streamed from disk. */
export function hashFile(path: string): Promise<string> {
  return hashStream(createReadStream(path));
}
