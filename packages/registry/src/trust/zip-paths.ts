/**
 * Why an entry name inside a plugin zip is unsafe to extract, or `undefined` when it is fine.
 *
 * Extractors differ: some honour backslashes as separators (Windows), some follow absolute paths,
 * most follow `..`. A name that any of them could resolve outside the target folder (zip-slip)
 * is refused outright instead of being "normalised", because a signed package has no reason to
 * contain one.
 */
export function zipPathProblem(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.includes('\\')) return 'contains a backslash (a path separator on Windows; zip-slip risk)';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a Windows drive letter (absolute path)';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'contains a ".." segment (path traversal, zip-slip)';
  if (segments.includes('.')) return 'contains a "." segment';
  if (segments.some((s) => s === '')) return 'contains an empty path segment ("//")';
  return undefined;
}

/** Unix file-type bits of a zip entry's external attributes (upper 16 bits). */
export const S_IFMT = 0o170000;
export const S_IFLNK = 0o120000;
export const S_IFDIR = 0o040000;

/**
 * Backend binaries follow Grafana's naming: `<executable>_<os>_<arch>[.exe]`.
 * Returns the `os_arch` platform of a file name, or `undefined` for other files.
 */
export function binaryPlatform(fileName: string, executable: string): string | undefined {
  const base = fileName.split('/').pop() ?? fileName;
  const exe = executable.split('/').pop() ?? executable;
  if (!base.startsWith(`${exe}_`)) return undefined;
  const m = /^([a-z0-9]+)_([a-z0-9]+)(\.exe)?$/.exec(base.slice(exe.length + 1));
  return m ? `${m[1]}_${m[2]}` : undefined;
}
