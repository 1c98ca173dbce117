/**
 * Check 1, package: plugin.json valid against dsforge's schema at the catalog tier; id, executable
 * and version consistent between src/plugin.json, dist/plugin.json, package.json and the binary
 * names; a real executable with mode 0755 per required platform (darwin missing is a warning);
 * `module.js` loads through an AMD `define` shim against real @grafana 12.4.10 + React 18, exports a
 * DataSourcePlugin and renders its ConfigEditor and QueryEditor (skipped when there is no frontend).
 * @module
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { TARGETS } from '../../build/targets';
import { validatePluginJson } from '../../plugin-json';
import { EvidenceLog } from '../evidence';
import { checkModuleJs } from '../frontend/check-module';
import type { CheckDefinition, CertifyContext } from '../types';

/** Executable formats: ELF machine numbers and the PE machine of amd64. */
const ELF_MACHINE = { amd64: 0x3e, arm64: 0xb7 } as const;
const PE_AMD64 = 0x8664;
const DARWIN = ['darwin_amd64', 'darwin_arm64'];

async function head(path: string, bytes: number, at = 0): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, at);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** What kind of executable `path` is: `ELF x86-64`, `PE amd64`, … or why it is not one. */
export async function executableKind(
  path: string,
): Promise<{ os: string; arch: string } | { problem: string }> {
  const h = await head(path, 64);
  if (h.length >= 20 && h[0] === 0x7f && h.toString('latin1', 1, 4) === 'ELF') {
    const machine = h.readUInt16LE(18);
    const arch =
      machine === ELF_MACHINE.amd64
        ? 'amd64'
        : machine === ELF_MACHINE.arm64
          ? 'arm64'
          : `machine 0x${machine.toString(16)}`;
    return { os: 'linux', arch };
  }
  if (h.length >= 64 && h.toString('latin1', 0, 2) === 'MZ') {
    const peAt = h.readUInt32LE(0x3c);
    const pe = await head(path, 6, peAt);
    if (pe.toString('latin1', 0, 4) !== 'PE\0\0') return { problem: 'MZ header without a PE signature' };
    const machine = pe.readUInt16LE(4);
    return { os: 'windows', arch: machine === PE_AMD64 ? 'amd64' : `machine 0x${machine.toString(16)}` };
  }
  if (h.length >= 4 && [0xfeedfacf, 0xcffaedfe].includes(h.readUInt32BE(0)))
    return { os: 'darwin', arch: 'unknown' };
  return { problem: `not an executable (first bytes ${h.subarray(0, 4).toString('hex')})` };
}

async function readJson(path: string): Promise<Record<string, unknown> | string> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : 'is not a JSON object';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'is missing (build the package)'
      : `is not valid JSON: ${(err as Error).message}`;
  }
}

async function pluginJsonEvidence(
  ctx: CertifyContext,
  ev: EvidenceLog,
): Promise<Record<string, unknown> | undefined> {
  const dist = await readJson(join(ctx.pkg.distDir, 'plugin.json'));
  if (typeof dist === 'string') {
    ev.fail('dist/plugin.json', dist);
    return undefined;
  }
  const v = validatePluginJson(dist, { catalog: true, file: 'dist/plugin.json' });
  ev.expect(
    v.valid,
    'plugin.json schema (catalog tier)',
    v.valid ? 'valid' : v.errors.map((e) => `${e.path || '(top level)'}: ${e.message}`).join('; '),
  );
  for (const w of v.warnings) ev.warn('plugin.json', `${w.path}: ${w.message}`);

  const info = (dist.info ?? {}) as { version?: unknown; updated?: unknown };
  const src = ctx.pkg.srcPluginJson;
  ev.expect(
    dist.id === src.id,
    'id',
    dist.id === src.id
      ? String(dist.id)
      : `dist/plugin.json has ${JSON.stringify(dist.id)}, src/plugin.json ${JSON.stringify(src.id)} (rebuild)`,
  );
  ev.expect(dist.type === 'datasource', 'type', String(dist.type));
  const pkgVersion = ctx.pkg.packageJson.version;
  ev.expect(
    typeof info.version === 'string' && info.version === pkgVersion,
    'version',
    info.version === pkgVersion
      ? String(info.version)
      : `plugin.json info.version ${JSON.stringify(info.version)} differs from package.json version ${JSON.stringify(pkgVersion)}; use "%VERSION%" in src/plugin.json`,
  );
  const placeholders = JSON.stringify(dist).match(/%[A-Z_]+%/g);
  ev.expect(
    !placeholders,
    'placeholders filled in',
    placeholders ? `left in dist/plugin.json: ${[...new Set(placeholders)].join(', ')}` : 'none left',
  );
  if (dist.backend === true) {
    ev.expect(
      typeof dist.executable === 'string' && dist.executable === src.executable,
      'executable',
      typeof dist.executable === 'string'
        ? `${dist.executable}${dist.executable === src.executable ? '' : ` (src/plugin.json says ${JSON.stringify(src.executable)})`}`
        : 'missing although "backend": true',
    );
  }
  return dist;
}

async function binariesEvidence(
  ctx: CertifyContext,
  dist: Record<string, unknown>,
  ev: EvidenceLog,
): Promise<void> {
  if (dist.backend !== true || typeof dist.executable !== 'string') return;
  const exe = dist.executable;
  for (const name of ctx.platforms) {
    const t = TARGETS[name];
    const file = `${exe}${t.fileSuffix}`;
    const path = join(ctx.pkg.distDir, file);
    const st = await stat(path).catch(() => undefined);
    if (!st) {
      ev.fail(`binary ${name}`, `${file} is missing (dsforge build --targets ${ctx.platforms.join(',')})`);
      continue;
    }
    const mode = (st.mode & 0o777).toString(8);
    const kind = await executableKind(path);
    const [os, arch] = name.split('_');
    const right = 'os' in kind && kind.os === os && kind.arch === arch;
    ev.expect(
      mode === '755' && right,
      `binary ${name}`,
      `${file} mode ${mode}${mode === '755' ? '' : ' (expected 755)'}, ${'problem' in kind ? kind.problem : `${kind.os} ${kind.arch}${right ? '' : ` (expected ${os} ${arch})`}`}, ${(st.size / 1e6).toFixed(1)} MB`,
    );
  }
  const required = new Set<string>(ctx.platforms);
  for (const d of DARWIN) {
    if (required.has(d)) continue;
    const present = await stat(join(ctx.pkg.distDir, `${exe}_${d}`)).then(
      () => true,
      () => false,
    );
    if (!present) ev.warn(`binary ${d}`, 'missing: the plugin will not run on macOS Grafana servers');
  }
  if (ctx.platforms.length < Object.keys(TARGETS).length)
    ev.warn(
      'platforms',
      `only ${ctx.platforms.join(', ')} required (--platforms); a release needs all of ${Object.keys(TARGETS).join(', ')}`,
    );
}

export const packageCheck: CheckDefinition = {
  id: 'package',
  number: 1,
  name: 'Package',
  why: "Grafana refuses or silently skips a plugin whose plugin.json is invalid, whose executable name does not match its binaries, or whose binary is not executable on the server's platform; a module.js that throws on load breaks the datasource pages for everyone.",
  fixHint:
    'Fix the fields named above in src/plugin.json (use "%VERSION%" for info.version), rebuild with `dsforge build <package>` (all targets), and make sure module.js keeps @grafana/* and React external.',
  async run(ctx: CertifyContext) {
    const ev = new EvidenceLog();
    const dist = await pluginJsonEvidence(ctx, ev);
    if (dist) await binariesEvidence(ctx, dist, ev);
    await checkModuleJs(ctx, ev);
    return ev.outcome();
  },
};
