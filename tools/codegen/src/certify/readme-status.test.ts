import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Certification } from '../package/trust';
import {
  certificationBlock,
  README_END,
  README_START,
  updateReadmeStatus,
  upsertCertificationBlock,
} from './readme-status';

const BIN_SHA = 'f62251eb663b8ab9407b4e0105be4f4acc91842197c98009d0722b47dd8cff74';

function cert(over: Partial<Certification> = {}): Certification {
  return {
    v: 1,
    tool: 'dsforge-certify',
    toolVersion: '0.3.0',
    plugin: { id: 'acme-demo-datasource', version: '1.2.3' },
    certifiedAt: '2026-11-25T12:07:18.647Z',
    seed: 1108101655,
    files: {
      gpx_demo_linux_amd64: BIN_SHA,
      gpx_demo_linux_arm64: '8fc14f86bf3dd26d7d3d6d08e01a00bd982bdaad116d5b850546ee2553126027',
      'plugin.json': 'dff3952c43a729deb772b343a8e87f5b403659619c5ea801866933709e964e7e',
    },
    results: [
      { check: 'package', number: 1, name: 'Package', status: 'passed', evidence: [] },
      {
        check: 'authentication',
        number: 2,
        name: 'Authentication',
        status: 'skipped',
        reason: 'the plugin has no auth (public API)',
        evidence: [],
      },
      {
        check: 'timeout',
        number: 3,
        name: 'Timeout handling',
        status: 'failed',
        evidence: [
          { status: 'pass', label: 'cancel', detail: 'closed in 12 ms' },
          { status: 'fail', label: 'hanging upstream → query', detail: 'no answer within\n3000 ms' },
        ],
      },
      {
        check: 'rate-limiting',
        number: 5,
        name: 'Rate limiting',
        status: 'passed',
        evidence: [{ status: 'warn', label: 'retryAfterMs', detail: 'missing' }],
      },
    ],
    passed: false,
    ...over,
  };
}

describe('README certification status', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dsforge-readme-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('shows status, tool version, date, seed, one line per check, the linux_amd64 sha256 and the report link', () => {
    const block = certificationBlock(cert());
    expect(block.startsWith(README_START)).toBe(true);
    expect(block.endsWith(README_END)).toBe(true);
    expect(block).toContain(
      '**Certification: ❌ failed** — dsforge-certify 0.3.0, 2026-11-25, seed 1108101655',
    );
    expect(block).toContain('unsigned');
    expect(block).toContain('- ✅ 1. Package — passed');
    expect(block).toContain('- ⏭ 2. Authentication — skipped: the plugin has no auth (public API)');
    expect(block).toContain('- ❌ 3. Timeout handling — hanging upstream → query: no answer within 3000 ms');
    expect(block).toContain('- ✅ 5. Rate limiting — passed with 1 warning');
    expect(block).toContain(`\`gpx_demo_linux_amd64\` sha256: \`${BIN_SHA}\``);
    expect(block).toContain('[certification-report.md](certification-report.md)');
  });

  it('is the same text for the same certification (no clock of its own)', () => {
    expect(certificationBlock(cert())).toBe(certificationBlock(cert()));
    expect(certificationBlock(cert({ passed: true }))).toContain('**Certification: ✅ passed**');
  });

  it('goes right after the first heading of a README and replaces itself on the next run', async () => {
    const path = join(dir, 'README.md');
    await writeFile(path, '# Demo datasource\n\nIntro text.\n\n## Usage\n\nMore.\n');
    expect(await updateReadmeStatus({ packageDir: dir, certification: cert() })).toEqual({
      status: 'updated',
      path,
    });
    const first = await readFile(path, 'utf8');
    expect(first.startsWith(`# Demo datasource\n\n${README_START}`)).toBe(true);
    expect(first).toContain(`${README_END}\n\nIntro text.\n\n## Usage\n\nMore.\n`);

    expect(await updateReadmeStatus({ packageDir: dir, certification: cert() })).toMatchObject({
      status: 'unchanged',
    });
    expect(await readFile(path, 'utf8')).toBe(first);

    await updateReadmeStatus({
      packageDir: dir,
      certification: cert({ passed: true, seed: 7, certifiedAt: '2026-12-01T00:00:00.000Z' }),
    });
    const second = await readFile(path, 'utf8');
    expect(second.split(README_START)).toHaveLength(2);
    expect(second).toContain('2026-12-01, seed 7');
    expect(second).not.toContain('seed 1108101655');
    expect(second).toContain('Intro text.');
  });

  it('puts the block at the top of a README without a heading', () => {
    const out = upsertCertificationBlock('Just some text.\n', certificationBlock(cert()));
    expect('text' in out && out.text.startsWith(`${README_START}\n`)).toBe(true);
    expect('text' in out && out.text.endsWith(`${README_END}\n\nJust some text.\n`)).toBe(true);
  });

  it('leaves a README with a stray marker alone and says what to fix', () => {
    const out = upsertCertificationBlock(`# X\n${README_START}\ntext\n`, certificationBlock(cert()));
    expect(out).toEqual({ problem: expect.stringContaining('without a matching') as unknown });
  });

  it('links the report where it was written and keeps the README modification time', async () => {
    const path = join(dir, 'README.md');
    await writeFile(path, '# Demo\n');
    const old = new Date('2026-01-01T00:00:00Z');
    await utimes(path, old, old);
    await updateReadmeStatus({
      packageDir: dir,
      certification: cert(),
      reportPath: join(dir, 'reports/certification-report.md'),
    });
    expect(await readFile(path, 'utf8')).toContain(
      '[certification-report.md](reports/certification-report.md)',
    );
    // A newer README would make the next `certify` rebuild the plugin for nothing.
    expect((await stat(path)).mtime.getTime()).toBe(old.getTime());
  });

  it('does not create a README the package does not have', async () => {
    expect(await updateReadmeStatus({ packageDir: dir, certification: cert() })).toMatchObject({
      status: 'skipped',
    });
  });
});
