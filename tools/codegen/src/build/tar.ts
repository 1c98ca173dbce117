import { createReadStream, createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/**
 * Streams a `.tgz` and writes the single regular file named `member` to `dest` (ustar/npm
 * tarballs: name + prefix fields; pax/GNU long names are not needed for npm's `package/...`
 * paths). Resolves with the member's byte size; rejects when the member is absent.
 */
export async function extractTarMember(tgz: string, member: string, dest: string): Promise<number> {
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0; // bytes of the current entry's data still to pass through
  let padding = 0; // zero bytes after the data up to the next 512-byte boundary
  let out: ReturnType<typeof createWriteStream> | undefined;
  let found = -1;
  let done = false;

  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      // Once the member is written the rest of the archive is only decompressed and dropped.
      if (done) return cb();
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const step = (): void => {
        while (!done) {
          if (remaining > 0) {
            if (pending.length === 0) return cb();
            const n = Math.min(remaining, pending.length);
            const piece = pending.subarray(0, n);
            pending = pending.subarray(n);
            remaining -= n;
            if (out) {
              // Respect back-pressure: the Node binary is >100 MB.
              if (!out.write(piece)) return void out.once('drain', step);
            }
            if (remaining === 0 && out) {
              const file = out;
              out = undefined;
              done = true;
              return void file.end(() => cb());
            }
            continue;
          }
          if (padding > 0) {
            const n = Math.min(padding, pending.length);
            pending = pending.subarray(n);
            padding -= n;
            if (padding > 0) return cb();
            continue;
          }
          if (pending.length < BLOCK) return cb();
          const header = pending.subarray(0, BLOCK);
          pending = pending.subarray(BLOCK);
          if (header.every((b) => b === 0)) {
            done = true;
            break;
          }
          const name = field(header, 0, 100);
          const prefix = field(header, 345, 155);
          const fullName = prefix ? `${prefix}/${name}` : name;
          const size = parseInt(field(header, 124, 12).trim() || '0', 8);
          const type = String.fromCharCode(header[156] ?? 48);
          remaining = size;
          padding = (BLOCK - (size % BLOCK)) % BLOCK;
          if (fullName === member && (type === '0' || type === '\0')) {
            found = size;
            out = createWriteStream(dest, { mode: 0o755 });
            if (size === 0) {
              done = true;
              return void out.end(() => cb());
            }
          }
        }
        cb();
      };
      step();
    },
  });
  await pipeline(createReadStream(tgz), createGunzip(), sink);
  if (found < 0) throw new Error(`${member} is not in ${tgz}`);
  return found;
}
