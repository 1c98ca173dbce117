import { createLogger } from '../log';
import { DataSourceSettings, SettingsError } from '../settings';
import { InstanceCreateError, InstanceManager } from './manager';

function settings(uid: string, updatedMs: number, name = `ds ${uid}`): DataSourceSettings {
  return DataSourceSettings.fromWire({
    id: 1,
    uid,
    name,
    url: '',
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: Buffer.alloc(0),
    decryptedSecureJsonData: {},
    lastUpdatedMS: updatedMs,
    apiVersion: '',
  });
}

const quiet = () => createLogger({ write: () => {}, env: {} });

class Instance {
  static seq = 0;
  readonly n = ++Instance.seq;
  disposed = false;
  constructor(readonly s: DataSourceSettings) {}
  dispose(): void {
    this.disposed = true;
  }
}

describe('InstanceManager', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('creates one instance per datasource lazily and reuses it', async () => {
    const create = jest.fn((s: DataSourceSettings) => new Instance(s));
    const m = new InstanceManager({ create, logger: quiet() });
    expect(create).not.toHaveBeenCalled();
    const a1 = await m.get(settings('a', 1));
    const a2 = await m.get(settings('a', 1));
    const b = await m.get(settings('b', 1));
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(create).toHaveBeenCalledTimes(2);
    expect(m.size).toBe(2);
    expect(m.createdCount).toBe(2);
  });

  it('calls create once for 50 concurrent gets', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const create = jest.fn(async (s: DataSourceSettings) => {
      await gate;
      return new Instance(s);
    });
    const m = new InstanceManager({ create, logger: quiet() });
    const pending = Array.from({ length: 50 }, () => m.get(settings('a', 1)));
    release();
    const all = await Promise.all(pending);
    expect(create).toHaveBeenCalledTimes(1);
    expect(new Set(all).size).toBe(1);
  });

  it('recreates when the settings are saved and disposes the old one after the delay', async () => {
    const m = new InstanceManager({ create: (s) => new Instance(s), disposeDelayMs: 5000, logger: quiet() });
    const old = await m.get(settings('a', 1));
    const fresh = await m.get(settings('a', 2));
    expect(fresh).not.toBe(old);
    expect(m.size).toBe(1);
    // Queries still holding the old instance may finish first.
    jest.advanceTimersByTime(4999);
    await Promise.resolve();
    expect(old.disposed).toBe(false);
    jest.advanceTimersByTime(1);
    await jest.runAllTimersAsync();
    expect(old.disposed).toBe(true);
    expect(fresh.disposed).toBe(false);
  });

  it('uses the dispose option instead of the instance method when given', async () => {
    const dispose = jest.fn();
    const m = new InstanceManager({
      create: (s) => new Instance(s),
      dispose,
      disposeDelayMs: 0,
      logger: quiet(),
    });
    const old = await m.get(settings('a', 1));
    await m.get(settings('a', 2));
    await jest.runAllTimersAsync();
    expect(dispose).toHaveBeenCalledWith(old);
    expect(old.disposed).toBe(false);
  });

  it('does not cache a failed create and retries on the next get', async () => {
    let calls = 0;
    const m = new InstanceManager({
      create: (s) => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('connection refused'), { source: 'downstream' });
        return new Instance(s);
      },
      logger: quiet(),
    });
    const err = await m.get(settings('a', 1, 'Prod DB')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InstanceCreateError);
    expect((err as Error).message).toMatch(/datasource "Prod DB" \(uid a\).*connection refused/);
    expect((err as InstanceCreateError).source).toBe('downstream');
    expect(m.size).toBe(0);
    await expect(m.get(settings('a', 1))).resolves.toBeInstanceOf(Instance);
    expect(calls).toBe(2);
  });

  it('reports unusable settings as 400, for the user to fix', async () => {
    const m = new InstanceManager({
      create: () => {
        throw new SettingsError('jsonData.region is empty. Set it on the settings page.');
      },
      logger: quiet(),
    });
    const err = (await m.get(settings('a', 1, 'Prod DB')).catch((e: unknown) => e)) as InstanceCreateError;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/datasource "Prod DB" \(uid a\): jsonData.region is empty/);
  });

  it('disposes everything at shutdown, logging but not throwing dispose errors', async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l), env: {} });
    const m = new InstanceManager<Instance>({
      create: (s) => new Instance(s),
      dispose: (i) => {
        i.disposed = true;
        if (i.s.uid === 'b') throw new Error('close failed');
      },
      logger,
    });
    const a = await m.get(settings('a', 1));
    const b = await m.get(settings('b', 1));
    const replacedA = a;
    const a2 = await m.get(settings('a', 2)); // `a` now waits for its delayed disposal
    await expect(m.disposeAll()).resolves.toBeUndefined();
    expect([replacedA.disposed, a2.disposed, b.disposed]).toEqual([true, true, true]);
    expect(m.size).toBe(0);
    expect(lines.join('')).toContain('close failed');
    // The delayed disposal was cancelled, so it does not run twice.
    const disposedBefore = lines.filter((l) => l.includes('instance disposed')).length;
    await jest.runAllTimersAsync();
    expect(lines.filter((l) => l.includes('instance disposed')).length).toBe(disposedBefore);
  });

  it('passes a logger carrying the datasource uid to create', async () => {
    const lines: string[] = [];
    const m = new InstanceManager({
      create: (_s, ctx) => {
        ctx.logger.info('hello from create');
        return {};
      },
      logger: createLogger({ write: (l) => lines.push(l), env: {} }),
    });
    await m.get(settings('uid-42', 1));
    expect(JSON.parse(lines.find((l) => l.includes('hello from create'))!)).toMatchObject({
      dsUid: 'uid-42',
    });
  });
});
