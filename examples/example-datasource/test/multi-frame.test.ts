/**
 * The `multi_frame` scenario in-process over gRPC: several frames for one query over QueryData,
 * and the same frames as chunks f0, f1, … over QueryChunkedData (Arrow and JSON). The Go SDK
 * side of the same contract is tools/conformance/chunked_test.go.
 */
import { decodeFrame, parseFrameJSON, toFrameJSON } from '@dsforge/backend/data';
import * as pb from '@dsforge/backend/internal/grpc';

import {
  queryRequest,
  services,
  startInProcess,
  wireQuery,
  type Harness,
} from '../../../packages/backend/test/harness';
import { MAX_FRAMES } from '../src/backend/multi-frame';
import { createExamplePlugin } from '../src/backend/plugin';

const FROM = 1_700_000_000_000;

describe('example datasource: multi_frame', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startInProcess(createExamplePlugin().options as never);
  });
  afterAll(() => h.close());

  const query = (queries: pb.pluginv2.DataQuery[]): Promise<pb.pluginv2.QueryDataResponse> =>
    h.unary(services.data, 'queryData', queryRequest(queries));
  const chunked = (
    queries: pb.pluginv2.DataQuery[],
    format: pb.pluginv2.DataFrameFormat,
  ): Promise<pb.pluginv2.QueryChunkedDataResponse[]> =>
    h.stream(services.data, 'queryChunkedData', { ...queryRequest(queries), format });

  it('answers `frames` frames in order, each named and labelled by its index, with the query’s refId', async () => {
    const r = (await query([wireQuery('M', { scenario: 'multi_frame', frames: 4 }, FROM)])).responses.M!;
    expect(r.status).toBe(200);
    const frames = r.frames.map((b) => decodeFrame(b));
    expect(frames.map((f) => [f.name, f.refId, f.meta?.executedQueryString])).toEqual([
      ['series-0', 'M', 'multi_frame 1/4'],
      ['series-1', 'M', 'multi_frame 2/4'],
      ['series-2', 'M', 'multi_frame 3/4'],
      ['series-3', 'M', 'multi_frame 4/4'],
    ]);
    const last = frames[3]!;
    expect(last.fields[1]!.labels).toEqual({ series: '3' });
    expect(Array.from(last.fields[1]!.values)).toEqual([30, 31, 32]);
    expect(last.fields[0]!.values[2]).toBe(BigInt(FROM + 2000) * 1_000_000n);
  });

  it('defaults to 3 frames and answers 0 frames with status 200', async () => {
    const res = await query([
      wireQuery('D', { scenario: 'multi_frame' }),
      wireQuery('Z', { scenario: 'multi_frame', frames: 0 }),
    ]);
    expect(res.responses.D!.frames).toHaveLength(3);
    expect(res.responses.Z).toMatchObject({ status: 200, error: '', frames: [] });
  });

  it.each([MAX_FRAMES + 1, -1, 2.5, '3', 1e9])('rejects frames %p with a 400 naming the limit', async (n) => {
    const r = (await query([wireQuery('A', { scenario: 'multi_frame', frames: n })])).responses.A!;
    expect(r).toMatchObject({ status: 400, errorSource: 'plugin', frames: [] });
    expect(r.error).toBe(`query "frames" must be an integer from 0 to 1000, got ${JSON.stringify(n)}`);
  });

  const decoders: [string, pb.pluginv2.DataFrameFormat, (b: Uint8Array) => unknown][] = [
    ['ARROW', pb.pluginv2.DataFrameFormat.ARROW, (b) => toFrameJSON(decodeFrame(b))],
    ['JSON', pb.pluginv2.DataFrameFormat.JSON, (b) => parseFrameJSON(Buffer.from(b).toString('utf8'))],
  ];

  it.each(decoders)(
    'QueryChunkedData in %s sends one chunk per frame, f0…f4 in order, holding the QueryData frames',
    async (_name, format, decode) => {
      const json = { scenario: 'multi_frame', frames: 5 };
      const chunks = await chunked(
        [wireQuery('M', json, FROM), wireQuery('R', { scenario: 'rows', rows: 2 })],
        format,
      );
      const mine = chunks.filter((c) => c.refId === 'M');
      expect(mine.map((c) => c.frameId)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
      for (const c of mine) expect(c).toMatchObject({ status: 200, error: '', format });
      // One query's chunks are never interleaved with a sibling's.
      const first = chunks.indexOf(mine[0]!);
      expect(chunks.slice(first, first + 5)).toEqual(mine);
      const unary = (await query([wireQuery('M', json, FROM)])).responses.M!;
      expect(mine.map((c) => decode(c.frame))).toEqual(unary.frames.map((b) => toFrameJSON(decodeFrame(b))));
    },
  );

  it('QueryChunkedData sends nothing for 0 frames and one error chunk for a bad count', async () => {
    const chunks = await chunked(
      [
        wireQuery('Z', { scenario: 'multi_frame', frames: 0 }),
        wireQuery('X', { scenario: 'multi_frame', frames: MAX_FRAMES + 1 }),
      ],
      pb.pluginv2.DataFrameFormat.ARROW,
    );
    expect(chunks.filter((c) => c.refId === 'Z')).toEqual([]);
    expect(chunks.filter((c) => c.refId === 'X')).toMatchObject([
      { frameId: '', status: 400, errorSource: 'plugin', error: expect.stringContaining('from 0 to 1000') },
    ]);
  });
});
