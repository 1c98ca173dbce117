import yauzl from 'yauzl';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { binaryPlatform, S_IFDIR, S_IFLNK, S_IFMT, zipPathProblem } from './zip-paths';

/** One file (or symlink) inside a zip. Directories are not listed. */
export interface ZipEntryInfo {
  /** Full entry name inside the zip, e.g. `my-plugin/plugin.json`. */
  path: string;
  /** Path inside the plugin folder (the root folder stripped), e.g. `plugin.json`. */
  pluginPath: string;
  /** Uncompressed size in bytes. */
  size: number;
  /** Unix permission bits (e.g. 0o755), or `null` when the zip was not made on a Unix-like system. */
  mode: number | null;
  /** Lowercase hex SHA-256 of the uncompressed content (for a symlink: of its target text). */
  sha256: string;
  isSymlink: boolean;
}

export interface ZipInspection {
  /** The single top-level folder, or `null` when there is none / more than one. */
  root: string | null;
  entries: ZipEntryInfo[];
  /** plugin.json read from `<root>/plugin.json`, when present and valid JSON. */
  pluginJson?: { id?: unknown; info?: { version?: unknown }; executable?: unknown; [k: string]: unknown };
  /** Every reason this zip must not be trusted or extracted. Empty means clean. */
  problems: string[];
}

export interface InspectZipOptions {
  /** Refuse archives that expand to more than this many bytes (zip bombs). Default 4 GiB. */
  maxUncompressedBytes?: number;
}

const MAX_PLUGIN_JSON = 1024 * 1024;

/**
 * Reads every entry of a plugin zip, hashing contents as a stream, and lists every problem:
 * unsafe names (zip-slip), symlinks, duplicate names, encrypted entries, more than one root
 * folder, a root not named after plugin.json `id`, and backend binaries whose mode is not 0755.
 * Never throws for a bad archive: an unreadable file is reported in `problems`.
 */
export async function inspectZip(path: string, options: InspectZipOptions = {}): Promise<ZipInspection> {
  const maxBytes = options.maxUncompressedBytes ?? 4 * 1024 ** 3;
  const problems: string[] = [];
  const entries: ZipEntryInfo[] = [];
  const roots = new Set<string>();
  const seen = new Map<string, string>();
  let pluginJsonText: string | undefined;
  let total = 0;
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings:false: yauzl would otherwise abort the whole read at the first unsafe name;
    // we want to name every unsafe entry ourselves.
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
  } catch (err) {
    return {
      root: null,
      entries,
      problems: [`${path} is not a readable zip file: ${(err as Error).message}`],
    };
  }
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      const raw = entry.fileName as unknown as Buffer;
      // General-purpose flag bit 11 = UTF-8 names; otherwise CP437, which latin1 approximates.
      const name = raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
      const unsafe = zipPathProblem(name);
      if (unsafe) {
        problems.push(`entry ${JSON.stringify(name)} ${unsafe}`);
        continue;
      }
      const key = name.replace(/\/$/, '').toLowerCase();
      const prior = seen.get(key);
      if (prior !== undefined) {
        problems.push(`entry ${JSON.stringify(name)} appears twice (also as ${JSON.stringify(prior)})`);
        continue;
      }
      seen.set(key, name);
      roots.add(name.split('/')[0] ?? name);
      const madeOnUnix = entry.versionMadeBy >> 8 === 3;
      const attrs = entry.externalFileAttributes >>> 16;
      const fileType = madeOnUnix ? attrs & S_IFMT : 0;
      const isDir = name.endsWith('/') || fileType === S_IFDIR;
      if (isDir) continue;
      if (entry.isEncrypted()) {
        problems.push(`entry ${JSON.stringify(name)} is encrypted`);
        continue;
      }
      total += entry.uncompressedSize;
      if (total > maxBytes) {
        problems.push(`archive expands to more than ${maxBytes} bytes; refusing to read further`);
        break;
      }
      const isSymlink = fileType === S_IFLNK;
      if (isSymlink)
        problems.push(
          `entry ${JSON.stringify(name)} is a symbolic link; plugin packages must not contain links`,
        );
      const wantPluginJson = name.split('/').length === 2 && name.endsWith('/plugin.json');
      let read: { sha256: string; text?: string };
      try {
        read = await readEntry(zip, entry, wantPluginJson && entry.uncompressedSize <= MAX_PLUGIN_JSON);
      } catch (err) {
        problems.push(`entry ${JSON.stringify(name)} is damaged: ${(err as Error).message}`);
        continue;
      }
      const { sha256, text } = read;
      if (wantPluginJson) pluginJsonText = text;
      entries.push({
        path: name,
        pluginPath: name.split('/').slice(1).join('/'),
        size: entry.uncompressedSize,
        mode: madeOnUnix ? attrs & 0o7777 : null,
        sha256,
        isSymlink,
      });
    }
  } catch (err) {
    problems.push(`${path} is damaged: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const root = roots.size === 1 ? ([...roots][0] ?? null) : null;
  if (roots.size === 0 && problems.length === 0) problems.push('the zip is empty');
  if (roots.size > 1)
    problems.push(
      `the zip has ${roots.size} top-level entries (${[...roots].sort().join(', ')}); a plugin zip has exactly one folder named after the plugin id`,
    );
  if (root !== null && entries.some((e) => e.path === root))
    problems.push(`the top-level entry ${JSON.stringify(root)} is a file; it must be the plugin folder`);
  const pluginJson = parsePluginJson(pluginJsonText, root, problems);
  if (root !== null && pluginJson) checkPlugin(root, pluginJson, entries, problems);
  return { root, entries, pluginJson, problems };
}

/** `{ "<path inside the plugin folder>": sha256 }` for every file of a zip, plus its problems. */
export async function hashZipEntries(
  path: string,
): Promise<{ files: Record<string, string>; problems: string[] }> {
  const { entries, problems } = await inspectZip(path);
  return { files: Object.fromEntries(entries.map((e) => [e.pluginPath, e.sha256])), problems };
}

function parsePluginJson(
  text: string | undefined,
  root: string | null,
  problems: string[],
): ZipInspection['pluginJson'] {
  if (root === null) return undefined;
  if (text === undefined) {
    problems.push(`${root}/plugin.json is missing (or larger than 1 MiB)`);
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as ZipInspection['pluginJson'];
    problems.push(`${root}/plugin.json is not a JSON object`);
  } catch (err) {
    problems.push(`${root}/plugin.json is not valid JSON: ${(err as Error).message}`);
  }
  return undefined;
}

function checkPlugin(
  root: string,
  pj: NonNullable<ZipInspection['pluginJson']>,
  entries: ZipEntryInfo[],
  problems: string[],
): void {
  if (typeof pj.id !== 'string' || pj.id === '') problems.push(`${root}/plugin.json has no "id"`);
  else if (pj.id !== root)
    problems.push(
      `the root folder is ${JSON.stringify(root)} but plugin.json id is ${JSON.stringify(pj.id)}; Grafana expects them equal`,
    );
  for (const e of entries) {
    const exe = typeof pj.executable === 'string' ? pj.executable : undefined;
    const isBinary = exe !== undefined && binaryPlatform(e.pluginPath, exe) !== undefined;
    if (e.isSymlink) continue;
    if (isBinary && e.mode !== 0o755) {
      problems.push(
        `${e.path} is a backend binary with mode ${fmtMode(e.mode)}; it must be 0755 or Grafana cannot execute it`,
      );
    } else if (e.mode !== null && (e.mode & 0o022) !== 0) {
      problems.push(`${e.path} is writable by group/others (mode ${fmtMode(e.mode)})`);
    }
  }
}

function fmtMode(mode: number | null): string {
  return mode === null ? 'unset (zip not made on Unix)' : `0${mode.toString(8).padStart(3, '0')}`;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (err: Error) => (cleanup(), reject(err));
    const cleanup = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

async function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  keepText: boolean,
): Promise<{ sha256: string; text?: string }> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let crc = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    // yauzl checks sizes but not CRC-32; checking it names the damaged entry when raw zip bytes change.
    crc = crc32(chunk, crc);
    if (keepText) kept.push(chunk);
  }
  if (crc >>> 0 !== entry.crc32 >>> 0)
    throw new Error(`entry content does not match its CRC-32 (the entry was altered or is corrupt)`);
  return { sha256: hash.digest('hex'), text: keepText ? Buffer.concat(kept).toString('utf8') : undefined };
}
