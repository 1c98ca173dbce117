import yauzl from 'yauzl';

/**
 * Reads one small text entry (MANIFEST.txt, certification.json) from a zip, or `undefined` when
 * absent. Refuses entries above `maxBytes` so a hostile zip cannot make us buffer gigabytes.
 */
export function readZipText(
  zipPath: string,
  entryPath: string,
  maxBytes = 4 * 1024 * 1024,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    // decodeStrings:false so unsafe names elsewhere in the zip do not abort this read;
    // inspectZip reports those.
    yauzl.open(zipPath, { lazyEntries: true, decodeStrings: false }, (err, zip) => {
      if (err) return reject(err);
      const finish = (value: string | undefined, error?: Error) => {
        zip.close();
        if (error) reject(error);
        else resolve(value);
      };
      zip.on('error', (e: Error) => finish(undefined, e));
      zip.on('end', () => finish(undefined));
      zip.on('entry', (entry: yauzl.Entry) => {
        if ((entry.fileName as unknown as Buffer).toString('utf8') !== entryPath) return zip.readEntry();
        if (entry.uncompressedSize > maxBytes)
          return finish(undefined, new Error(`${entryPath} is larger than ${maxBytes} bytes`));
        zip.openReadStream(entry, async (e, stream) => {
          if (e) return finish(undefined, e);
          const chunks: Buffer[] = [];
          try {
            for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
            finish(Buffer.concat(chunks).toString('utf8'));
          } catch (readErr) {
            finish(undefined, readErr as Error);
          }
        });
      });
      zip.readEntry();
    });
  });
}
