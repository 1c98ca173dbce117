/**
 * Check 6, no hardcoded credentials and no leaked secrets:
 * - static: token formats, private keys, passwords in URLs in the package's sources, its backend
 *   bundle (before executable injection), module.js and plugin.json; credential-named assignments
 *   and high-entropy literals in the package's own sources and plugin.json; `certify.allowlist`
 *   accepts false positives;
 * - canary: the plugin runs with canary secrets in secureJsonData (plus the test credentials) and
 *   an upstream that echoes requests into its errors; no secret may appear in any log line,
 *   stdout, query answer or health answer.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { bundleBackend } from '../../build/bundle-backend';
import type { WithAuth } from '../config';
import { EvidenceLog } from '../evidence';
import { withHarness, type Started } from '../harness';
import { status, type QueryResult } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';
import {
  allowed,
  describeFinding,
  parseAllowlist,
  scanSources,
  scanText,
  type AllowEntry,
  type LocatedFinding,
} from '../scan/scan';

export const ALLOWLIST_FILE = 'certify.allowlist';
export const BUNDLE_LABEL = '<backend bundle>';

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

async function staticScan(ctx: CertifyContext, ev: EvidenceLog): Promise<void> {
  const { pkg } = ctx;
  const list = parseAllowlist((await readOptional(join(pkg.dir, ALLOWLIST_FILE))) ?? '');
  for (const p of list.problems) ev.fail(ALLOWLIST_FILE, p);
  const findings: LocatedFinding[] = [];
  const scanned: string[] = [];

  const src = await scanSources(pkg.dir);
  findings.push(...src.findings);
  scanned.push(`${src.files} source file(s)`);

  if (pkg.backendEntry) {
    try {
      const bundle = await bundleBackend({ entry: pkg.backendEntry, workingDir: pkg.dir });
      findings.push(...scanText(Buffer.from(bundle.code).toString('utf8'), BUNDLE_LABEL, false));
      scanned.push(`backend bundle (${Math.round(bundle.code.byteLength / 1024)} KiB)`);
    } catch (err) {
      ev.fail('backend bundle', `could not be bundled for scanning: ${(err as Error).message}`);
    }
  }
  const distFiles = await readdir(pkg.distDir).catch(() => [] as string[]);
  for (const name of distFiles.filter((n) => /\.js$/.test(n) || n === 'plugin.json').sort()) {
    const text = await readOptional(join(pkg.distDir, name));
    if (text === undefined) continue;
    findings.push(...scanText(text, `dist/${name}`, name === 'plugin.json'));
    scanned.push(`dist/${name}`);
  }
  ev.info('scanned', scanned.join(', '));

  const accepted: [LocatedFinding, AllowEntry][] = [];
  const open: LocatedFinding[] = [];
  for (const f of findings) {
    const a = allowed(f, list.entries);
    if (a) accepted.push([f, a]);
    else open.push(f);
  }
  if (accepted.length)
    ev.info(
      `accepted by ${ALLOWLIST_FILE}`,
      accepted.map(([f, a]) => `${describeFinding(f)} (${a.text})`).join('; '),
    );
  ev.expect(
    open.length === 0,
    'hardcoded credentials',
    open.length
      ? open.slice(0, 10).map(describeFinding).join('; ') +
          (open.length > 10 ? `; … ${open.length - 10} more` : '')
      : 'none found',
  );
}

/** Every representation of a secret that would count as leaked. */
function forms(secret: string): string[] {
  return [...new Set([secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)])];
}

function serialise(res: QueryResult | undefined): string {
  if (!res) return '';
  let frames: string;
  try {
    frames = JSON.stringify(res.frames, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    frames = Buffer.concat(res.rawFrames.map((f) => Buffer.from(f))).toString('latin1');
  }
  return `${res.error ?? ''}\n${frames}`;
}

async function canary(ctx: CertifyContext, ev: EvidenceLog): Promise<void> {
  const canaryValue = `dsforge-canary-${randomBytes(12).toString('hex')}`;
  await withHarness(ctx, async (h) => {
    const auth = ctx.config.auth.type === 'none' ? undefined : (ctx.config.auth as WithAuth);
    const secrets = { ...h.validSecrets(), dsforgeCanary: canaryValue };
    const watched = Object.entries({
      ...secrets,
      ...Object.fromEntries(Object.entries(auth?.invalid ?? {}).map(([k, v]) => [`invalid ${k}`, v])),
    }).filter(([, v]) => v.length >= 6);
    const s = await h.start({ secrets });
    const outputs: { what: string; text: string }[] = [];
    const run = async (what: string, started: Started) => {
      for (const q of ctx.config.queries) {
        const r = await h.query(started, q, { limitMs: ctx.config.timeoutMs + 1000 });
        outputs.push({ what: `${what}: query "${q.name}"`, text: serialise(r.result) });
      }
      const health = await started.plugin
        .health({ settings: started.settings, secrets: started.secrets })
        .catch(() => undefined);
      if (health)
        outputs.push({
          what: `${what}: health`,
          text: `${health.message}\n${JSON.stringify(health.details ?? null)}`,
        });
    };
    await run('normal', s);
    if (ctx.config.routes) {
      const route = h.routeOf(ctx.config.queries[0]!)!;
      // An upstream that repeats the request (headers included) in its error body.
      h.setRoute(route, (ex) =>
        status(400, { body: { error: 'bad request', request: { headers: ex.headers, query: ex.query } } })(
          ex,
        ),
      );
      await run('upstream echoes the request in a 400', s);
      h.setRoute(route, status(500));
      await run('upstream 500', s);
      h.restoreRoutes();
    }
    if (auth) {
      const wrong = await h.start({ secrets: { ...secrets, ...auth.invalid } });
      await run('wrong credentials', wrong);
      outputs.push({
        what: 'logs (wrong credentials)',
        text: wrong.plugin.logs.map((l) => l.raw).join('\n'),
      });
    }
    outputs.push({ what: 'logs', text: s.plugin.logs.map((l) => l.raw).join('\n') });
    outputs.push({ what: 'stdout after the handshake', text: s.plugin.stdoutAfterHandshake.join('\n') });

    const leaks: string[] = [];
    for (const [key, value] of watched) {
      for (const o of outputs) {
        if (forms(value).some((f) => o.text.includes(f))) leaks.push(`secureJsonData.${key} in ${o.what}`);
      }
    }
    ev.expect(
      leaks.length === 0,
      'secrets in logs and responses (canary)',
      leaks.length
        ? `${leaks.length} leak(s): ${leaks.slice(0, 6).join('; ')}`
        : `${watched.length} secret value(s) (raw, base64, URL-encoded) absent from ${outputs.length} outputs (${s.plugin.logs.length} log lines)`,
    );
  });
}

export const secretsCheck: CheckDefinition = {
  id: 'secrets',
  number: 6,
  name: 'No hardcoded credentials, no leaked secrets',
  why: 'A token in the source or bundle ships to every Grafana that installs the plugin and cannot be rotated per customer; a secret echoed into a log, an error or the query inspector is readable by anyone with Viewer access or log access.',
  fixHint:
    'Move credentials to secureJsonData and read them with settings.secret(key); never put them into frames, executedQueryString, error text or log messages (the backend logger redacts known secret values, other channels do not); accept true false positives in certify.allowlist with a comment saying why.',
  async run(ctx: CertifyContext) {
    const ev = new EvidenceLog();
    await staticScan(ctx, ev);
    await canary(ctx, ev);
    return ev.outcome();
  },
};
