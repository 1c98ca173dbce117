import { crc32 } from 'node:zlib';

/** One entry for {@link craftZip}. */
export interface CraftedEntry {
  /** Raw entry name, written as-is (may be unsafe on purpose: `../x`, `/abs`, `a\\b`). */
  name: string;
  data?: Buffer | string;
  /** Unix permission bits; default 0o644 (0o755 for directories). */
  mode?: number;
  /** Write the entry as a symbolic link whose target is `data`. */
  symlink?: boolean;
}

/**
 * Writes a stored (uncompressed) zip byte by byte. Tests use it to build archives that zip
 * libraries refuse to produce (zip-slip names, symlinks, duplicates), so the checks that reject
 * them can be exercised. Not for production packaging: see `dsforge package`.
 */
export function craftZip(entries: CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.from(e.data ?? '');
    const isDir = e.name.endsWith('/');
    const type = e.symlink ? 0o120000 : isDir ? 0o040000 : 0o100000;
    const mode = e.mode ?? (isDir || e.symlink ? 0o755 : 0o644);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((type | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
