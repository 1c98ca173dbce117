import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fixture, mockUpstream, type MockUpstream } from '../mock-upstream';
import {
  recordedUpstreamMode,
  recordSecrets,
  startRecordedUpstream,
  type UpstreamAccess,
} from './recorded-upstream';

const REAL_KEY = 'real-key-for-recording-5c1e';
let real: MockUpstream;
let dir: string;

beforeEach(async () => {
  real = await mockUpstream({ auth: { apiKey: REAL_KEY } });
  real.route('GET', '/api/items', real.auth.requireAuth(fixture([{ id: 1, owner: 'ada' }])));
  dir = await mkdtemp(join(tmpdir(), 'dsforge-recorded-'));
});
afterEach(async () => {
  await real.close();
  await rm(dir, { recursive: true, force: true });
});

/** What a plugin does with its settings: one authenticated request. */
const getItems = (access: UpstreamAccess) =>
  fetch(`${access.url}/api/items`, { headers: { 'x-api-key': access.secrets.apiKey ?? '' } });

const options = (
  env: NodeJS.ProcessEnv,
  drive = async (live: UpstreamAccess) => void (await getItems(live)),
) => ({
  dir,
  testSecrets: { apiKey: 'test-api-key' },
  startMock: async () => {
    const m = await mockUpstream();
    m.route('GET', '/api/items', fixture([{ id: 'from-the-mock' }]));
    return m;
  },
  drive,
  env,
});

describe('recorded traffic of a generated package', () => {
  it('has nothing to run without recordings or DSFORGE_RECORD_URL', async () => {
    expect(recordedUpstreamMode(dir, {})).toBe('none');
    expect(await startRecordedUpstream(options({}))).toBeUndefined();
  });

  it('records the real API with the real key, scrubs it, then serves the fresh replay', async () => {
    await writeFile(join(dir, '001-GET-stale.json'), '{}'); // a previous recording
    const env = {
      DSFORGE_RECORD_URL: real.url,
      DSFORGE_RECORD_SECRETS: JSON.stringify({ apiKey: REAL_KEY }),
    };
    const upstream = await startRecordedUpstream(options(env));
    try {
      expect(upstream?.mode).toBe('record');
      // The real key reached the real API (it answered behind its auth check)...
      expect(real.requests.map((r) => r.headers['x-api-key'])).toEqual([REAL_KEY]);
      // ...the stale recording is gone and no file holds the key.
      const files = await readdir(dir);
      expect(files).toEqual(['001-GET-api_items.json']);
      expect(await readFile(join(dir, files[0]!), 'utf8')).not.toContain(REAL_KEY);
      // The tests then talk to the replay, with the test credentials.
      expect(upstream!.url).not.toBe(real.url);
      expect(upstream!.secrets).toEqual({ apiKey: 'test-api-key' });
      const res = await getItems(upstream!);
      expect(await res.json()).toEqual([{ id: 1, owner: 'ada' }]);
    } finally {
      await upstream?.close();
    }
    expect(recordedUpstreamMode(dir, {})).toBe('replay');
  });

  it('replays what is on disk when not recording, without touching the real API', async () => {
    const env = {
      DSFORGE_RECORD_URL: real.url,
      DSFORGE_RECORD_SECRETS: JSON.stringify({ apiKey: REAL_KEY }),
    };
    await (await startRecordedUpstream(options(env)))!.close();
    const before = real.requests.length;
    const upstream = await startRecordedUpstream(options({}));
    try {
      expect(upstream?.mode).toBe('replay');
      expect((await getItems(upstream!)).status).toBe(200);
      expect(real.requests.length).toBe(before);
    } finally {
      await upstream?.close();
    }
  });

  it('records the schema mock with DSFORGE_RECORD_URL=mock', async () => {
    const upstream = await startRecordedUpstream(options({ DSFORGE_RECORD_URL: 'mock' }));
    try {
      expect(await (await getItems(upstream!)).json()).toEqual([{ id: 'from-the-mock' }]);
    } finally {
      await upstream?.close();
    }
  });

  it('fails a recording that captured no traffic, naming the URL', async () => {
    await expect(
      startRecordedUpstream(options({ DSFORGE_RECORD_URL: real.url }, async () => {})),
    ).rejects.toThrow(`recording ${real.url} produced no traffic`);
  });

  it('names DSFORGE_RECORD_SECRETS when it is not a JSON object of strings', () => {
    expect(() => recordSecrets({}, { DSFORGE_RECORD_SECRETS: '{apiKey: x}' })).toThrow(
      /DSFORGE_RECORD_SECRETS is not JSON/,
    );
    expect(() => recordSecrets({}, { DSFORGE_RECORD_SECRETS: '{"apiKey": 5}' })).toThrow(
      /DSFORGE_RECORD_SECRETS must be a JSON object of strings/,
    );
    expect(recordSecrets({ apiKey: 't' }, {})).toEqual({ apiKey: 't' });
  });
});
