import yauzl from 'yauzl';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Opens a zip for sequential reading (entry sizes validated against the central directory). */
export function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((ok, fail) =>
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true }, (err, zip) =>
      err ? fail(err) : ok(zip),
    ),
  );
}

/** Calls `onEntry` for each entry in order; resolves when the archive is exhausted. */
export async function eachEntry(
  zip: yauzl.ZipFile,
  onEntry: (entry: yauzl.Entry, read: () => Promise<NodeJS.ReadableStream>) => Promise<void>,
): Promise<void> {
  await new Promise<void>((ok, fail) => {
    zip.on('error', fail);
    zip.on('end', () => ok());
    zip.on('entry', (entry: yauzl.Entry) => {
      const read = () =>
        new Promise<NodeJS.ReadableStream>((r, j) => zip.openReadStream(entry, (e, s) => (e ? j(e) : r(s))));
      onEntry(entry, read).then(
        () => zip.readEntry(),
        (err) => {
          zip.close();
          fail(err);
        },
      );
    });
    zip.readEntry();
  });
}

/** Reads named text entries (at most `maxBytes` each) from a zip; missing names are absent. */
export async function readZipTexts(
  path: string,
  names: string[],
  maxBytes = 1024 * 1024,
): Promise<Record<string, string>> {
  const wanted = new Set(names);
  const out: Record<string, string> = {};
  const zip = await openZip(path);
  await eachEntry(zip, async (entry, read) => {
    if (!wanted.has(entry.fileName) || entry.uncompressedSize > maxBytes) return;
    const chunks: Buffer[] = [];
    for await (const c of (await read()) as AsyncIterable<Buffer>) chunks.push(c);
    out[entry.fileName] = Buffer.concat(chunks).toString('utf8');
  });
  return out;
}

/** Streams one entry to a file. */
export async function extractEntry(stream: NodeJS.ReadableStream, file: string): Promise<void> {
  await pipeline(stream, createWriteStream(file, { flags: 'wx', mode: 0o644 }));
}
