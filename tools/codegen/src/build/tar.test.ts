import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractTarMember } from './tar';

describe('extractTarMember', () => {
  let dir: string;
  let tgz: string;
  const big = Buffer.alloc(300_000, 7); // spans many gunzip chunks and is not a multiple of 512

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dsforge-tar-'));
    await mkdir(join(dir, 'package', 'bin'), { recursive: true });
    await writeFile(join(dir, 'package', 'README.md'), 'readme');
    await writeFile(join(dir, 'package', 'bin', 'node'), big);
    await writeFile(join(dir, 'package', 'after.txt'), 'after');
    tgz = join(dir, 'pkg.tgz');
    const r = spawnSync('tar', [
      '-czf',
      tgz,
      '-C',
      dir,
      'package/README.md',
      'package/bin/node',
      'package/after.txt',
    ]);
    if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes exactly the requested member, executable', async () => {
    const dest = join(dir, 'node-out');
    await expect(extractTarMember(tgz, 'package/bin/node', dest)).resolves.toBe(big.length);
    expect((await readFile(dest)).equals(big)).toBe(true);
    expect((await stat(dest)).mode & 0o111).not.toBe(0);
  });

  it('finds a member after a large one', async () => {
    const dest = join(dir, 'after-out');
    await extractTarMember(tgz, 'package/after.txt', dest);
    expect(await readFile(dest, 'utf8')).toBe('after');
  });

  it('rejects when the member is absent', async () => {
    await expect(extractTarMember(tgz, 'package/bin/node.exe', join(dir, 'x'))).rejects.toThrow(
      'package/bin/node.exe is not in',
    );
  });
});
