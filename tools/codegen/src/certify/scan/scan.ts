/**
 * Where credentials are looked for — the package's own source files, its backend bundle as esbuild
 * produces it before executable injection, the built `module.js` and `plugin.json` — and the
 * `certify.allowlist` that accepts known false positives. The embedded Node runtime is out of
 * scope (it is Node's, byte for byte).
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

import { redact, scanEntropy, scanPatterns, type Finding } from './rules';

/** A finding with where it was. */
export interface LocatedFinding extends Finding {
  /** Package-relative POSIX path, or `<backend bundle>`. */
  where: string;
}

/** Folders that are not the shipped package's source. */
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  'coverage',
  'test',
  'tests',
  '__tests__',
  '__fixtures__',
  '__mocks__',
  'fixtures',
  '.cache',
]);
/** Files that legitimately hold test credentials or are not source. */
const SKIP_FILES =
  /(^|\/)(certify\.config\.json|certify\.allowlist|certification-report\.(md|html)|pnpm-lock\.yaml|package-lock\.json)$|\.(test|spec)\.[cm]?[jt]sx?$/;
const TEXT_EXT = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.json',
  '.md',
  '.yaml',
  '.yml',
  '.env',
  '.txt',
  '.html',
  '.css',
  '.sql',
  '.graphql',
  '.toml',
  '.ini',
  '.sh',
  '',
]);
/** Where the entropy and assignment rules apply (code and config; docs get token formats only). */
const CODE_EXT = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.json',
  '.yaml',
  '.yml',
  '.env',
  '.toml',
  '.ini',
  '.sh',
]);
const MAX_FILE = 2 * 1024 * 1024;

/** Package source files to scan, package-relative POSIX paths, sorted. */
export async function sourceFiles(packageDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      const rel = relative(packageDir, abs).split(sep).join('/');
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(abs);
      } else if (e.isFile() && !SKIP_FILES.test(rel) && TEXT_EXT.has(extname(e.name).toLowerCase())) {
        if ((await stat(abs)).size <= MAX_FILE) out.push(rel);
      }
    }
  };
  await walk(packageDir);
  return out.sort();
}

/** Scans one text; `code` adds the entropy and assignment rules. */
export function scanText(text: string, where: string, code: boolean): LocatedFinding[] {
  const found = [...scanPatterns(text), ...(code ? scanEntropy(text) : [])];
  // One finding per secret and place: the token rule wins over the generic ones.
  const seen = new Set<string>();
  return found
    .filter((f) => {
      const k = `${f.line}\u0000${f.match}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((f) => ({ ...f, where }));
}

/** Scans the package's own source files. */
export async function scanSources(
  packageDir: string,
): Promise<{ files: number; findings: LocatedFinding[] }> {
  const files = await sourceFiles(packageDir);
  const findings: LocatedFinding[] = [];
  for (const rel of files) {
    const text = await readFile(join(packageDir, rel), 'utf8');
    findings.push(...scanText(text, rel, CODE_EXT.has(extname(rel).toLowerCase())));
  }
  return { files: files.length, findings };
}

/** One allow-list entry. */
export interface AllowEntry {
  /** Rule id or `*`. */
  rule: string;
  /** Path glob (package-relative; `<backend bundle>` for the bundle), or undefined with `match`. */
  glob?: RegExp;
  /** Exact accepted text. */
  match?: string;
  /** The line as written, for the report. */
  text: string;
}

/** `src/**\/*.ts` → RegExp (`**` any depth, `*` within a segment, `?` one character). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Parses `certify.allowlist`: one entry per line, `#` starts a comment (say why it is safe).
 * `<rule-id|*> <path-glob>` accepts that rule's findings in those files; `match <text>` accepts
 * that exact text anywhere. Returns the entries and the lines it could not read.
 */
export function parseAllowlist(text: string): { entries: AllowEntry[]; problems: string[] } {
  const entries: AllowEntry[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const m = /^(\S+)\s+(.+)$/.exec(line);
    if (!m) {
      problems.push(`line ${i + 1}: "${line}" — write "<rule-id|*> <path-glob>" or "match <text>"`);
      return;
    }
    if (m[1] === 'match') entries.push({ rule: '*', match: m[2]!, text: line });
    else entries.push({ rule: m[1]!, glob: globToRegExp(m[2]!), text: line });
  });
  return { entries, problems };
}

/** True when an allow-list entry accepts `f`. */
export function allowed(f: LocatedFinding, entries: AllowEntry[]): AllowEntry | undefined {
  return entries.find(
    (e) =>
      (e.rule === '*' || e.rule === f.rule) &&
      (e.match !== undefined ? f.match === e.match || f.match.includes(e.match) : e.glob!.test(f.where)),
  );
}

/** `src/a.ts:12 github-token ghp_…(40 chars)` (entropy when the rule has one). */
export function describeFinding(f: LocatedFinding): string {
  return `${f.where}:${f.line} ${f.rule} ${redact(f.match)}${f.entropy !== undefined ? ` entropy ${f.entropy.toFixed(2)}` : ''}`;
}
