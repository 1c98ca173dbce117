/**
 * Golden frames of the example datasource: the `rows`, `all_types` and `multi_frame` scenarios answered in-process
 * over gRPC (the adapters Grafana reaches, as in example.test.ts), decoded from Arrow and compared
 * with the checked-in frame JSON under test/golden/ by `expectFrames`.
 * After an intended change: `UPDATE_GOLDEN=1 pnpm exec jest examples/example-datasource/test/golden`,
 * review the diff of test/golden/, commit it.
 */
import { join } from 'node:path';

import { decodeFrame } from '@dsforge/backend/data';
import { expectFrames, GoldenMismatchError } from '@dsforge/testing';

import {
  queryRequest,
  services,
  startInProcess,
  wireQuery,
  type Harness,
} from '../../../packages/backend/test/harness';
import { createExamplePlugin } from '../src/backend/plugin';

import type * as pb from '@dsforge/backend/internal/grpc';

const golden = (name: string) => join(__dirname, 'golden', `${name}.json`);
// A fixed time range: the rows scenario's timestamps start at its `from`.
const FROM = 1_700_000_000_000;

describe('example datasource golden frames', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess(createExamplePlugin().options as never);
  });
  afterAll(() => h.close());

  async function frames(refId: string, json: unknown) {
    const res: pb.pluginv2.QueryDataResponse = await h.unary(
      services.data,
      'queryData',
      queryRequest([wireQuery(refId, json, FROM)]),
    );
    const r = res.responses[refId]!;
    expect(r.error).toBe('');
    return r.frames.map((b) => decodeFrame(b));
  }

  it('rows: the frame matches test/golden/rows.json', async () => {
    expect(expectFrames(await frames('A', { scenario: 'rows', rows: 12 }), golden('rows'))).toMatch(
      /matched|written/,
    );
  });

  it('all_types: the frame of every field type matches test/golden/all_types.json', async () => {
    expect(expectFrames(await frames('B', { scenario: 'all_types' }), golden('all_types'))).toMatch(
      /matched|written/,
    );
  });

  it('multi_frame: the frames, in order, match test/golden/multi_frame.json', async () => {
    expect(
      expectFrames(await frames('C', { scenario: 'multi_frame', frames: 3 }), golden('multi_frame')),
    ).toMatch(/matched|written/);
  });

  it('a changed answer fails against the golden file with the difference named', async () => {
    const changed = await frames('A', { scenario: 'rows', rows: 11 });
    expect(() => expectFrames(changed, golden('rows'), { update: false })).toThrow(GoldenMismatchError);
    expect(() => expectFrames(changed, golden('rows'), { update: false })).toThrow(/rows 11/);
  });
});
